from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import task

from ops import scheduler
from ops.models import ScheduledJob

pytestmark = pytest.mark.django_db

RUNS = []


@task()
def record_run():
    RUNS.append(timezone.now())


@pytest.fixture
def hourly_job(monkeypatch):
    monkeypatch.setattr(scheduler, "REGISTRY", {})
    monkeypatch.setattr(scheduler, "discover", lambda: scheduler.REGISTRY)
    scheduler.periodic(every=timedelta(hours=1))(record_run)
    RUNS.clear()
    return record_run.module_path


def test_due_job_runs_once_per_interval(hourly_job):
    now = timezone.now()
    assert scheduler.enqueue_due(now) == [hourly_job]
    assert scheduler.enqueue_due(now + timedelta(minutes=59)) == []
    assert len(RUNS) == 1
    assert scheduler.enqueue_due(now + timedelta(hours=1)) == [hourly_job]
    assert len(RUNS) == 2
    state = ScheduledJob.objects.get(name=hourly_job)
    assert state.next_run_at == now + timedelta(hours=2)


def test_project_tasks_are_discovered():
    jobs = scheduler.discover()
    assert all(job.every > timedelta(0) for job in jobs.values())
