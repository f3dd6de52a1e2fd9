"""SEO machinery shared by every page: lengths, absolute URLs, social cards and JSON-LD.

Pages get it through `SeoPageMixin` on BasePage (home/models.py). Nothing here imports our models at module level,
so models.py can import it.
"""

import functools
import hashlib
import html
import io
import json
import logging
import re
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage
from wagtail.models import Page
from wagtailseo import settings as wagtailseo_settings
from wagtailseo.models import SeoType

logger = logging.getLogger(__name__)

# What search engines show before cutting off (Google: ~60 characters of title, ~160 of description;
# 110 characters is the Article headline limit in Google's structured data guidelines).
TITLE_MAX = 60
DESCRIPTION_MAX = 160
DESCRIPTION_MIN = 50
HEADLINE_MAX = 110
CARD_SIZE = (1200, 630)
# Bump when the card design changes: every card is drawn again under a new file name.
CARD_VERSION = 1
CARD_DIR = "social-cards"
BRAND_BG = (29, 78, 216)  # --color-accent in site.css
BRAND_TEXT = (255, 255, 255)
FONT_CANDIDATES = [
    # Debian's fonts-dejavu-core; wide Unicode coverage for titles in any Latin, Greek or Cyrillic script.
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
]


def plain_text(value) -> str:
    """Text without markup and with whitespace collapsed: rich text and fields may carry either."""
    if not value:
        return ""
    text = html.unescape(strip_tags(str(value)))
    return re.sub(r"\s+", " ", text).strip()


def truncate(text: str, limit: int) -> str:
    """`text` cut at a word boundary so that, with an ellipsis, it fits in `limit` characters."""
    text = plain_text(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-\u2013\u2014\u00b7|") + "…"


def absolute_url(url: str) -> str:
    """`url` on settings.BASE_URL, unless it is already absolute (media on a CDN, an editor's canonical URL)."""
    if not url:
        return settings.BASE_URL + "/"
    if urlsplit(url).scheme:
        return url
    if url.startswith("//"):
        return urlsplit(settings.BASE_URL).scheme + ":" + url
    return settings.BASE_URL + "/" + url.lstrip("/")


def same_origin_url(url: str) -> str:
    """`url` as a path when it is on BASE_URL: the editor may reach the admin on another host name than BASE_URL
    (a staging copy, localhost), and the preview must show the image wherever the editor is."""
    base = settings.BASE_URL.rstrip("/")
    if url.startswith(base + "/"):
        return url[len(base) :]
    return url


def image_alt(image, override="") -> str:
    """An image's alternative text: the editor's override where it is used, else its description in the library."""
    return plain_text(override) or plain_text(getattr(image, "description", ""))


def page_path(page, request=None) -> str | None:
    """The page's path relative to its site root, or None when it is not routable."""
    parts = page.get_url_parts(request)
    if parts is None:
        return None
    return parts[2]


def site_noindex() -> bool:
    return settings.SEO_NOINDEX


def json_ld(data) -> str:
    """JSON safe inside a <script> element: `<`, `>` and `&` escaped as in Django's json_script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")


# --- Social cards ----------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def card_font(size):
    from PIL import ImageFont

    for path in [*settings.SEO_CARD_FONTS, *FONT_CANDIDATES]:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    # Pillow >= 10.1 with FreeType ships a scalable default font (Latin only).
    return ImageFont.load_default(size=size)


def _wrap(draw, text, font, width):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _fit_title(draw, title, width, max_lines=4):
    """The largest font size at which the title fits in `max_lines` lines; cut with an ellipsis if even 44px won't."""
    for size in (84, 76, 68, 60, 52, 44):
        font = card_font(size)
        lines = _wrap(draw, title, font, width)
        if len(lines) <= max_lines:
            return font, size, lines
    lines = lines[:max_lines]
    lines[-1] = truncate(lines[-1] + " …", len(lines[-1]))
    return font, size, lines


def render_card(title: str, site_name: str, domain: str) -> bytes:
    """A 1200x630 PNG: the title in the site's colours and font."""
    from PIL import Image, ImageDraw

    width, height = CARD_SIZE
    card = Image.new("RGB", CARD_SIZE, BRAND_BG)
    draw = ImageDraw.Draw(card)
    margin = 80
    draw.rectangle([0, 0, 16, height], fill=(255, 255, 255))
    draw.text((margin, 64), site_name.upper(), font=card_font(32), fill=(219, 234, 254))
    font, size, lines = _fit_title(draw, title, width - 2 * margin)
    line_height = int(size * 1.2)
    top = (height - line_height * len(lines)) // 2 + 10
    for index, line in enumerate(lines):
        draw.text((margin, top + index * line_height), line, font=font, fill=BRAND_TEXT)
    draw.text((margin, height - 96), domain, font=card_font(30), fill=(219, 234, 254))
    buffer = io.BytesIO()
    card.save(buffer, format="PNG")  # optimize=True would double the drawing time for ~10% smaller files
    return buffer.getvalue()


def social_card_url(title: str, site_name: str) -> str:
    """Absolute URL of the generated card for this title: drawn once, then served as a stored file.

    The file name is a hash of everything drawn on it, so an edited title gets a new card and an unchanged one is
    never drawn again; no database rows are written.
    """
    domain = urlsplit(settings.BASE_URL).hostname or ""
    digest = hashlib.sha256("\x1f".join([str(CARD_VERSION), title, site_name, domain]).encode()).hexdigest()[:32]
    cache_key = f"seo:card:{digest}"
    url = cache.get(cache_key)
    if url:
        return url
    name = f"{CARD_DIR}/{digest}.png"
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(render_card(title, site_name, domain)))
        if saved != name:  # another process drew the same card meanwhile
            default_storage.delete(saved)
    url = absolute_url(default_storage.url(name))
    cache.set(cache_key, url, 60 * 60 * 24)
    return url


