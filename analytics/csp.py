"""The origins the Content-Security-Policy must allow for the third-party analytics an editor switched on."""

from urllib.parse import urlsplit

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


def third_party_sources(request):
    """{directive: [origin, ...]} for the snippets the site's AnalyticsSettings turn on; cached, no query."""
    site = Site.find_for_request(request)
    values = third_party_settings(site.pk) if site else {}
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
