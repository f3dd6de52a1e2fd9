"""Demo blog posts, each drawn from a section of the talk "Marketing for Developers".

The hero images and author portraits are drawn here with Pillow when the demo loads, so the repository ships no
binary files and they carry the project's own licence (see blog/DEMO_IMAGES.md).
"""

import datetime
import io
from functools import partial

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection

from home.demo import child_page

from .models import Author, BlogIndexPage, BlogPostAuthor, BlogPostPage

AUTHORS = [
    {
        "slug": "ada-park",
        "name": "Ada Park",
        "role": "Founder",
        "bio": "Ada shipped three side projects before one of them found customers. She writes about launching.",
        "color": (29, 78, 216),
    },
    {
        "slug": "sam-okafor",
        "name": "Sam Okafor",
        "role": "Engineer",
        "bio": "Sam builds the product and, since last spring, also the mailing list. He writes about measuring.",
        "color": (180, 83, 9),
    },
]

PALETTES = [
    ((29, 78, 216), (125, 211, 252)),
    ((22, 101, 52), (190, 242, 100)),
    ((147, 51, 234), (251, 207, 232)),
    ((180, 83, 9), (253, 230, 138)),
    ((15, 118, 110), (153, 246, 228)),
    ((190, 18, 60), (254, 205, 211)),
]


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1 has one bitmap size only
        return ImageFont.load_default()


def draw_hero(text, palette, size=(1600, 800)):
    """A diagonal gradient with a few circles and the post's title: recognisable, tiny, and ours to license."""
    (r1, g1, b1), (r2, g2, b2) = palette
    width, height = size
    image = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for x in range(0, width, 4):
        t = x / width
        color = (int(r1 + (r2 - r1) * t), int(g1 + (g2 - g1) * t), int(b1 + (b2 - b1) * t))
        draw.rectangle([x, 0, x + 4, height], fill=color)
    for i in range(5):
        radius = 60 + 40 * i
        cx, cy = width - 220 - 150 * i, 160 + 90 * (i % 3)
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], outline=(255, 255, 255), width=6)
    draw.text((80, height - 200), text, fill=(255, 255, 255), font=_font(72))
    return image


