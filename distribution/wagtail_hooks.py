from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse, reverse_lazy
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from blog.models import BlogPostPage
from ops.page_buttons import register_page_button
from ops.permissions import PolicyMenuItem

from . import admin_views, attribution, digest
from .models import CampaignLink
from .permissions import PERMISSIONS, campaign_link_permissions, may_distribute


class CopyColumn(Column):
    """A URL with a Copy button (distribution/admin/copy.js)."""

    cell_template_name = "distribution/admin/copy_cell.html"


class CampaignLinkIndexView(IndexView):
    def get_table(self, object_list):
        # The short links' visits of the last 30 days: one query for the page of links shown.
        visits = attribution.short_link_visits(link.slug for link in object_list if link.slug)
        for link in object_list:
            link.recent_visits = visits.get(link.slug, 0) if link.slug else None
        return super().get_table(object_list)


class CampaignLinkViewSet(SnippetViewSet):
    model = CampaignLink
    permission_policy = campaign_link_permissions
    index_view_class = CampaignLinkIndexView
    icon = "link"
    menu_label = "Campaign links"
    menu_order = 1
    list_display = [
        "campaign",
        "source",
        "medium",
        Column("page", label="Page", accessor="page.title"),
        CopyColumn("short_url", label="Short link"),
        Column("recent_visits", label="Short-link visits, 30 days"),
    ]
    list_filter = ["source", "medium", "campaign"]
    search_fields = ["campaign", "source", "medium", "slug"]
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return CampaignLink.objects.select_related("page")


class DistributionGroup(SnippetViewSetGroup):
    """One "Distribution" entry in the sidebar: posts to share, campaign links, and the campaigns report."""

    menu_label = "Distribution"
    menu_icon = "pick"
    menu_order = 320
    items = (CampaignLinkViewSet,)

    def get_submenu_items(self):
        return [
            MenuItem("Posts to distribute", reverse_lazy("distribution_posts"), icon_name="doc-full", order=0),
            *super().get_submenu_items(),
            PolicyMenuItem(
                "Campaigns report",
                reverse_lazy("distribution_campaigns_report"),
                icon_name="view",
                order=2,
                policy=campaign_link_permissions,
                action="report",
            ),
        ]


register_snippet(DistributionGroup)


@hooks.register("register_admin_urls")
def distribution_admin_urls():
    return [
        path("distribution/posts/", admin_views.posts, name="distribution_posts"),
        path("distribution/posts/<id:page_id>/", admin_views.distribute, name="distribution_post"),
        path("distribution/campaigns/", admin_views.campaigns_report, name="distribution_campaigns_report"),
    ]


class DistributeButton(Button):
    pass


def is_blog_post(page):
    return page.specific_class is BlogPostPage


def _distribute_button(page, user, priority):
    if is_blog_post(page) and may_distribute(user, page):
        return DistributeButton(
            "Distribute", reverse("distribution_post", args=[page.pk]), icon_name="pick", priority=priority
        )
    return None


page_listing_distribute_button, page_header_distribute_button = register_page_button(_distribute_button, 44, 54)


def is_first_publish(request, page):
    """A blog post the editor just published for the first time, from the editor (not a JSON autosave)."""
    return (
        request.method == "POST"
        and request.POST.get("action-publish")
        and request.accepts("text/html")
        and is_blog_post(page)
        and page.live
        and page.first_published_at is not None
        and page.first_published_at == page.last_published_at
    )


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def land_on_distribute_after_first_publish(request, page):
    """After the first publish, the editor lands on the post's Distribute screen (Wagtail's "published" message is
    already queued, so it shows there)."""
    if is_first_publish(request, page) and may_distribute(request.user, page):
        return redirect("distribution_post", page.pk)
    return None


@hooks.register("insert_global_admin_js")
def distribution_admin_js():
    return format_html(
        '<script src="{}" defer></script><script src="{}" defer></script>',
        static("distribution/admin/copy.js"),
        static("distribution/admin/campaign-link.js"),
    )


@hooks.register("weekly_digest_sections")
def not_distributed_yet(start, end):
    return digest.weekly_digest_sections(start, end)


@hooks.register("launch_checklist_items")
def first_post_distributed(request):
    return digest.launch_checklist_items(request)


@hooks.register("load_demo_content", order=40)
def load_demo_distribution(home_page):
    from .demo import load_distribution

    load_distribution(home_page)


@hooks.register("register_permissions")
def distribution_section_permissions():
    """The Campaigns report's permissions on the group editing screen (snippets register their own)."""
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="distribution", codename__in=PERMISSIONS)
