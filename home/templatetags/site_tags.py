from django import template
from wagtail.models import Site

from home.visibility import hidden_paths, is_private

register = template.Library()


@register.simple_tag(takes_context=True)
def site_name(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.site_name if site and site.site_name else "Launchkit"


@register.filter
def visible_links(links, request):
    """A StreamField of links without those to a page in a section private for now (home/visibility.py): for a
    visitor they would lead to "not found". Editors still see them. Pages are stored per visitor kind (editors are
    never served stored pages), and a change of visibility purges every stored page."""
    if not links or not hidden_paths(request):
        return links
    return [link for link in links if not (link.value.get("page") and is_private(link.value["page"], request))]
