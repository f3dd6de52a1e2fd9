"""Demo resources: every link the talk names."""

from home.demo import child_page

from .models import ResourceIndexPage, ResourcePage


def load_resources(home):
    index, _ = child_page(
        home,
        ResourceIndexPage,
        "resources",
        title="Resources",
        intro="Tools, communities and people that help developers market what they build.",
    )
    for slug, title, url, description, featured in RESOURCES:
        child_page(
            index,
            ResourcePage,
            slug,
            title=title,
            external_url=url,
            description=description,
            featured=featured,
        )
    return index


RESOURCES = [
    (
        "segment",
        "Segment",
        "https://segment.com/",
        "Collects events once and forwards them to every analytics tool you try, so switching tools costs no code.",
        True,
    ),
    (
        "briefmetrics",
        "Briefmetrics",
        "https://briefmetrics.com/",
        "Emails you a plain-language summary of your analytics, for founders who never open a dashboard.",
        True,
    ),
    (
        "hacker-news",
        "Hacker News",
        "https://news.ycombinator.com/",
        "A large technical audience that can send a flood of readers, or none. Worth a try; never the whole plan.",
        True,
    ),
]
