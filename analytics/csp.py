"""The origins the Content-Security-Policy must allow for the third-party analytics an editor switched on."""

from urllib.parse import urlsplit

from django.core.cache import cache
from wagtail.models import Site

from analytics.templatetags.analytics_tags import third_party_settings

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


HOST_CACHE_KEY = "analytics:csp:{}:{}"
HOST_CACHE_VERSION_KEY = "analytics:csp-version"


def third_party_sources(request):
    """{directive: [origin, ...]} for the snippets the site's AnalyticsSettings turn on.

    Asked on every page, including those served from the page cache, so the answer is cached by host: no query.
    """
    version = cache.get_or_set(HOST_CACHE_VERSION_KEY, 1, None)
    key = HOST_CACHE_KEY.format(version, request.get_host())
    sources = cache.get(key)
    if sources is None:
        site = Site.find_for_request(request)
        sources = sources_for(third_party_settings(site.pk) if site else {})
        cache.set(key, sources, 60 * 60)
    return sources


def forget_sources():
    """After the settings change: every host's answer is stale."""
    try:
        cache.incr(HOST_CACHE_VERSION_KEY)
    except ValueError:
        cache.set(HOST_CACHE_VERSION_KEY, 2, None)


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
