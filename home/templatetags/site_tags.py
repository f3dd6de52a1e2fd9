from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def site_name(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.site_name if site and site.site_name else "Launchkit"
