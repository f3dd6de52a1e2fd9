from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from ops.scheduler import periodic

from .digest import send_weekly_digest_if_due
from .models import DailyEvent, DailySalt, DailySeen, DailyStat, Event


def prune(today=None):
    """Delete raw data: visitor hashes and salts after their day, raw events after ANALYTICS_RETENTION_DAYS, and
    daily aggregates after ANALYTICS_DAILY_RETENTION_DAYS (0 keeps them)."""
    today = today or timezone.localdate()
    seen = DailySeen.objects.filter(day__lt=today).delete()[0]
    salts = DailySalt.objects.filter(day__lt=today).delete()[0]
    cutoff = timezone.now() - timedelta(days=settings.ANALYTICS_RETENTION_DAYS)
    events = Event.objects.filter(created_at__lt=cutoff).delete()[0]
    daily = 0
    if settings.ANALYTICS_DAILY_RETENTION_DAYS:
        oldest = today - timedelta(days=settings.ANALYTICS_DAILY_RETENTION_DAYS)
        daily = DailyStat.objects.filter(day__lt=oldest).delete()[0]
        daily += DailyEvent.objects.filter(day__lt=oldest).delete()[0]
    return {"seen": seen, "salts": salts, "events": events, "daily": daily}


@periodic(every=timedelta(minutes=15))
@task()
def prune_analytics():
    return prune()


@periodic(every=timedelta(hours=1))
@task()
def weekly_digest():
    return send_weekly_digest_if_due()
