"""The outreach section's permissions: one policy per model, with the section's own actions.

send: write to a contact (open in the mail program and record it, or send from the site). export: the contacts'
CSV and a contact's JSON download. import: the CSV import. The rest are Wagtail's add/change/delete/view.
"""

from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property
from wagtail.snippets.views.snippets import IndexView

from ops.permissions import SectionPermissionPolicy

from .models import Contact, MessageTemplate

contact_permissions = SectionPermissionPolicy(
    Contact, {"send": "send_outreach", "export": "export_contacts", "import": "import_contacts"}
)
template_permissions = SectionPermissionPolicy(MessageTemplate)

CUSTOM = ["send_outreach", "export_contacts", "import_contacts"]


class ExportCheckedIndexView(IndexView):
    """The contact listing: its spreadsheet download needs the "export" action (hidden, and 403, without)."""

    def dispatch(self, request, *args, **kwargs):
        if self.is_export and not self.permission_policy.user_has_permission(request.user, "export"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def show_export_buttons(self):
        return super().show_export_buttons and self.permission_policy.user_has_permission(self.request.user, "export")
