"""Scheduled publishing and expiry go through the real worker path: scheduler -> database queue -> db_worker."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from blog.models import BlogPostPage
from ops import scheduler
from ops.models import ScheduledJob
from ops.tasks import publish_scheduled_pages
from tests.factories import add_post

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", batch=True, interval=0, reload=False)


def test_publish_job_is_registered_every_minute():
    job = scheduler.discover()[publish_scheduled_pages.module_path]
    assert job.every == timedelta(minutes=1)


# transaction=True: the worker closes its database connection between tasks, as in production.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_scheduled_post_goes_live_and_expired_post_goes_offline(blog):
    draft = add_post(blog, title="Tomorrow's news", live=False)
    draft.go_live_at = timezone.now() + timedelta(minutes=1)  # what the admin's "Set schedule" does
    draft.save_revision().publish()
    draft.refresh_from_db()
    assert not draft.live and draft.go_live_at  # scheduled, not live

    expiring = add_post(blog, title="Old offer")
    expiring.expire_at = timezone.now() + timedelta(minutes=1)
    expiring.save_revision().publish()
    assert BlogPostPage.objects.get(pk=expiring.pk).live

    # Nothing is due yet: the job runs but changes nothing.
    assert publish_scheduled_pages.module_path in scheduler.enqueue_due()
    run_worker()
    assert not BlogPostPage.objects.get(pk=draft.pk).live

    # A minute later the scheduler enqueues the job again and the worker publishes and expires.
    later = timezone.now() + timedelta(minutes=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert publish_scheduled_pages.module_path in scheduler.enqueue_due(later)
        run_worker()
    assert BlogPostPage.objects.get(pk=draft.pk).live
    assert BlogPostPage.objects.get(pk=draft.pk).title == "Tomorrow's news"
    gone = BlogPostPage.objects.get(pk=expiring.pk)
    assert not gone.live and gone.expired
    results = DBTaskResult.objects.filter(task_path=publish_scheduled_pages.module_path)
    assert results.count() == 2 and all(result.status == "SUCCESSFUL" for result in results)
    state = ScheduledJob.objects.get(name=publish_scheduled_pages.module_path)
    assert state.next_run_at == later + timedelta(minutes=1)
