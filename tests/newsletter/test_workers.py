"""Exactly once with real worker processes on PostgreSQL: two workers at once, both killed mid-send, resumed."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone

from newsletter import tasks
from newsletter.models import Campaign, Delivery, Subscriber
from tests.conftest import free_port

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


class GatedSink:
    """Accepts messages until the gate closes; then holds every new recipient at RCPT, before any DATA."""

    def __init__(self, close_after):
        self.messages, self.close_after, self.released, self.held = [], close_after, False, 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if len(self.messages) >= self.close_after and not self.released:
            self.held += 1
            while not self.released:
                await asyncio.sleep(0.02)
            self.held -= 1
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def start_worker(port, name):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.newsletter.worker_settings",
        "LAUNCHKIT_TEST_DB_NAME": connection.settings_dict["NAME"],
        "LAUNCHKIT_TEST_SMTP_PORT": str(port),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--interval",
            "0.2",
            "--no-startup-delay",
            "--worker-id",
            name,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_two_workers_killed_mid_send_and_resumed_deliver_exactly_once(settings):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED and concurrent worker processes need PostgreSQL")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NEWSLETTER_LEASE_SECONDS = 3
    sink, port = GatedSink(close_after=12), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    workers = []
    try:
        now = timezone.now()
        Subscriber.objects.bulk_create(
            [Subscriber(email=f"r{n}@example.com", status="confirmed", confirmed_at=now) for n in range(40)]
        )
        campaign = Campaign(subject="Exactly once")
        campaign.body = [("heading", "Hello")]
        campaign.save()
        tasks.send_now(campaign)  # only enqueued: the workers do the work

        workers = [start_worker(port, "a"), start_worker(port, "b")]
        wait_for(lambda: len(sink.messages) >= 12, 120, "the first messages")
        # Both workers are now held at RCPT (or idle): nothing of what they hold was accepted yet.
        wait_for(lambda: sink.held >= 1, 30, "a worker at the gate")
        time.sleep(1.5)
        claimed = Delivery.objects.filter(campaign=campaign, status=Delivery.Status.SENDING).count()
        assert claimed > 0
        for worker in workers:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(10)
        sink.released = True

        # Resumed: the periodic job finds rows whose lease ran out and two fresh workers finish them.
        time.sleep(settings.NEWSLETTER_LEASE_SECONDS + 0.5)
        tasks.resume_sends.call()
        workers = [start_worker(port, "c"), start_worker(port, "d")]
        wait_for(lambda: Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.SENT, 120, "the send to finish")
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(10)
        controller.stop()

    recipients = [rcpt for envelope in sink.messages for rcpt in envelope.rcpt_tos]
    assert sorted(recipients) == sorted(f"r{n}@example.com" for n in range(40))  # each exactly once
    assert Delivery.objects.filter(campaign=campaign, status=Delivery.Status.SENT).count() == 40
    workers_used = set(Delivery.objects.filter(campaign=campaign).values_list("claimed_by", flat=True))
    assert len(workers_used) >= 2
