"""Who may see the analytics report, export it, and send the digest to everyone who opted in."""

from ops.permissions import SectionPermissionPolicy

from .models import DailyStat

# view: the report, its dashboard panel and menu item, the digest's preview, opting in to it, sending it to oneself.
# export: the report's CSV files. send: the digest, now, to every editor who opted in.
analytics_permissions = SectionPermissionPolicy(
    DailyStat, {"view": "view_report", "export": "export_report", "send": "send_digest"}
)

PERMISSIONS = ("view_report", "export_report", "send_digest")
