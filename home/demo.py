"""Demo content for the landing page, the plain pages, navigation and site settings.

The content itself lives in JSON files in `home/demo/` (landing.json, pages.json, site.json); this module reads them.
Every helper here creates what is missing and leaves what exists alone, so `load_demo` can run any number of times
without overwriting an editor's changes.
"""

import io
import json
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtailseo.models import SeoSettings

from .models import HomePage, NavigationSettings, SocialMediaSettings, StandardPage
from .seo import BRAND_BG, BRAND_TEXT, CARD_SIZE, card_font


def read_demo_data(module_file, name):
    """The JSON file `name` in the `demo/` folder next to `module_file`, whatever the working directory."""
    return json.loads((Path(module_file).resolve().parent / "demo" / name).read_text(encoding="utf-8"))


def stream(blocks):
    """StreamField content as stored in JSON, a list of {"type", "value"}, as the (type, value) pairs a field takes."""
    return [(block["type"], block["value"]) for block in blocks]


LANDING = read_demo_data(__file__, "landing.json")
PAGES = read_demo_data(__file__, "pages.json")
SITE = read_demo_data(__file__, "site.json")

SITE_NAME = SITE["site_name"]
HOME_BODY = stream(LANDING["body"])


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
        home, _ = child_page(
            root,
            HomePage,
            LANDING["slug"],
            title=LANDING["title"],
            search_description=LANDING.get("search_description", ""),
            body=HOME_BODY,
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    if site.root_page_id != home.pk or not site.site_name:
        site.root_page = home
        site.site_name = site.site_name or SITE_NAME
        site.save()
    follow_base_url(site)
    return home, site


LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104 (names, not a bind address)


def follow_base_url(site):
    """Point a local default Site (Wagtail's localhost:80 placeholder, or the address of an earlier `make run`) at
    BASE_URL, so `PORT=9000 make run` links to port 9000. A Site an editor gave a real domain is left alone."""
    base = urlsplit(settings.BASE_URL)
    hostname = base.hostname or "localhost"
    port = base.port or (443 if base.scheme == "https" else 80)
    taken = Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists()
    if site.hostname in LOCAL_HOSTS and (site.hostname, site.port) != (hostname, port) and not taken:
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
    return site


def load_pages(home):
    """The plain pages under the landing page (about, privacy), in the order of pages.json."""
    pages = []
    for data in PAGES:
        page, _ = child_page(
            home,
            StandardPage,
            data["slug"],
            title=data["title"],
            intro=data["intro"],
            search_description=data.get("search_description", ""),
            body=stream(data["body"]),
        )
        pages.append(page)
    return pages


def load_settings(site, links):
    """Navigation and social accounts, written only while the editor has not set any."""
    nav = NavigationSettings.for_site(site)
    if not nav.header_links and not nav.footer_links:
        navigation = SITE["navigation"]
        nav.header_links = [("link", {"page": page, "label": "", "external_url": ""}) for page in links["header"]]
        nav.header_cta = [
            ("link", {"page": None, "label": navigation["subscribe_label"], "external_url": links["subscribe"]})
        ]
        nav.footer_links = [("link", {"page": page, "label": "", "external_url": ""}) for page in links["footer"]]
        nav.footer_text = navigation["footer_text"]
        nav.save()
    social = SocialMediaSettings.for_site(site)
    if not social.accounts:
        social.accounts = [("account", account) for account in SITE["social_accounts"]]
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
    draw.text((84, 380), SITE["seo"]["social_image_tagline"], font=card_font(44), fill=(219, 234, 254))


def _draw_logo(draw, size):
    width, height = size
    draw.rounded_rectangle([48, 48, width - 48, height - 48], radius=64, outline=BRAND_TEXT, width=24)
    draw.text((width // 2, height // 2), "P", font=card_font(260), fill=BRAND_TEXT, anchor="mm")


def load_seo_settings(site):
    """Organisation, logo, default social image and Twitter handle, each filled only while the editor left it blank."""
    seo = SeoSettings.for_site(site)
    changed = False
    if not seo.struct_org_type:
        seo.struct_org_type, changed = SITE["seo"]["struct_org_type"], True
    if not seo.struct_org_name:
        seo.struct_org_name, changed = SITE_NAME, True
    if not seo.twitter_site:
        seo.twitter_site, changed = SITE["seo"]["twitter_site"], True
    if seo.og_image_default_id is None:
        seo.og_image_default, changed = demo_image(f"{SITE_NAME} social image", CARD_SIZE, _draw_social), True
    if seo.struct_org_logo_id is None:
        seo.struct_org_logo, changed = demo_image(f"{SITE_NAME} logo", (512, 512), _draw_logo), True
    if changed:
        seo.save()
    return seo
