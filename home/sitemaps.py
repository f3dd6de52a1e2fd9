"""/sitemap.xml, its sections and /robots.txt. Every URL is on settings.BASE_URL, never on the request's host.

Other apps add URLs that are not pages (newsletter archive issues, say) through a Wagtail hook:

    @hooks.register("register_sitemap_urls")
    def newsletter_issues(request):
        return {"newsletter": [{"location": absolute_url(issue.get_absolute_url()), "lastmod": issue.sent_at}
                               for issue in Issue.objects.sent()]}

Pages add archive URLs by overriding `get_sitemap_urls(request)` (see BasePage).
"""

import uuid
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe
from wagtail import hooks
from wagtail.models import Page, Site

from ops.http import public_cache

from .models import BasePage, RobotsSettings
from .seo import absolute_url, site_noindex

SITEMAP_MAX_URLS = 50_000
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Rendered sitemaps are kept until a page is published, unpublished, moved or deleted (see home/apps.py), and at most
# this long, so URLs added through the register_sitemap_urls hook show up too.
SERVER_CACHE_SECONDS = 15 * 60
VERSION_KEY = "seo:sitemap:version"


def invalidate_sitemaps(**kwargs):
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _cached(name, build):
    """The body for this sitemap URL from the cache, or built and cached. Settings that change it are in the key."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    key = f"seo:sitemap:{version}:{name}:{settings.BASE_URL}:{site_noindex()}:{sitemap_limit()}"
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, SERVER_CACHE_SECONDS)
    return body


def _lastmod(value):
    if value is None:
        return None
    if hasattr(value, "microsecond"):
        value = value.replace(microsecond=0)
    return value.isoformat()


def sitemap_limit():
    return getattr(settings, "SEO_SITEMAP_MAX_URLS", SITEMAP_MAX_URLS)


def collect_sections(request) -> dict[str, list[dict]]:
    """Sitemap entries by section name. Query count: one for the pages plus one per page type, however many pages."""
    sections: dict[str, list[dict]] = {}
    if site_noindex():
        return sections
    site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
    if site is None:
        return sections
    pages = (
        Page.objects.descendant_of(site.root_page, inclusive=True)
        .live()
        .public()
        .defer_streamfields()
        .specific()
        .order_by("path")
    )
    for page in pages:
        if not isinstance(page, BasePage):
            continue
        entries = page.get_sitemap_urls(request)
        if entries:
            sections.setdefault(page.sitemap_section, []).extend(entries)
    for hook in hooks.get_hooks("register_sitemap_urls"):
        for section, entries in (hook(request) or {}).items():
            sections.setdefault(section, []).extend(entries)
    return sections


def _chunks(sections):
    """[(section, number, entries)] with at most sitemap_limit() entries each, numbered from 1 per section."""
    limit = sitemap_limit()
    chunks = []
    for section, entries in sorted(sections.items()):
        for start in range(0, len(entries), limit):
            chunks.append((section, start // limit + 1, entries[start : start + limit]))
    return chunks


def _urlset(entries) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    seen = set()
    for entry in entries:
        location = entry["location"]
        if location in seen:
            continue
        seen.add(location)
        lastmod = _lastmod(entry.get("lastmod"))
        lines.append(
            f"<url><loc>{escape(location)}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</url>"
        )
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _sitemapindex(chunks) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{SITEMAP_NS}">']
    for section, number, entries in chunks:
        lastmods = [entry["lastmod"] for entry in entries if entry.get("lastmod")]
        lastmod = _lastmod(max(lastmods)) if lastmods else None
        location = absolute_url(f"/sitemap-{section}-{number}.xml")
        lines.append(
            f"<sitemap><loc>{escape(location)}</loc>"
            + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "")
            + "</sitemap>"
        )
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"


def _xml(body):
    return public_cache(HttpResponse(body, content_type="application/xml; charset=utf-8"))


def _sitemap_body(request):
    sections = collect_sections(request)
    total = sum(len(entries) for entries in sections.values())
    if total == 0:
        return ""
    if total <= sitemap_limit():
        return _urlset(entry for entries in sections.values() for entry in entries)
    return _sitemapindex(_chunks(sections))


def _section_body(request, section, number):
    for name, chunk_number, entries in _chunks(collect_sections(request)):
        if (name, chunk_number) == (section, number):
            return _urlset(entries)
    return ""


@require_safe
def sitemap(request):
    """One urlset while everything fits in one file; past 50,000 URLs, an index of per-section files."""
    body = _cached("index", lambda: _sitemap_body(request))
    if not body:
        # The schema wants at least one <url>; with the site hidden (staging) there is honestly no sitemap.
        raise Http404("No public pages")
    return _xml(body)


@require_safe
def sitemap_section(request, section, number):
    body = _cached(f"{section}-{number}", lambda: _section_body(request, section, number))
    if not body:
        raise Http404("No such sitemap")
    return _xml(body)


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
