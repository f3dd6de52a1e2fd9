"""The distribution section's permissions.

Campaign links and their report: one policy (Wagtail's add/change/delete/view of CampaignLink, plus "report" for the
Campaigns report and "export" for its CSV). A post's Distribute screen follows the post's own page permissions:
whoever may edit the post (and so whoever may publish it) may tick its channels.
"""

from ops.permissions import SectionPermissionPolicy

from .models import CampaignLink

campaign_link_permissions = SectionPermissionPolicy(
    CampaignLink, {"report": "view_campaigns_report", "export": "export_campaigns_report"}
)

PERMISSIONS = ("view_campaigns_report", "export_campaigns_report")


def may_distribute(user, page):
    """Whether `user` may see and tick `page`'s Distribute screen: the editors of the post."""
    return user.is_active and page.permissions_for_user(user).can_edit()