def draw_portrait(initials, color, size=(384, 384)):
    image = PILImage.new("RGB", size, color)
    draw = ImageDraw.Draw(image)
    draw.text((size[0] // 2, size[1] // 2), initials, fill=(255, 255, 255), font=_font(160), anchor="mm")
    return image


def demo_image(title, drawing):
    """The Wagtail image with this title, drawn and saved if missing."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    if Collection.get_first_root_node() is None:
        # Wagtail's migration creates it; a flushed database (transactional tests) may not have it.
        Collection.add_root(name="Root")
    buffer = io.BytesIO()
    drawing().save(buffer, format="PNG", optimize=True)
    filename = "demo-" + "".join(c if c.isalnum() else "-" for c in title.lower())[:60] + ".png"
    image = Image(title=title, file=ImageFile(buffer, name=filename))
    image.save()
    return image


def load_authors():
    authors = {}
    for data in AUTHORS:
        author = Author.objects.filter(slug=data["slug"]).first()
        if author is None:
            initials = "".join(part[0] for part in data["name"].split())
            photo = demo_image(f"Portrait of {data['name']} (demo)", partial(draw_portrait, initials, data["color"]))
            author = Author.objects.create(
                slug=data["slug"], name=data["name"], role=data["role"], bio=data["bio"], photo=photo
            )
        authors[data["slug"]] = author
    return authors


def load_blog(home):
    index, _ = child_page(
        home,
        BlogIndexPage,
        "blog",
        title="Blog",
        intro="Notes on getting a developer's product in front of the people who need it.",
    )
    authors = load_authors()
    start = timezone.make_aware(datetime.datetime(2026, 9, 1, 9, 0))
    for number, post in enumerate(POSTS):
        if index.get_children().filter(slug=post["slug"]).exists():
            continue
        hero = demo_image(
            f"{post['title']} (demo hero)", partial(draw_hero, post["title"], PALETTES[number % len(PALETTES)])
        )
        page = BlogPostPage(
            slug=post["slug"],
            title=post["title"],
            summary=post["summary"],
            date=start + datetime.timedelta(days=7 * number),
            hero_image=hero,
            hero_alt=post["alt"],
            body=[
                ("paragraph", paragraph) if not paragraph.startswith("#") else ("heading", paragraph[2:])
                for paragraph in post["body"]
            ]
            + post.get("extra", []),
        )
        page.post_authors = [
            BlogPostAuthor(author=authors[slug], sort_order=order) for order, slug in enumerate(post["authors"])
        ]
        page.tags.add(*post["tags"])
        index.add_child(instance=page)
        page.save_revision().publish()
    return index


POSTS = [
    {
        "slug": "know-who-you-are-building-for",
        "authors": ["ada-park"],
        "tags": ["audience", "positioning"],
        "alt": "A blue gradient with white circles and the title",
        "title": "Know who you are building for",
        "summary": "Building for yourself is the easy case. When the customer is someone else, go where they are and "
        "watch how they work before you write a line of copy.",
        "body": [
            "<p>Developers are lucky when they scratch their own itch: every decision can be checked against their "
            "own habits. The moment the buyer is a dentist, a teacher or a logistics manager, that shortcut is "
            "gone.</p>",
            "# Go where they gather",
            "<p>Meetups, trade events and small regional conferences are full of people describing their problems "
            "out loud. Listen for the words they use; those words belong on your landing page.</p>",
            "<p>Write down what tools they already pay for and what annoys them about each. That list is your "
            "positioning, and it costs a train ticket.</p>",
        ],
    },
    {
        "slug": "add-analytics-before-you-need-them",
        "authors": ["sam-okafor"],
        "tags": ["analytics", "launch"],
        "alt": "A green gradient with white circles and the title",
        "title": "Add analytics before you need them",
        "summary": "You can't improve a launch you didn't measure. Set up privacy-friendly analytics on day one and "
        "have the numbers mailed to you every week.",
        "body": [
            "<p>The week after a launch is the week you most want to know what worked, and the week you have the "
            "least time to wire up tracking. Do it before.</p>",
            "# Measure little, but measure from the start",
            "<p>Page views, where visitors came from, and how many of them joined the email list: three numbers are "
            "enough to tell a good week from a bad one. Skip the dashboards you will never open.</p>",
            "<p>A weekly digest in your inbox beats a dashboard you have to remember to visit. Our analytics digest "
            "arrives on Monday morning with the change against the week before.</p>",
        ],
        "extra": [
            (
                "code",
                {
                    "language": "python",
                    "code": "# Three numbers are enough for a weekly check.\n"
                    "weekly = {\n"
                    '    "visitors": visits.filter(week=this_week).count(),\n'
                    '    "sources": visits.values("referrer").distinct().count(),\n'
                    '    "signups": subscribers.filter(week=this_week).count(),\n'
                    "}",
                    "caption": "Count little, from the first day.",
                },
            ),
            ("quote", {"quote": "You can't improve a launch you didn't measure.", "attribution": "The talk"}),
        ],
    },
    {
        "slug": "a-landing-page-and-a-list",
        "authors": ["ada-park", "sam-okafor"],
        "tags": ["email", "landing page", "launch"],
        "alt": "A purple gradient with white circles and the title",
        "title": "A landing page and a list, before the product",
        "summary": "A single page that explains the idea and collects email addresses turns curiosity into your first "
        "users. Start it long before launch day.",
        "body": [
            "<p>An email list is the only audience you own. Social networks change their algorithms; a search engine "
            "can bury you overnight; your list stays yours.</p>",
            "# One page, one promise, one form",
            "<p>Say what the product does in one sentence, show who it is for, and ask for an email address. A hosted "
            "page or a static site is plenty.</p>",
            "<p>When you finally launch, the people on that list are the ones who open the email, try the product and "
            "tell you what is broken.</p>",
        ],
    },
    {
        "slug": "launch-before-you-are-ready",
        "authors": ["ada-park"],
        "tags": ["launch"],
        "alt": "An amber gradient with white circles and the title",
        "title": "Launch before you are ready",
        "summary": "Perfect is a moving target. Ship the smallest version that helps someone, then let real users "
        "reshape the roadmap.",
        "body": [
            "<p>Every week spent polishing in private is a week of guessing. The first real users will ignore "
            "features you sweated over and ask for ones you never considered.</p>",
            "# Smaller than comfortable",
            "<p>Cut the launch scope until it feels slightly embarrassing, then ship it. Features can follow; the "
            "feedback can't start until something is out.</p>",
        ],
    },
    {
        "slug": "write-even-when-it-is-hard",
        "authors": ["sam-okafor", "ada-park"],
        "tags": ["writing", "email"],
        "alt": "A teal gradient with white circles and the title",
        "title": "Write, even when it is hard",
        "summary": "Posts that teach something are promotion that doesn't feel like promotion, and they keep working "
        "in search results for years. Draft fast, edit later.",
        "body": [
            "<p>Writing is the marketing channel that compounds. A useful post brings readers long after you have "
            "forgotten writing it, and each of them sees your product on the way.</p>",
            "# Two passes, never one",
            "<p>Write the first draft without stopping to fix anything. Revise it the next day, as a separate job. "
            "Mixing the two is why a blank page feels so heavy.</p>",
            "<p>Then tell your email list. Send when your readers are at their desks, not when you happen to "
            "finish.</p>",
        ],
    },
    {
        "slug": "where-to-share-what-you-wrote",
        "authors": ["sam-okafor"],
        "tags": ["distribution", "writing", "community"],
        "alt": "A red gradient with white circles and the title",
        "title": "Where to share what you wrote",
        "summary": "Hacker News, reddit, social accounts and short personal emails each reward a different style. "
        "Here is how to use them without sounding like an ad.",
        "body": [
            "<p>Posting a link is not distribution. Each place has its own manners, and breaking them costs more "
            "than staying quiet.</p>",
            "# Communities",
            "<p>Submit to Hacker News, but never plan around it. Subreddits welcome useful posts and punish thinly "
            "veiled advertising. Share from your personal account as well as the product's.</p>",
            "# People",
            "<p>A short, personal email that offers an obvious benefit still works. Write each one by hand and "
            "follow up once. Featuring related businesses and makers on your blog earns you their audience's "
            "goodwill too.</p>",
        ],
    },
]
