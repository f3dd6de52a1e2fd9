from django import template
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import Site

from analytics.models import AnalyticsSettings

register = template.Library()

SETTINGS_CACHE_KEY = "analytics:third-party:{}"
FIELDS = (
    "plausible_domain",
    "plausible_script_url",
    "umami_website_id",
    "umami_script_url",
    "ga4_measurement_id",
    "segment_write_key",
)


def third_party_settings(site_id):
    """The site's third-party keys, cached so public pages make no extra query; saving the setting clears it."""
    key = SETTINGS_CACHE_KEY.format(site_id)
    values = cache.get(key)
    if values is None:
        row = AnalyticsSettings.objects.filter(site_id=site_id).values(*FIELDS).first()
        values = row or {}
        cache.set(key, values, 60 * 60)
    return values


@register.inclusion_tag("analytics/head.html", takes_context=True)
def analytics_head(context):
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False):
        return {"enabled": False}
    site = Site.find_for_request(request)
    return {
        "enabled": True,
        "endpoint": reverse("analytics:collect"),
        "third_party": third_party_settings(site.pk) if site else {},
    }
