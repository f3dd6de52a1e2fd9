"""The launch with real worker processes on PostgreSQL: two `run_worker`s, each also handed the launch job, launch
the site once and the announcement reaches each subscriber once."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone

from launch.models import LaunchFlip, LaunchSettings
from launch.tasks import launch_when_due
from newsletter.models import Campaign
from ops import scheduler
from ops.models import ScheduledJob
from tests.conftest import SmtpSink, free_port
from tests.launch.conftest import confirmed

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def start_worker(port, name):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.newsletter.worker_settings",
        "LAUNCHKIT_TEST_DB_NAME": connection.settings_dict["NAME"],
        "LAUNCHKIT_TEST_SMTP_PORT": str(port),
    }
    command = [sys.executable, "manage.py", "run_worker", "--scheduler-tick", "0.5", "--no-reload"]
    command += ["--interval", "0.2", "--no-startup-delay", "--worker-id", name]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_two_workers_launch_once_and_send_the_announcement_once(home_page, launch, announcement, settings):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent worker processes share the test database on PostgreSQL only")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    emails = [f"w{n}@example.com" for n in range(8)]
    for email in emails:
        confirmed(email)
    LaunchSettings.objects.filter(pk=launch.pk).update(
        launch_at=timezone.now() - timedelta(seconds=1), announcement=announcement
    )
    # Only the launch job is due in the workers' schedulers; and each worker gets one more run of it to race with.
    later = timezone.now() + timedelta(hours=1)
    for name in scheduler.discover():
        if name != "launch.tasks.launch_when_due":
            ScheduledJob.objects.create(name=name, next_run_at=later)
    launch_when_due.enqueue()
    launch_when_due.enqueue()

    sink, port = SmtpSink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    workers = []
    try:
        workers = [start_worker(port, "a"), start_worker(port, "b")]
        wait_for(lambda: Campaign.objects.get(pk=announcement.pk).status == Campaign.Status.SENT, 120, "the send")
        time.sleep(2)  # any second launch would show by now
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(10)
        controller.stop()

    assert LaunchFlip.objects.count() == 1
    assert LaunchSettings.objects.get(pk=launch.pk).launched_at is not None
    recipients = [rcpt for envelope in sink.messages for rcpt in envelope.rcpt_tos]
    assert sorted(recipients) == sorted(emails)  # each exactly once
