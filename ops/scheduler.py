"""Periodic jobs without cron.

Apps register django-tasks tasks with `@periodic(every=...)` in their `tasks.py`. Every worker started with
`manage.py run_worker` runs a scheduler thread that enqueues the jobs that are due. A row per job, claimed in a
transaction, makes sure that any number of workers enqueue each run once.
"""

import logging
import threading
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import ScheduledJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    task: object
    every: timedelta

    @property
    def name(self):
        return self.task.module_path


REGISTRY: dict[str, PeriodicJob] = {}


def periodic(every):
    """Register a django-tasks task to be enqueued every `every` (a timedelta)."""

    def register(task):
        job = PeriodicJob(task=task, every=every)
        REGISTRY[job.name] = job
        return task

    return register


def discover():
    autodiscover_modules("tasks")
    return REGISTRY


def enqueue_due(now=None):
    """Enqueue every registered job whose time has come. Returns the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for name, job in sorted(discover().items()):
        try:
            with transaction.atomic():
                state = ScheduledJob.objects.select_for_update().filter(name=name).first()
                if state is None:
                    state = ScheduledJob.objects.create(name=name)
                if state.next_run_at and state.next_run_at > now:
                    continue
                job.task.enqueue()
                state.last_enqueued_at = now
                state.next_run_at = now + job.every
                state.save(update_fields=["last_enqueued_at", "next_run_at"])
                enqueued.append(name)
        except IntegrityError:
            # Another scheduler created the row at the same moment; it enqueues this run.
            continue
    return enqueued


def run_forever(stop: threading.Event, tick: float = 15.0):
    while not stop.is_set():
        try:
            for name in enqueue_due():
                logger.info("Scheduler enqueued %s", name)
        except Exception:
            logger.exception("Scheduler tick failed; retrying in %s s", tick)
        finally:
            close_old_connections()
        stop.wait(tick)
