from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem, MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import ResourceCategory, ResourcePage, ResourceSuggestion, SuggestionStatus


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
    if not user.has_perm("resources.change_resourcesuggestion"):
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
    return MenuItem("Failing resource links", reverse("resources_failing_links"), icon_name="warning", order=950)


@hooks.register("register_settings_menu_item")
def import_menu_item():
    return AdminOnlyMenuItem("Import resources", reverse("resources_import"), icon_name="upload", order=950)


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
