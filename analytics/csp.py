"""The origins the Content-Security-Policy must allow for the third-party analytics an editor switched on."""

from urllib.parse import urlsplit

from wagtail.models import Site

from analytics.templatetags.analytics_tags import third_party_settings
from home import page_cache

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

    Asked on every page, including those served from the page cache, so the answer is cached by host on the
    page-cache generation, which saving the settings renews: no query, and with Redis no round trip either.
    """

    def compute():
        site = Site.find_for_request(request)
        return sources_for(third_party_settings(site.pk) if site else {})

    return page_cache.remember(f"analytics:csp:{request.get_host()}", compute, 60 * 60)


def forget_sources():
    """After the settings change: every host's answer is stale."""
    page_cache.purge("analytics settings changed")


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
