from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component

from ops.permissions import PolicyMenuItem

from . import admin_views, charts, reports
from .permissions import PERMISSIONS, analytics_permissions


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("analytics/", admin_views.report_view, name="analytics_report"),
        path("analytics/digest/", admin_views.digest_preview, name="analytics_digest_preview"),
        path("analytics/digest/send/", admin_views.digest_send, name="analytics_digest_send"),
        path("analytics/digest/preference/", admin_views.digest_preference, name="analytics_digest_preference"),
    ]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return PolicyMenuItem(
        "Analytics",
        reverse("analytics_report"),
        icon_name="view",
        order=250,
        policy=analytics_permissions,
        action="view",
    )


class AnalyticsPanel(Component):
    name = "analytics"
    order = 50
    template_name = "analytics/admin/home_panel.html"

    def get_context_data(self, parent_context):
        start, end = admin_views.last_7_days()
        report = reports.build_report(start, end)
        return {
            "report": report,
            # Bars with the days and the scale written on them: a bare sparkline said nothing of either.
            "views_chart": charts.bar_chart(
                [(row[0], row[1]) for row in report.days], "Page views per day, last 7 days"
            ),
            "report_url": reverse("analytics_report"),
        }


@hooks.register("construct_homepage_panels")
def add_analytics_panel(request, panels):
    if analytics_permissions.user_has_permission(request.user, "view"):
        panels.append(AnalyticsPanel())


@hooks.register("register_permissions")
def analytics_section_permissions():
    """The report's permissions, on the group editing screen (analytics/permissions.py says what each allows)."""
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="analytics", codename__in=PERMISSIONS)
