from django.templatetags.static import static
from django.urls import path, reverse, reverse_lazy
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ops.params import parse_int
from ops.permissions import PolicyMenuItem

from . import admin_views
from .models import ResourceCategory, ResourcePage, ResourceSuggestion, SuggestionStatus
from .permissions import resources_permissions


class PendingCountMixin:
    """Shows how many suggestions wait for review next to the menu label, e.g. "Suggestions (3)"."""

    def render_component(self, request):
        component = super().render_component(request)
        # Counted once per request for both entries (Resources and Suggestions).
        if not hasattr(request, "pending_suggestions"):
            request.pending_suggestions = ResourceSuggestion.objects.pending().count()
        pending = request.pending_suggestions
        if pending:
            component.label = f"{self.label} ({pending})"
        return component


class PendingSuggestionsMenuItem(PendingCountMixin, MenuItem):
    pass


class ResourcesMenuItem(PendingCountMixin, SubmenuMenuItem):
    pass


class ResourceCategoryViewSet(SnippetViewSet):
    model = ResourceCategory
    icon = "folder-open-inverse"
    menu_label = "Categories"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    sort_order_field = "sort_order"


class ResourceSuggestionViewSet(SnippetViewSet):
    model = ResourceSuggestion
    icon = "comment"
    menu_label = "Suggestions"
    menu_item_class = PendingSuggestionsMenuItem
    list_display = ["name", "url", "status", "created_at", "email"]
    list_filter = ["status"]
    search_fields = ["name", "url", "why"]
    ordering = ["-created_at"]


class ResourcesGroup(SnippetViewSetGroup):
    """One "Resources" entry in the sidebar: the directory's pages, categories, suggestions and the import."""

    menu_label = "Resources"
    menu_icon = "link"
    menu_order = 310
    items = (ResourceCategoryViewSet, ResourceSuggestionViewSet)

    def get_submenu_items(self):
        return [
            MenuItem("All resources", reverse_lazy("resources_directory_pages"), icon_name="doc-full", order=0),
            *super().get_submenu_items(),  # categories, then suggestions (orders 1 and 2)
            PolicyMenuItem(
                "Import resources",
                reverse_lazy("resources_import"),
                icon_name="upload",
                order=3,
                policy=resources_permissions,
                action="import",
            ),
        ]

    def get_menu_item(self, order=None):
        return ResourcesMenuItem(
            label=self.menu_label,
            menu=Menu(items=self.get_submenu_items()),
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=order if order is not None else self.menu_order,
        )


register_snippet(ResourcesGroup)


@hooks.register("register_snippet_listing_buttons")
def suggestion_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, ResourceSuggestion) or snippet.status != SuggestionStatus.PENDING:
        return []
    if not resources_permissions.user_has_permission(user, "moderate"):
        return []
    return [
        # Both lead to a page that asks first: approving and rejecting email the visitor.
        Button(
            "Approve as draft…",
            url=reverse("resources_approve_suggestion", args=[snippet.pk]),
            icon_name="check",
            priority=10,
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
        path("resources/pages/", admin_views.directory_pages, name="resources_directory_pages"),
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
    pk = parse_int(target)
    return pk is not None and ResourcePage.objects.live().public().filter(pk=pk).exists()


@hooks.register("register_permissions")
def resources_section_permissions():
    """The section's screens on the group editing screen: importing, and the failing-links report."""
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="resources", codename__in=["import_resources", "view_linkhealth"]
    )


@hooks.register("dashboard_todo")
def resources_todo(request):
    from home.dashboard import TodoItem

    from .models import LinkHealth

    items = []
    pending = ResourceSuggestion.objects.pending().count()
    if pending and resources_permissions.user_has_permission(request.user, "moderate"):
        items.append(
            TodoItem(
                f"{pending} resource suggestion{'s' if pending != 1 else ''} waiting for review",
                reverse("wagtailsnippets_resources_resourcesuggestion:list") + "?status=pending",
                "Review",
                icon="comment",
            )
        )
    may_see_links = resources_permissions.user_has_permission(request.user, "links")
    dead = LinkHealth.objects.filter(dead=True).count() if may_see_links else 0
    if dead:
        items.append(
            TodoItem(
                f"{dead} resource link{'s are' if dead != 1 else ' is'} dead",
                reverse("resources_failing_links"),
                "See the failing links",
            )
        )
    return items
