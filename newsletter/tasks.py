"""Background jobs of the newsletter, run by `manage.py run_worker` / `db_worker`."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import default_task_backend, task

from ops.scheduler import periodic

from . import emails, sending
from .models import Campaign, Delivery, Subscriber

logger = logging.getLogger(__name__)


def enqueue_at(a_task, when, *args):
    """Enqueue to run at `when`. Backends that can't defer (tests' immediate one) leave it to `resume_sends`."""
    if when <= timezone.now():
        return a_task.enqueue(*args)
    if default_task_backend.supports_defer:
        return a_task.using(run_after=when).enqueue(*args)
    return None


@task()
def send_confirmation(subscriber_id):
    subscriber = Subscriber.objects.filter(pk=subscriber_id, status=Subscriber.Status.PENDING).first()
    if subscriber is not None:
        emails.confirmation_email(subscriber).message(subscriber).send()


@task()
def send_welcome(subscriber_id):
    subscriber = Subscriber.objects.filter(pk=subscriber_id, status=Subscriber.Status.CONFIRMED).first()
    if subscriber is not None:
        emails.welcome_email(subscriber).message(subscriber).send()


@task()
def start_campaign(campaign_id):
    campaign = sending.start(campaign_id)
    if campaign is None:
        return 0
    for _ in range(max(1, settings.NEWSLETTER_WORKERS)):
        deliver.enqueue(campaign_id)
    return campaign.recipients


@task()
def deliver(campaign_id):
    sent = sending.Sender(campaign_id).run()
    if not sending.finish_if_done(campaign_id):
        wakeup = sending.next_wakeup(campaign_id)
        if wakeup is not None and Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SENDING).exists():
            enqueue_at(deliver, wakeup + timedelta(milliseconds=50), campaign_id)
    return sent


@periodic(every=timedelta(minutes=1))
@task()
def resume_sends():
    """Start due scheduled issues and pick up sends whose workers died (their leases ran out)."""
    now = timezone.now()
    for campaign_id in Campaign.objects.filter(status=Campaign.Status.SCHEDULED, scheduled_at__lte=now).values_list(
        "pk", flat=True
    ):
        start_campaign.enqueue(campaign_id)
    for campaign in Campaign.objects.filter(status=Campaign.Status.SENDING):
        if campaign.queued_at is None:
            start_campaign.enqueue(campaign.pk)
            continue
        active = Delivery.objects.filter(campaign=campaign, status=Delivery.Status.SENDING, lease_until__gte=now)
        if sending.claimable(campaign.pk, now).exists() and not active.exists():
            for _ in range(max(1, settings.NEWSLETTER_WORKERS)):
                deliver.enqueue(campaign.pk)
        else:
            sending.finish_if_done(campaign.pk)


def send_now(campaign):
    schedule(campaign, timezone.now())


def schedule(campaign, when):
    updated = Campaign.objects.filter(
        Q(status=Campaign.Status.DRAFT) | Q(status=Campaign.Status.SCHEDULED), pk=campaign.pk
    ).update(status=Campaign.Status.SCHEDULED, scheduled_at=when)
    campaign.refresh_from_db()
    if updated:
        enqueue_at(start_campaign, when, campaign.pk)
    return bool(updated)
