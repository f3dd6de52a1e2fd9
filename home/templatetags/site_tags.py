from django import template
from wagtail.models import Site

from home import fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def site_name(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.site_name if site and site.site_name else "Launchkit"


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, varies):
        self.nodelist, self.name, self.varies = nodelist, name, varies

    def render(self, context):
        varies = [value.resolve(context) for value in self.varies]
        return fragments.cached(
            context.get("request"), self.name.resolve(context), varies, lambda: self.nodelist.render(context)
        )


@register.tag
def fragment(parser, token):
    """{% fragment "name" value ... %}...{% endfragment %}: cached per name and values until content changes.

    The values must name everything the fragment shows that is not site content (the page, the URL path).
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]])
