from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author, BlogIndexPage, BlogPostPage


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


@hooks.register("construct_page_chooser_queryset")
def choose_live_posts_only(pages, request):
    """A chooser that asks for blog posts (newsletter post teasers, featured posts) offers live ones only: every such
    choice links visitors or subscribers to the post, and a draft answers 404. Other page choosers are unchanged."""
    wanted = request.GET.get("page_type", "").lower().split(",")
    if BlogPostPage._meta.label_lower in wanted:
        return pages.live()
    return pages


@hooks.register("after_merge_tags")
def redirect_merged_tag_archives(merged_slugs, tag):
    """A merged tag's archive and feeds would answer 404, and search engines and other sites link to them: each
    redirects permanently to the kept tag's (Wagtail's redirects, listed under Settings → Redirects)."""
    from wagtail.contrib.redirects.models import Redirect

    for index in BlogIndexPage.objects.live():
        site = index.get_site()
        base = index.relative_url(site) if site else None
        if base is None:
            continue
        for name in ("tag_archive", "tag_rss", "tag_atom"):
            new = base + index.reverse_subpage(name, args=[tag.slug])
            for slug in merged_slugs:
                old = Redirect.normalise_path(base + index.reverse_subpage(name, args=[slug]))
                link = {"redirect_link": new, "redirect_page": None, "is_permanent": True}
                Redirect.objects.update_or_create(old_path=old, site=site, defaults=link)
