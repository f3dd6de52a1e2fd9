"""Periodic jobs of the whole site; the scheduler in ops/scheduler.py enqueues them (see README)."""

import io
import logging
from datetime import timedelta

from django.core.management import call_command
from django_tasks import task

from .scheduler import periodic

logger = logging.getLogger(__name__)


@periodic(every=timedelta(minutes=1))
@task()
def publish_scheduled_pages():
    """Publish every page revision whose go-live time has passed and unpublish pages that have expired.

    This is Wagtail's own `publish_scheduled` command, so any page type (posts, resources, landing pages) and the
    admin's "scheduled" states behave exactly as Wagtail documents them.
    """
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    report = out.getvalue().strip()
    if report and "Nothing to" not in report:
        logger.info("publish_scheduled: %s", report)
    return report
