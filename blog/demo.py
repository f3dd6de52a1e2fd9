"""Demo blog posts, each drawn from a section of the talk "Marketing for Developers".

The authors and the posts (text, dates, tags, StreamField bodies) are in `blog/demo/authors.json` and `posts.json`.
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

from home.demo import child_page, read_demo_data, stream

from .models import Author, BlogIndexPage, BlogPostAuthor, BlogPostPage

AUTHORS = read_demo_data(__file__, "authors.json")
BLOG = read_demo_data(__file__, "posts.json")

# Hero backgrounds, given to the posts in turn: (left colour, right colour) of the gradient.
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


def demo_image(title, drawing, description=""):
    """The Wagtail image with this title, drawn and saved if missing, described for its alt text."""
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
    image = Image(title=title, description=description, file=ImageFile(buffer, name=filename))
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
    index, _ = child_page(home, BlogIndexPage, **BLOG["index"])
    authors = load_authors()
    for number, post in enumerate(BLOG["posts"]):
        if index.get_children().filter(slug=post["slug"]).exists():
            continue
        hero = demo_image(
            f"{post['title']} (demo hero)",
            partial(draw_hero, post["title"], PALETTES[number % len(PALETTES)]),
            description=post["hero_alt"],  # the image library holds the alt text; posts override it only if needed
        )
        page = BlogPostPage(
            slug=post["slug"],
            title=post["title"],
            summary=post["summary"],
            date=timezone.make_aware(datetime.datetime.fromisoformat(post["date"])),
            hero_image=hero,
            body=stream(post["body"]),
        )
        page.post_authors = [
            BlogPostAuthor(author=authors[slug], sort_order=order) for order, slug in enumerate(post["authors"])
        ]
        page.tags.add(*post["tags"])
        index.add_child(instance=page)
        page.save_revision().publish()
    return index
