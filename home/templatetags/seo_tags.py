from django import template
from django.utils.safestring import mark_safe

from home.seo import json_ld

register = template.Library()


@register.simple_tag(takes_context=True)
def structured_data(context, page=None):
    """Every JSON-LD block of the page in the context (or of `page`, a view's home.seo.ViewSeo), one <script> each."""
    page = page or context.get("page")
    if page is None or not hasattr(page, "get_structured_data"):
        return ""
    settings = context.get("settings")
    seo = getattr(getattr(settings, "wagtailseo", None), "SeoSettings", None) if settings else None
    if seo is not None and not seo.struct_meta:
        return ""
    blocks = page.get_structured_data(context.get("request"), context)
    return mark_safe(  # noqa: S308 - json_ld escapes <, > and &
        "\n".join(f'<script type="application/ld+json">{json_ld(block)}</script>' for block in blocks)
    )
