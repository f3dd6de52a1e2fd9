"""/sitemap.xml and /robots.txt. Every URL in them is on settings.BASE_URL, never on the request's host.

The sitemap is Wagtail's contrib sitemap on Django's sitemap framework. /sitemap.xml is always a sitemap index; it
lists each section that has URLs, one file per SEO_SITEMAP_MAX_URLS items (`/sitemap-pages.xml`, then
`/sitemap-pages.xml?p=2`, ...). Sections:

- "pages": every live, public page of the default site, through each page's `get_sitemap_urls(request)` (BasePage
  leaves out noindex and canonicalised pages; archive pages add their archive URLs).
- one per Sitemap class a feature app registers for URLs that are not pages (home imports no feature app):

    @hooks.register("register_sitemaps")
    def newsletter_sitemaps():
        return {"newsletter": ArchivedIssueSitemap}  # a BaseUrlSitemap subclass

Server-side, wagtail-cache's middleware stores the responses, and ops/cache.py purges them when pages change.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe
from wagtail import hooks
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.models import Site

from ops.http import public_cache

from .models import RobotsSettings
from .seo import absolute_url, site_noindex
from .visibility import hidden_paths

XML = "application/xml; charset=utf-8"


class BaseUrlSitemap(Sitemap):
    """A Django sitemap with its URLs on settings.BASE_URL, SEO_SITEMAP_MAX_URLS of them a file."""

    @property
    def limit(self):
        return settings.SEO_SITEMAP_MAX_URLS

    def get_protocol(self, protocol=None):
        return urlsplit(settings.BASE_URL).scheme

    def get_domain(self, site=None):
        # Django puts "<protocol>://<domain>" in front of each location: the host, and any path BASE_URL has.
        return settings.BASE_URL.partition("://")[2]


class PageSitemap(WagtailSitemap, BaseUrlSitemap):
    """Live, public pages of the default site by path: a query per page type per 2,000 pages (Wagtail's chunks)."""

    @cached_property
    def pages(self):
        # Wagtail's own query, on the default site: BASE_URL is its address, whichever host the request came to.
        site = Site.objects.select_related("root_page").get(is_default_site=True)
        pages = site.root_page.get_descendants(inclusive=True).live().public()
        for path in hidden_paths(self.request):
            # Sections hidden for now (home/visibility.py): noindex or private, neither belongs here.
            pages = pages.exclude(path__startswith=path)
        return pages.order_by("path").defer_streamfields().specific()

    def items(self):
        # Django asks for the items up to three times a request: look the site up, and build the query, once.
        return self.pages

    def get_latest_lastmod(self):
        # For the index: one query, where Django's default would load every page to ask each for its lastmod.
        return self.items().aggregate(latest=Max("last_published_at"))["latest"]


def sections(request):
    """Sitemaps by section name: the pages, then whatever feature apps register."""
    found = {"pages": PageSitemap(request)}
    for hook in hooks.get_hooks("register_sitemaps"):
        found.update({name: sitemap() for name, sitemap in hook().items()})
    return found


def on_base_url(url):
    """`url`'s path and query string on settings.BASE_URL."""
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, "")))


@require_safe
def sitemap_index(request):
    """/sitemap.xml: the files of every section that has something in it."""
    if site_noindex():
        # Staging: nothing on this host belongs in a search engine.
        raise Http404("The site is hidden from search engines")
    found = {name: sitemap for name, sitemap in sections(request).items() if sitemap.paginator.count}
    if not found:
        raise Http404("No public pages")
    response = sitemap_views.index(request, found, sitemap_url_name="sitemap_section", content_type=XML)
    for item in response.context_data["sitemaps"]:
        # Django's index builds these on the request's host.
        item.location = on_base_url(item.location)
    return public_cache(response)


@require_safe
def sitemap_section(request, section):
    """/sitemap-<section>.xml?p=<n>: one file of a section's URLs."""
    if site_noindex():
        raise Http404("The site is hidden from search engines")
    response = sitemap_views.sitemap(
        request, sections(request), section=section, template_name="home/sitemap.xml", content_type=XML
    )
    if not response.context_data["urlset"]:
        raise Http404("No URLs in this sitemap")
    return public_cache(response)


ROBOTS_FIXED = "User-agent: *\nDisallow: /admin/\nDisallow: /django-admin/\nDisallow: /search/\n"


@require_safe
def robots_txt(request):
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    lines = [ROBOTS_FIXED.rstrip("\n")]
    if site_noindex():
        # Staging: nothing on this host belongs in a search engine.
        lines.append("Disallow: /")
    extra = RobotsSettings.for_site(site).extra_rules.strip() if site else ""
    if extra:
        lines.append(extra.replace("\r\n", "\n"))
    lines.append("")
    lines.append(f"Sitemap: {absolute_url('/sitemap.xml')}")
    return public_cache(HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"))
