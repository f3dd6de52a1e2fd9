"""Demo blog posts, each drawn from a section of the talk "Marketing for Developers"."""

import datetime

from django.utils import timezone

from home.demo import child_page

from .models import BlogIndexPage, BlogPostPage


def load_blog(home):
    index, _ = child_page(
        home,
        BlogIndexPage,
        "blog",
        title="Blog",
        intro="Notes on getting a developer's product in front of the people who need it.",
    )
    start = timezone.make_aware(datetime.datetime(2026, 9, 1, 9, 0))
    for number, post in enumerate(POSTS):
        child_page(
            index,
            BlogPostPage,
            post["slug"],
            title=post["title"],
            summary=post["summary"],
            date=start + datetime.timedelta(days=7 * number),
            body=[
                ("paragraph", paragraph) if not paragraph.startswith("#") else ("heading", paragraph[2:])
                for paragraph in post["body"]
            ],
        )
    return index


POSTS = [
    {
        "slug": "know-who-you-are-building-for",
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
    },
    {
        "slug": "a-landing-page-and-a-list",
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
