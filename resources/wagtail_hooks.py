from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from ops.permissions import PolicyMenuItem

from . import admin_views
from .models import ResourceCategory, ResourcePage, ResourceSuggestion, SuggestionStatus
from .permissions import resources_permissions


class ResourceCategoryViewSet(SnippetViewSet):
    model = ResourceCategory
    icon = "folder-open-inverse"
    menu_label = "Resource categories"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    sort_order_field = "sort_order"


class ResourceSuggestionViewSet(SnippetViewSet):
    model = ResourceSuggestion
    icon = "comment"
    menu_label = "Suggestions"
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["name", "url", "status", "created_at", "email"]
    list_filter = ["status"]
    search_fields = ["name", "url", "why"]
    ordering = ["-created_at"]


register_snippet(ResourceCategoryViewSet)
register_snippet(ResourceSuggestionViewSet)


@hooks.register("register_snippet_listing_buttons")
def suggestion_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, ResourceSuggestion) or snippet.status != SuggestionStatus.PENDING:
        return []
    if not resources_permissions.user_has_permission(user, "moderate"):
        return []
    return [
        Button(
            "Approve as draft",
            url=reverse("resources_approve_suggestion", args=[snippet.pk]),
            icon_name="check",
            priority=10,
            attrs={"data-controller": "w-action", "data-action": "w-action#post"},
        ),
        Button(
            "Reject…", url=reverse("resources_reject_suggestion", args=[snippet.pk]), icon_name="cross", priority=11
        ),
    ]


@hooks.register("register_admin_urls")
def resources_admin_urls():
    return [
        path(
            "resources/suggestions/<id:pk>/approve/",
            admin_views.approve_suggestion,
            name="resources_approve_suggestion",
        ),
        path(
            "resources/suggestions/<id:pk>/reject/", admin_views.reject_suggestion, name="resources_reject_suggestion"
        ),
        path("resources/prefill/", admin_views.prefill, name="resources_prefill"),
        path("resources/import/", admin_views.import_resources, name="resources_import"),
        path("reports/failing-links/", admin_views.FailingLinksReport.as_view(), name="resources_failing_links"),
        path(
            "reports/failing-links/results/",
            admin_views.FailingLinksReport.as_view(results_only=True),
            name="resources_failing_links_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def failing_links_menu_item():
    return PolicyMenuItem(
        "Failing resource links",
        reverse("resources_failing_links"),
        icon_name="warning",
        order=950,
        policy=resources_permissions,
        action="links",
    )


@hooks.register("register_settings_menu_item")
def import_menu_item():
    return PolicyMenuItem(
        "Import resources",
        reverse("resources_import"),
        icon_name="upload",
        order=950,
        policy=resources_permissions,
        action="import",
    )


@hooks.register("insert_editor_js")
def prefill_js():
    return format_html(
        '<script src="{}" data-prefill-url="{}" defer></script>',
        static("resources/admin/prefill.js"),
        reverse("resources_prefill"),
    )


@hooks.register("register_site_search_models")
def searched_in_site_search():
    return [ResourcePage]


@hooks.register("load_demo_content", order=20)
def load_demo_resources(home_page):
    from .demo import load_resources  # only `load_demo` needs the demo's directory

    return load_resources(home_page)


@hooks.register("register_analytics_beacon_event")
def resource_clicks_in_analytics():
    """The beacon may report clicks on resource links, for live resources only (analytics.bounds)."""
    return "resource_click", is_live_resource_id


def is_live_resource_id(target):
    """Whether a beacon's target names a live, public resource page (ids only: no other value is a resource)."""
    if not (target.isdigit() and len(target) < 12):
        return False
    return ResourcePage.objects.live().public().filter(pk=int(target)).exists()


@hooks.register("register_permissions")
def resources_section_permissions():
    """The section's screens on the group editing screen: importing, and the failing-links report."""
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="resources", codename__in=["import_resources", "view_linkhealth"]
    )
