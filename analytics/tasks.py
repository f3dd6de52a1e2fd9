from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from ops.scheduler import periodic

from .digest import send_weekly_digest_if_due
from .models import DailySalt, DailySeen, Event


def prune(today=None):
    """Delete raw data: visitor hashes and salts after their day, raw events after ANALYTICS_RETENTION_DAYS."""
    today = today or timezone.localdate()
    seen = DailySeen.objects.filter(day__lt=today).delete()[0]
    salts = DailySalt.objects.filter(day__lt=today).delete()[0]
    cutoff = timezone.now() - timedelta(days=settings.ANALYTICS_RETENTION_DAYS)
    events = Event.objects.filter(created_at__lt=cutoff).delete()[0]
    return {"seen": seen, "salts": salts, "events": events}


@periodic(every=timedelta(minutes=15))
@task()
def prune_analytics():
    return prune()


@periodic(every=timedelta(hours=1))
@task()
def weekly_digest():
    return send_weekly_digest_if_due()
