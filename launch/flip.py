"""At the launch time the site switches itself to launched, and sends the announcement issue, exactly once.

The periodic job (launch/tasks.py, every minute on every worker) calls `flip_due_sites`. For each site whose
pre-launch is on and whose launch time has come, a LaunchFlip row (unique per site) is created in the same
transaction that switches pre-launch off and marks the issue scheduled: a second worker, or a second process,
fails to create the row and does nothing. The issue then starts like one an editor sends ("Send now"): the
newsletter's own task, which moves it from scheduled to sending once, however often it is asked. Saving the setting
purges the page cache (ops/cache.py), so the landing page, blog and directory show the launched site at once.
"""

import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from newsletter import tasks as newsletter_tasks
from newsletter.models import Campaign
from ops.cache import purge_site

from .models import LaunchFlip, LaunchSettings

logger = logging.getLogger(__name__)


def due(now):
    return LaunchSettings.objects.filter(prelaunch=True, launched_at__isnull=True, launch_at__lte=now)


def flip_due_sites(now=None):
    """Flip every site whose launch time has come. Returns the LaunchFlip rows this call created."""
    now = now or timezone.now()
    flipped = []
    for site_id in due(now).values_list("site_id", flat=True):
        claim = flip(site_id, now)
        if claim is not None:
            flipped.append(claim)
    return flipped


def flip(site_id, now):
    """Launch one site, unless another worker already did. Returns the LaunchFlip, or None."""
    try:
        with transaction.atomic():
            claim = LaunchFlip.objects.create(site_id=site_id, flipped_at=now)
            launch = LaunchSettings.objects.select_for_update().get(site_id=site_id)
            launch.prelaunch = False
            launch.launched_at = now
            launch.save()
            claim.announcement, claim.note = schedule_announcement(launch.announcement, now)
            claim.save(update_fields=["announcement", "note"])
    except IntegrityError:
        return None  # another worker launched this site
    # Saving the setting purged the cache already, but before the commit: a page rendered in between still showed
    # the waitlist. Now every render sees the launched site.
    purge_site()
    if claim.announcement is not None:
        # After the commit: the issue is marked scheduled now, so resume_sends would start it within a minute anyway.
        newsletter_tasks.schedule(claim.announcement, now)
    logger.info("Site %s launched at %s; %s", site_id, now, claim.note)
    return claim


def schedule_announcement(campaign, now):
    """Mark the announcement scheduled for now, in the flip's transaction. (campaign or None, what happened)."""
    if campaign is None:
        return None, "No announcement issue was chosen."
    marked = Campaign.objects.filter(
        Q(status=Campaign.Status.DRAFT) | Q(status=Campaign.Status.SCHEDULED), pk=campaign.pk
    ).update(status=Campaign.Status.SCHEDULED, scheduled_at=now)
    if not marked:
        return None, f"The announcement “{campaign}” was not a draft any more: not sent."
    return campaign, f"Sending the announcement “{campaign}”."
