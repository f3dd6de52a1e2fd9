"""Demo content for the landing page, the plain pages, navigation and site settings.

Every helper here creates what is missing and leaves what exists alone, so `load_demo` can run any number of times
without overwriting an editor's changes.
"""

import io
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtailseo.models import SeoSettings

from .models import HomePage, NavigationSettings, SocialMediaSettings, StandardPage
from .seo import BRAND_BG, BRAND_TEXT, CARD_SIZE, card_font

SITE_NAME = "Patchwork"


def child_page(parent, model, slug, **fields):
    """The child of `parent` with this slug, created and published if missing. Returns (page, created)."""
    existing = parent.get_children().filter(slug=slug).specific().first()
    if existing is not None:
        return existing, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


@transaction.atomic
def load_home():
    """The landing page at the root of the default site, replacing Wagtail's welcome page."""
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's migrations leave a plain "Welcome" page where our landing page belongs.
        for page in root.get_children().exact_type(Page):
            if not page.get_children().exists():
                page.delete()
        home, _ = child_page(root, HomePage, "home", title="Patchwork", body=HOME_BODY)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    if site.root_page_id != home.pk or not site.site_name:
        site.root_page = home
        site.site_name = site.site_name or SITE_NAME
        if (site.hostname, site.port) == ("localhost", 80):
            # Wagtail's placeholder: use the configured public address instead.
            base = urlsplit(settings.BASE_URL)
            site.hostname = base.hostname or "localhost"
            site.port = base.port or (443 if base.scheme == "https" else 80)
        site.save()
    return home, site


def load_pages(home):
    about, _ = child_page(home, StandardPage, "about", title="About", intro=ABOUT_INTRO, body=ABOUT_BODY)
    privacy, _ = child_page(home, StandardPage, "privacy", title="Privacy", intro=PRIVACY_INTRO, body=PRIVACY_BODY)
    return about, privacy


def load_settings(site, links):
    """Navigation and social accounts, written only while the editor has not set any."""
    nav = NavigationSettings.for_site(site)
    if not nav.header_links and not nav.footer_links:
        nav.header_links = [("link", {"page": page, "label": "", "external_url": ""}) for page in links["header"]]
        nav.header_cta = [("link", {"page": None, "label": "Subscribe", "external_url": links["subscribe"]})]
        nav.footer_links = [("link", {"page": page, "label": "", "external_url": ""}) for page in links["footer"]]
        nav.footer_text = "Made by one developer, for developers."
        nav.save()
    social = SocialMediaSettings.for_site(site)
    if not social.accounts:
        social.accounts = [
            ("account", {"network": "mastodon", "url": "https://mastodon.social/@patchwork", "handle": "@patchwork"}),
            ("account", {"network": "github", "url": "https://github.com/patchwork-demo", "handle": ""}),
            ("account", {"network": "bluesky", "url": "https://bsky.app/profile/patchwork.example", "handle": ""}),
        ]
        social.save()
    load_seo_settings(site)


def demo_image(title, size, draw):
    """The Wagtail image with this title, drawn with Pillow and saved if missing."""
    from PIL import Image, ImageDraw

    Image_ = get_image_model()
    existing = Image_.objects.filter(title=title).first()
    if existing is not None:
        return existing
    canvas = Image.new("RGB", size, BRAND_BG)
    draw(ImageDraw.Draw(canvas), size)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    slug = title.lower().replace(" ", "-")
    image = Image_(title=title, file=ImageFile(buffer, name=f"{slug}.png"))
    image.save()
    return image


def _draw_social(draw, size):
    _, height = size
    draw.rectangle([0, 0, 16, height], fill=BRAND_TEXT)
    draw.text((80, 220), SITE_NAME, font=card_font(120), fill=BRAND_TEXT)
    draw.text((84, 380), "Release notes your users actually read", font=card_font(44), fill=(219, 234, 254))


