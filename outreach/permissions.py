"""The outreach section's permissions: one policy per model, with the section's own actions.

send: write to a contact (open in the mail program and record it, or send from the site). export: the contacts'
CSV and a contact's JSON download. import: the CSV import. The rest are Wagtail's add/change/delete/view.
"""

from ops.permissions import SectionPermissionPolicy

from .models import Contact, MessageTemplate

contact_permissions = SectionPermissionPolicy(
    Contact, {"send": "send_outreach", "export": "export_contacts", "import": "import_contacts"}
)
template_permissions = SectionPermissionPolicy(MessageTemplate)

CUSTOM = ["send_outreach", "export_contacts", "import_contacts"]
