"""The resources section's admin permissions: one policy, with the section's own actions.

Resource pages themselves follow Wagtail's page permissions; these cover the screens around them.
"""

from ops.permissions import SectionPermissionPolicy

from .models import ResourcePage

# import: the CSV import (create and update many pages at once). links: the failing-links report.
# moderate: approving and rejecting visitors' suggestions.
resources_permissions = SectionPermissionPolicy(
    ResourcePage,
    {"import": "import_resources", "links": "view_linkhealth", "moderate": "change_resourcesuggestion"},
)
