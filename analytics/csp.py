"""The origins the Content-Security-Policy must allow for the third-party analytics an editor switched on."""

from urllib.parse import urlsplit

from django.core.cache import cache
from wagtail.models import Site

from analytics.templatetags.analytics_tags import third_party_settings

SOURCES_KEY = "analytics:csp-sources"

GA4 = {
    "script-src": ["https://www.googletagmanager.com"],
    "connect-src": [
        "https://*.google-analytics.com",
        "https://*.analytics.google.com",
        "https://www.googletagmanager.com",
    ],
    "img-src": ["https://*.google-analytics.com", "https://www.googletagmanager.com"],
}
SEGMENT = {
    "script-src": ["https://cdn.segment.com"],
    "connect-src": ["https://api.segment.io", "https://cdn.segment.com"],
}


def origin(url):
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def third_party_sources(request):
    """{directive: [origin, ...]} for the snippets the site's AnalyticsSettings turn on.

    Asked for every HTML response, cached pages included, so the answers of every host live in one cache entry
    (one read, no query) that saving the settings deletes.
    """
    host = request.get_host()
    known = cache.get(SOURCES_KEY) or {}
    if host not in known:
        site = Site.find_for_request(request)
        known[host] = sources_for(third_party_settings(site.pk) if site else {})
        cache.set(SOURCES_KEY, known, 60 * 60)
    return known[host]


def forget_sources():
    """After the settings change: every host's answer is stale."""
    cache.delete(SOURCES_KEY)


def sources_for(values):
    sources = {}

    def allow(directives):
        for directive, origins in directives.items():
            sources.setdefault(directive, []).extend(o for o in origins if o and o not in sources.get(directive, []))

    for enabled, script_url in (
        (values.get("plausible_domain"), values.get("plausible_script_url") or "https://plausible.io/js/script.js"),
        (values.get("umami_website_id"), values.get("umami_script_url")),
    ):
        if enabled and origin(script_url):
            allow({"script-src": [origin(script_url)], "connect-src": [origin(script_url)]})
    if values.get("ga4_measurement_id"):
        allow(GA4)
    if values.get("segment_write_key"):
        allow(SEGMENT)
    return sources
