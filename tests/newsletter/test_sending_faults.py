"""Faults during a send: a dropped connection, a mail server that is down, a worker killed right after the server
accepted a message, and two sends of the same issue at once. Nobody gets an issue twice; nothing is half-written."""

import io
import os
import signal
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from newsletter import sending, tasks
from newsletter.models import Campaign, Delivery, Subscriber
from tests.conftest import SmtpSink, free_port
from tests.newsletter.test_sending import confirmed, make_campaign
from tests.newsletter.test_workers import start_worker, wait_for


def received(sink):
    return Counter(rcpt for envelope in sink.messages for rcpt in envelope.rcpt_tos)


def rewind_retries():
    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))


class DroppingSink(SmtpSink):
    """Takes in the whole message for one recipient, then drops the connection instead of answering."""

    def __init__(self, victim):
        super().__init__()
        self.victim, self.dropped = victim, False

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        if envelope.rcpt_tos == [self.victim] and not self.dropped:
            self.dropped = True
            server.transport.abort()
        return "250 OK"


def serve(sink, settings):
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    return controller


@pytest.mark.django_db
def test_a_connection_that_breaks_after_the_message_went_out_is_never_sent_again(home_page, settings):
    readers = confirmed(4)
    victim = readers[1].email
    sink = DroppingSink(victim)
    controller = serve(sink, settings)
    try:
        campaign = make_campaign()
        tasks.send_now(campaign)
        rewind_retries()  # time passes: retries and the periodic job run
        tasks.resume_sends.call()
    finally:
        controller.stop()

    assert sink.dropped
    assert received(sink) == {reader.email: 1 for reader in readers}
    unknown = campaign.deliveries.get(subscriber__email=victim)
    assert unknown.status == Delivery.Status.UNKNOWN and "may have accepted" in unknown.error
    assert unknown.handed_at is not None and unknown.attempts == 1
    assert campaign.deliveries.filter(status=Delivery.Status.SENT).count() == 3
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT and campaign.stats()["done"] == 4


@pytest.mark.django_db
def test_a_mail_server_that_is_down_delays_the_send_and_loses_nothing(home_page, settings, smtp_sink):
    readers = confirmed(3)
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nobody listens: connection refused
    campaign = make_campaign()
    tasks.send_now(campaign)

    rows = list(campaign.deliveries.all())
    assert len(rows) == 3 and smtp_sink.messages == []
    for row in rows:  # each failure recorded whole: queued again, with the reason, not handed over
        assert (row.status, row.attempts, row.handed_at, row.claimed_by) == (Delivery.Status.QUEUED, 1, None, "")
        assert "ConnectionRefusedError" in row.error and row.next_attempt_at > timezone.now()
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENDING

    settings.EMAIL_PORT = working_port  # the server is back
    rewind_retries()
    tasks.resume_sends.call()
    assert received(smtp_sink) == {reader.email: 1 for reader in readers}
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT and campaign.stats()["sent"] == 3


class KillingSink(SmtpSink):
    """Stores the nth message, then kills the worker sending it before answering "250 OK"."""

    def __init__(self, nth):
        super().__init__()
        self.nth, self.worker, self.killed = nth, None, None

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        if len(self.messages) == self.nth:
            os.killpg(self.worker.pid, signal.SIGKILL)
            self.worker.wait(10)
            self.killed = envelope.rcpt_tos[0]
        return "250 OK"


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_as_the_server_accepts_a_message_never_sends_it_again_on_resume(settings):
    if connection.vendor != "postgresql":
        pytest.skip("worker processes share the test database on PostgreSQL only (SQLite's is in memory)")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NEWSLETTER_LEASE_SECONDS = 3
    sink, port = KillingSink(nth=4), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    workers = []
    try:
        now = timezone.now()
        Subscriber.objects.bulk_create(
            [Subscriber(email=f"r{n}@example.com", status="confirmed", confirmed_at=now) for n in range(10)]
        )
        campaign = make_campaign()
        tasks.send_now(campaign)  # only enqueued: the worker does the work
        sink.worker = start_worker(port, "doomed")
        workers.append(sink.worker)
        wait_for(lambda: sink.killed, 120, "the worker to be killed")

        time.sleep(settings.NEWSLETTER_LEASE_SECONDS + 0.5)  # its leases run out
        tasks.resume_sends.call()
        workers.append(start_worker(port, "resumed"))
        wait_for(lambda: Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.SENT, 120, "the send to end")
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(10)
        controller.stop()

    assert received(sink) == {f"r{n}@example.com": 1 for n in range(10)}  # the killed one too: at most once
    killed = campaign.deliveries.get(subscriber__email=sink.killed)
    assert killed.status == Delivery.Status.UNKNOWN and killed.handed_at is not None
    assert campaign.deliveries.filter(status=Delivery.Status.SENT).count() == 9
    assert len(set(campaign.deliveries.values_list("claimed_by", flat=True))) == 2  # the killed worker, then another


@pytest.mark.django_db(transaction=True)
def test_two_sends_of_the_same_issue_at_once_reach_every_reader_once(home_page, settings, smtp_sink):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SKIP LOCKED)")
    settings.NEWSLETTER_BATCH_SIZE = 3
    readers = confirmed(24)
    campaign = make_campaign()
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SCHEDULED, scheduled_at=timezone.now())
    both = threading.Barrier(2)

    def send(name):
        try:
            both.wait(10)
            sending.start(campaign.pk)  # both start the issue, as two start_campaign tasks would
            return sending.Sender(campaign.pk, worker=name).run()
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        counts = list(pool.map(send, ["first", "second"]))

    assert sum(counts) == 24
    assert received(smtp_sink) == {reader.email: 1 for reader in readers}
    assert campaign.deliveries.count() == 24
    assert campaign.deliveries.filter(status=Delivery.Status.SENT).count() == 24
    assert sending.finish_if_done(campaign.pk)


@pytest.mark.django_db
def test_the_send_page_and_the_command_tell_editors_about_messages_of_unknown_outcome(admin_client, home_page):
    reader, other = confirmed(2)
    campaign = make_campaign()
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENT, queued_at=timezone.now())
    Delivery.objects.create(campaign=campaign, subscriber=reader, status=Delivery.Status.UNKNOWN)
    Delivery.objects.create(campaign=campaign, subscriber=other, status=Delivery.Status.SENT)

    page = admin_client.get(reverse("newsletter_campaign_send", args=[campaign.pk])).content.decode()
    assert "Outcome unknown" in page
    assert campaign.stats()["done"] == 2 and campaign.stats()["percent"] == 100
    out = io.StringIO()
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENDING)
    call_command("send_newsletter", str(campaign.pk), "--inline", stdout=out)
    assert "1 outcome unknown" in out.getvalue()