# --- The page mixin --------------------------------------------------------------------------------------------


class SeoPageMixin:
    """Overrides wagtail-seo's SeoMixin so that nothing comes out empty, too long or on the wrong host.

    Hooks a page type may set or override:
    - `seo_image_sources`: image attributes, best first (e.g. ["og_image", "hero_image"]); images smaller than
      1200x630 are skipped, and with none left the page gets a generated title card.
    - `seo_description_sources`: text attributes, best first.
    - `seo_item_list_source`: name of the context variable (or, failing that, the attribute) whose items become
      an ItemList (index pages).
    - `get_structured_data_authors()`: schema.org Person/Organization dicts for BlogPosting's author.
    - `get_structured_data_main(request, context)`: the page's main JSON-LD object.
    - `get_sitemap_urls(request)`: add archive URLs with `super().get_sitemap_urls(request) + [...]`.
    """

    seo_image_sources = ["og_image"]
    seo_description_fallbacks = ["listing_summary", "intro", "summary", "description"]
    seo_item_list_source = None
    seo_item_list_limit = 50

    # -- Text -----------------------------------------------------------------------------------------------------

    @property
    def seo_sitename(self) -> str:
        site = self.get_site()
        return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME

    @property
    def seo_listing(self) -> dict | None:
        """What set_seo_listing said about the listing being rendered (an archive, a later page), else None."""
        return self.__dict__.get("seo_listing_parts")

    def set_seo_listing(self, request, title=None, description=None, number=None):
        """A listing route names itself: an archive has its own title and description, and every page of a listing
        is its own canonical URL (`?page=2` is not page 1), titled and described with its number."""
        number = number or page_number(request)  # the paginator's page: `?page=999` shows the last one
        if title is None and description is None and number == 1:
            return
        if title is None:
            title = plain_text(self.seo_title) or plain_text(self.title)
        description = plain_text(description) or self.seo_own_description()
        if number > 1:
            description = f"Page {number}. {description}"
        self.__dict__["seo_listing_parts"] = {
            "title": with_page_number(plain_text(title), number),
            "description": description,
            "number": number,
        }

    @property
    def seo_pagetitle(self) -> str:
        listing = self.seo_listing
        if self.seo_title and listing is None:
            return truncate(self.seo_title, TITLE_MAX)
        title = listing["title"] if listing else plain_text(self.title)
        site_name = self.seo_sitename
        full = f"{title} {wagtailseo_settings.get('WAGTAILSEO_SEP')} {site_name}"
        if title == site_name or len(full) > TITLE_MAX:
            return truncate(title, TITLE_MAX)
        return full

    @property
    def seo_headline(self) -> str:
        """The SEO title without the site name: BlogPosting's headline."""
        if self.seo_listing:
            return truncate(self.seo_listing["title"], HEADLINE_MAX)
        return truncate(self.seo_title or self.title, HEADLINE_MAX)

    @property
    def seo_description(self) -> str:
        if self.seo_listing:
            return truncate(self.seo_listing["description"], DESCRIPTION_MAX)
        return truncate(self.seo_own_description(), DESCRIPTION_MAX)

    def seo_own_description(self) -> str:
        """The page's own words: the editor's description, a summary or intro, else the opening of its body (the
        landing page's hero text). Never the site's name: a search engine would show that for every page."""
        for attr in [*self.seo_description_sources, *self.seo_description_fallbacks]:
            text = plain_text(getattr(self, attr, ""))
            if text:
                return text
        return self.seo_body_text() or plain_text(self.title)

    def seo_body_text(self) -> str:
        """The text of the page's `body` StreamField, through each block's searchable content (Wagtail's API)."""
        body = getattr(self, "body", None)
        stream_block = getattr(body, "stream_block", None)
        if not body or stream_block is None:
            return ""
        words = []
        for text in stream_block.get_searchable_content(body):
            words.append(plain_text(text))
            if sum(len(word) for word in words) > DESCRIPTION_MAX:
                break
        return " ".join(word for word in words if word)

    @property
    def seo_author(self) -> str:
        return ", ".join(author["name"] for author in self.get_structured_data_authors())

    @property
    def seo_noindex(self) -> bool:
        if site_noindex() or getattr(self, "noindex", False):
            return True
        # A section a feature app hides for now (home/visibility.py), read once per request being served.
        request = getattr(self, "_seo_request", None)
        if request is None or not getattr(self, "path", None):
            return False
        from .visibility import visibility

        return visibility(self, request) is not None

    # -- URLs -----------------------------------------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        # Canonical URLs of RoutablePageMixin sub-routes (tag and author archives) are their own path, not the page's.
        match = getattr(request, "routable_resolver_match", None)
        self._seo_route_path = request.path if match is not None and match.route else None
        self._seo_request = request
        return super().get_context(request, *args, **kwargs)

    def site_setting(self, model):
        """A site setting, shared with the templates' `settings` when rendering a request: one query, not two."""
        request = getattr(self, "_seo_request", None)
        return model.for_request(request) if request is not None else model.for_site(self.get_site())

    @cached_property
    def seo_org_fields(self):
        from wagtailseo.models import SeoSettings

        return self.site_setting(SeoSettings)

    def get_seo_path(self, request=None) -> str:
        path = getattr(self, "_seo_route_path", None) or page_path(self, request) or "/"
        if self.seo_listing and self.seo_listing["number"] > 1:
            path += f"?page={self.seo_listing['number']}"
        return path

    @property
    def seo_canonical_url(self) -> str:
        for attr in self.canonical_url_sources:
            url = getattr(self, attr, "")
            if url:
                return url
        return absolute_url(self.get_seo_path())

    # -- Image ----------------------------------------------------------------------------------------------------

    @property
    def seo_image(self) -> AbstractImage | None:
        """The editor's image, when one is big enough for a large social card."""
        for attr in self.seo_image_sources:
            image = getattr(self, attr, None)
            if isinstance(image, AbstractImage) and image.width >= CARD_SIZE[0] and image.height >= CARD_SIZE[1]:
                return image
        return None

    @property
    def seo_image_alt(self) -> str:
        """What the social image shows, for og:image:alt: the page's own alt text for that image (a field named like
        the image with `_alt`, e.g. hero_alt), else the image's description in the library; a generated card shows
        the title."""
        for attr in self.seo_image_sources:
            image = getattr(self, attr, None)
            if image is not None and image is self.seo_image:
                return image_alt(image, getattr(self, attr.removesuffix("_image") + "_alt", "")) or self.seo_headline
        return self.seo_headline

    @cached_property
    def seo_image_url(self) -> str:
        """Absolute URL of a 1200x630 image: the editor's, the site's default on the home page, else a title card."""
        image = self.seo_image
        default = self.seo_org_fields.og_image_default
        if default is not None and (default.width < CARD_SIZE[0] or default.height < CARD_SIZE[1]):
            default = None
        site = self.get_site()
        if image is None and default is not None and site is not None and site.root_page_id == self.pk:
            image = default
        if image is not None:
            return absolute_url(image.get_rendition("fill-1200x630").url)
        try:
            return social_card_url(plain_text(self.seo_title or self.title), self.seo_sitename)
        except Exception:
            # Full disk, read-only storage: the default image beats an error page or an empty tag.
            logger.exception("Could not draw the social card for page %s", self.pk)
            if default is not None:
                return absolute_url(default.get_rendition("fill-1200x630").url)
            raise

    # -- Structured data ------------------------------------------------------------------------------------------

    def get_structured_data_authors(self) -> list[dict]:
        """BlogPosting's authors. Blog posts with an authors snippet override this; never an empty name."""
        owner = getattr(self, "owner", None)
        name = plain_text(owner.get_full_name()) if owner else ""
        if name:
            return [{"@type": "Person", "name": name}]
        return [self._structured_data_org_ref()]

    def _structured_data_org_ref(self) -> dict:
        return {"@type": "Organization", "@id": absolute_url("/#organization"), "name": self.seo_struct_org_name}

    def get_structured_data_organization(self) -> dict:
        # Asked for twice on a post (block and publisher); the social accounts cost a query each time.
        if "_structured_data_organization" not in self.__dict__:
            self.__dict__["_structured_data_organization"] = self._build_structured_data_organization()
        return dict(self.__dict__["_structured_data_organization"])

    def _build_structured_data_organization(self) -> dict:
        from .models import SocialMediaSettings

        org = self.seo_org_fields
        data = {
            "@type": org.struct_org_type or "Organization",
            "@id": absolute_url("/#organization"),
            "name": self.seo_struct_org_name,
            "url": absolute_url("/"),
        }
        if org.struct_org_logo:
            data["logo"] = {"@type": "ImageObject", "url": absolute_url(org.struct_org_logo.file.url)}
        same_as = [
            block.value.get("url")
            for block in self.site_setting(SocialMediaSettings).accounts
            if block.value.get("url")
        ]
        if same_as:
            data["sameAs"] = same_as
        return data

    def get_structured_data_website(self) -> dict:
        return {
            "@type": "WebSite",
            "@id": absolute_url("/#website"),
            "url": absolute_url("/"),
            "name": self.seo_sitename,
            "publisher": {"@id": absolute_url("/#organization")},
            "potentialAction": {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": absolute_url("/search/?q={search_term_string}")},
                "query-input": "required name=search_term_string",
            },
        }

    def get_structured_data_breadcrumbs(self, request=None) -> dict | None:
        site = self.get_site()
        if site is None or self.pk is None or self.pk == site.root_page_id:
            return None
        trail = self.ancestors_below_site_root(site)
        if trail is None:
            return None
        items = [
            {"@type": "ListItem", "position": index, "name": plain_text(page.title), "item": absolute_url(path)}
            for index, page in enumerate(trail, start=1)
            if (path := page_path(page, request)) is not None
        ]
        items.append(
            {
                "@type": "ListItem",
                "position": len(items) + 1,
                "name": plain_text(self.title),
                "item": self.seo_canonical_url,
            }
        )
        return {"@type": "BreadcrumbList", "itemListElement": items}

    def ancestors_below_site_root(self, site):
        """The site's root page down to this page's parent, or None when the page is outside the site.

        Through get_parent(): a page reached by routing knows its parent, and that parent its own, so no query.
        """
        trail, page = [], self
        while page.pk != site.root_page_id:
            page = page.get_parent()
            if page is None:
                return None
            trail.append(page)
        return trail[::-1]

    def get_structured_data_item_list(self, request=None, context=None) -> dict | None:
        if not self.seo_item_list_source:
            return None
        # The page being rendered already holds its listing in the template context; reuse it, not a new query.
        source = (context or {}).get(self.seo_item_list_source)
        if source is None:
            source = getattr(self, self.seo_item_list_source)
        items = list(source)[: self.seo_item_list_limit]
        return {
            "@type": "ItemList",
            "numberOfItems": len(items),
            "itemListElement": [
                {"@type": "ListItem", "position": index, "url": absolute_url(page_path(item, request) or "/")}
                for index, item in enumerate(items, start=1)
            ],
        }

    def get_structured_data_main(self, request=None, context=None) -> dict:
        common = {
            "@id": self.seo_canonical_url + "#main",
            "url": self.seo_canonical_url,
            "name": self.seo_headline,
            "description": self.seo_description,
            "isPartOf": {"@id": absolute_url("/#website")},
            "inLanguage": settings.LANGUAGE_CODE,
        }
        if self.seo_content_type == SeoType.ARTICLE:
            data = {
                "@type": "BlogPosting",
                "@id": self.seo_canonical_url + "#main",
                "mainEntityOfPage": {"@type": "WebPage", "@id": self.seo_canonical_url},
                "headline": self.seo_headline,
                "description": self.seo_description,
                "image": [self.seo_image_url],
                "datePublished": self.seo_published_at,
                "dateModified": self.last_published_at or self.seo_published_at,
                "author": self.get_structured_data_authors(),
                "publisher": self.get_structured_data_organization(),
                "inLanguage": settings.LANGUAGE_CODE,
            }
            return {key: value for key, value in data.items() if value is not None}
        item_list = self.get_structured_data_item_list(request, context)
        if item_list is not None:
            return {"@type": "CollectionPage", **common, "mainEntity": item_list}
        return {"@type": "WebPage", **common, "primaryImageOfPage": {"@type": "ImageObject", "url": self.seo_image_url}}

    def get_structured_data(self, request=None, context=None) -> list[dict]:
        """Every JSON-LD object for this page, each with its @context."""
        blocks = [
            self.get_structured_data_organization(),
            self.get_structured_data_website(),
            self.get_structured_data_main(request, context),
        ]
        breadcrumbs = self.get_structured_data_breadcrumbs(request)
        if breadcrumbs:
            blocks.append(breadcrumbs)
        return [{"@context": "https://schema.org", **block} for block in blocks]

    @property
    def seo_published_at(self):
        return getattr(self, "date", None) or self.first_published_at or self.last_published_at

    # -- Editor's SEO preview -------------------------------------------------------------------------------------

    def get_preview_template(self, request, mode_name):
        if mode_name == "wagtail-seo":
            # wagtail-seo's template styles itself with a <style> element, which the public policy blocks.
            return "home/seo_preview.html"
        return super().get_preview_template(request, mode_name)

    def get_preview_context(self, request, mode_name):
        if mode_name != "wagtail-seo":
            return super().get_preview_context(request, mode_name)
        # wagtail-seo's own version parses HTML without naming a parser (GuessedAtParserWarning, a 500 under -W
        # error) and checks lengths we already enforce; this one explains what the page will really show.
        context = Page.get_preview_context(self, request, mode_name)
        preview = self.serve_preview(request, self.default_preview_mode)
        if hasattr(preview, "render"):
            preview.render()
        soup = BeautifulSoup(preview.content, "html.parser")
        icon = soup.find("link", rel="icon")
        warnings = []
        raw_title = plain_text(self.seo_title) or f"{plain_text(self.title)} · {self.seo_sitename}"
        if len(raw_title) > TITLE_MAX:
            warnings.append(_("The title is longer than %(n)d characters; search engines cut it.") % {"n": TITLE_MAX})
        description = ""
        for attr in [*self.seo_description_sources, *self.seo_description_fallbacks]:
            description = plain_text(getattr(self, attr, ""))
            if description:
                break
        if not description:
            warnings.append(_("No description: write a search description so search engines don't make one up."))
        elif len(description) < DESCRIPTION_MIN:
            warnings.append(_("The description is short: aim for 50 to 160 characters."))
        elif len(description) > DESCRIPTION_MAX:
            warnings.append(_("The description is longer than 160 characters; search engines show it cut."))
        if self.seo_image is None:
            warnings.append(_("No image of at least 1200 by 630 pixels: social networks get a card with the title."))
        if self.seo_noindex:
            warnings.append(_("Search engines are asked not to index this page."))
        context.update(
            {
                "seo_favicon": icon.get("href") if icon else None,
                "seo_site_domain": urlsplit(self.seo_canonical_url).hostname or "",
                "seo_warnings": warnings,
                "seo_preview_image_url": same_origin_url(self.seo_image_url),
            }
        )
        return context


