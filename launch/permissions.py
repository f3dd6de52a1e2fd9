"""The launch section's permissions: changing the launch setting (Wagtail's own settings permission) and the
top-referrers report, which lists subscribers' addresses."""

from ops.permissions import SectionPermissionPolicy

from .models import LaunchSettings

# settings: the launch setting (Settings → Launch). referrers: the top-referrers report, the "Referrals" section of
# a subscriber's profile. checklist: the dashboard's launch checklist (anyone who may change the launch setting).
launch_permissions = SectionPermissionPolicy(
    LaunchSettings, {"settings": "change_launchsettings", "referrers": "view_referrers"}
)

PERMISSIONS = ("change_launchsettings", "view_referrers")
