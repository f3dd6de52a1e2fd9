"""The newsletter section's permissions: one policy per model, each with the section's own actions."""

from wagtail.admin.ui.tables import Column

from ops.permissions import SectionPermissionPolicy

from .models import Campaign, Subscriber

# send: the send screen (send now, test, schedule, cancel). The others are Wagtail's add/change/delete/view.
campaign_permissions = SectionPermissionPolicy(Campaign, {"send": "send_campaign"})
# export: the listing's CSV/XLSX download. import: the CSV import. view: the dashboard's subscriber counts.
subscriber_permissions = SectionPermissionPolicy(
    Subscriber, {"export": "export_subscribers", "import": "import_subscribers"}
)


class SendColumn(Column):
    """The listing's "Send / progress" link, for those who may send."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if not campaign_permissions.user_has_permission(parent_context["request"].user, "send"):
            context["value"] = self.empty_value_display
        return context
