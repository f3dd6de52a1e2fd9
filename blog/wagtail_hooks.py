from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author, BlogPostPage


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "role", "slug"]
    search_fields = ["name"]


register_snippet(AuthorViewSet)


@hooks.register("register_site_search_models")
def searched_in_site_search():
    return [BlogPostPage]


# Navigation lists the demo's sections in hook order: the blog first.
@hooks.register("load_demo_content", order=10)
def load_demo_blog(home_page):
    from .demo import load_blog  # only `load_demo` needs the demo's posts and drawings

    return load_blog(home_page)


@hooks.register("register_analytics_beacon_event")
def share_clicks_in_analytics():
    """The beacon may report clicks on share links, for the channels they exist for (analytics.bounds)."""
    from .share import CHANNELS

    return "share_click", CHANNELS.__contains__