# --- Listings and views that are not pages -------------------------------------------------------------------------


def page_number(request) -> int:
    """The listing page asked for (`?page=N`), 1 when absent or not a number."""
    try:
        return max(1, int(request.GET.get("page", 1)))
    except (TypeError, ValueError):
        return 1


def with_page_number(text: str, number: int) -> str:
    return f"{text} (page {number})" if number > 1 else text


class ViewSeo(SeoPageMixin):
    """Meta tags, social tags and JSON-LD for a public view that is not a Wagtail page (a newsletter archive, an
    archived issue), through the same rules as pages. Views pass one as `seo_page` in their template context;
    base.html renders it as it renders a page.

    `items`: absolute URLs a listing shows (a CollectionPage's ItemList); `article`: a dated piece of writing
    (BlogPosting), with `published_at` and `modified_at`.
    """

    canonical_url_sources = ()
    seo_description_sources = ["description"]
    seo_title = ""
    search_description = ""
    og_image = None
    owner = None
    pk = None
    noindex = False

    def __init__(self, request, title, description="", *, items=None, article=False, published_at=None,
                 modified_at=None):  # fmt: skip
        self.title = title
        self.description = description
        self.items = items
        self.article = article
        self.date = published_at
        self.first_published_at = published_at
        self.last_published_at = modified_at or published_at
        self._seo_request = request
        self._seo_route_path = request.path
        self.set_seo_listing(request)

    @property
    def seo_content_type(self):
        return SeoType.ARTICLE if self.article else SeoType.WEBSITE

    @property
    def seo_og_type(self) -> str:
        return self.seo_content_type.value

    @property
    def seo_struct_org_name(self) -> str:
        return self.seo_org_fields.struct_org_name or self.seo_sitename

    def get_site(self):
        from wagtail.models import Site

        return Site.find_for_request(self._seo_request)

    def get_structured_data_item_list(self, request=None, context=None):
        if self.items is None:
            return None
        return {
            "@type": "ItemList",
            "numberOfItems": len(self.items),
            "itemListElement": [
                {"@type": "ListItem", "position": index, "url": url} for index, url in enumerate(self.items, start=1)
            ],
        }

    def get_structured_data_breadcrumbs(self, request=None):
        return None