def _draw_logo(draw, size):
    width, height = size
    draw.rounded_rectangle([48, 48, width - 48, height - 48], radius=64, outline=BRAND_TEXT, width=24)
    draw.text((width // 2, height // 2), "P", font=card_font(260), fill=BRAND_TEXT, anchor="mm")


def load_seo_settings(site):
    """Organisation, logo, default social image and Twitter handle, each filled only while the editor left it blank."""
    seo = SeoSettings.for_site(site)
    changed = False
    if not seo.struct_org_type:
        seo.struct_org_type, changed = "Organization", True
    if not seo.struct_org_name:
        seo.struct_org_name, changed = SITE_NAME, True
    if not seo.twitter_site:
        seo.twitter_site, changed = "patchworkdev", True
    if seo.og_image_default_id is None:
        seo.og_image_default, changed = demo_image(f"{SITE_NAME} social image", CARD_SIZE, _draw_social), True
    if seo.struct_org_logo_id is None:
        seo.struct_org_logo, changed = demo_image(f"{SITE_NAME} logo", (512, 512), _draw_logo), True
    if changed:
        seo.save()
    return seo


HOME_BODY = [
    (
        "hero",
        {
            "eyebrow": "Open beta: free for small teams",
            "headline": "Release notes your users actually read",
            "subheading": (
                "Patchwork turns your merged pull requests into a friendly changelog, an in-app update feed and a "
                "monthly email, so the work you ship stops disappearing into git log."
            ),
            "primary_cta": {"label": "See how it works", "page": None, "external_url": "https://example.com/tour/"},
            "secondary_cta": {"label": "", "page": None, "external_url": ""},
            "show_signup": True,
        },
    ),
    (
        "value_propositions",
        {
            "heading": "Shipping is half the job",
            "intro": "Nobody can love a feature they never heard about. Patchwork does the telling for you.",
            "items": [
                {
                    "title": "Written from your commits",
                    "text": "Pull request titles and labels become a readable draft. You edit; you don't start from a "
                    "blank page.",
                },
                {
                    "title": "Everywhere your users are",
                    "text": "One entry feeds a public changelog page, a widget inside your app and an email digest.",
                },
                {
                    "title": "Proof that you're alive",
                    "text": "A steady drumbeat of improvements is the cheapest marketing a small product has.",
                },
            ],
        },
    ),
    (
        "social_proof",
        {
            "heading": "Builders already on the list",
            "show_subscriber_count": True,
            "subscriber_count_label": "developers get our launch notes",
            "minimum_count": 10,
            "testimonials": [
                {
                    "quote": "Our changelog went from a stale markdown file to the page customers mention in calls.",
                    "name": "Priya N.",
                    "role": "Founder of a two-person analytics startup",
                },
                {
                    "quote": "I used to skip release notes because writing them felt like homework. Now it takes "
                    "five minutes on Friday.",
                    "name": "Tomás R.",
                    "role": "Solo developer",
                },
            ],
        },
    ),
    ("featured_posts", {"heading": "Notes on marketing for developers", "posts": [], "count": 3}),
    ("featured_resources", {"heading": "Tools and places we recommend", "resources": [], "count": 3}),
    (
        "signup",
        {
            "heading": "Be first in line",
            "text": "One short email when Patchwork opens up, and a new essay now and then. Unsubscribe in one click.",
            "button_label": "Join the list",
        },
    ),
]

ABOUT_INTRO = (
    "Patchwork is built by one developer who would rather write code than marketing copy, and learned to do both."
)
ABOUT_BODY = [
    (
        "text",
        {
            "heading": "Why this exists",
            "body": (
                "<p>Every product I shipped before Patchwork had the same problem: the improvements were real, but "
                "only the people reading the commit log knew about them. Patchwork is the tool I wanted, and this "
                "blog is where I write down what I learn while getting it in front of people.</p>"
            ),
        },
    ),
    (
        "signup",
        {"heading": "Follow along", "text": "New posts and launch news, by email.", "button_label": "Subscribe"},
    ),
]
PRIVACY_INTRO = "What this site collects, why, and how to get rid of it."
PRIVACY_BODY = [
    (
        "text",
        {
            "heading": "Email addresses",
            "body": (
                "<p>If you subscribe, we keep your address, when you signed up and which page you signed up on. We use "
                "it only to send the newsletter. Every email has a one-click unsubscribe link.</p>"
                "<h3>Analytics</h3><p>We count page views without cookies and without storing IP addresses.</p>"
            ),
        },
    ),
]
