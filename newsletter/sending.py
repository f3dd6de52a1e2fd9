"""Sending an issue: a Delivery row per recipient, claimed in batches by any number of workers.

A row is claimed (FOR UPDATE SKIP LOCKED on PostgreSQL, the IMMEDIATE write lock on SQLite) and leased before its
message goes out. Right before the message itself is handed over (over SMTP: once the server has accepted the
recipient, before DATA), the row is marked `handed_at`; right after the server's "250 OK" it is marked sent.
A worker killed mid-batch leaves its rows leased; once the lease runs out another worker takes over the rows it had
not handed over yet. A row it had handed over may have been accepted (the unavoidable gap of RFC 1047, between the
server's "250 OK" and our commit), so it is never sent again: it is settled as `unknown`. At most once for a message
in flight, exactly once for every other. A connection that breaks after the message went out counts the same way.
"""

import logging
import os
import smtplib
import socket
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from . import emails, links
from .models import Campaign, Delivery, Subscriber

logger = logging.getLogger(__name__)

WORKER_ID = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
PERIODS = {"s": 1, "m": 60, "h": 3600}


def parse_rate(value):
    """'20/s' -> (20, 1). Empty or malformed means no limit."""
    try:
        count, _, unit = (value or "").partition("/")
        return int(count), PERIODS[unit.strip().lower()[:1]]
    except (KeyError, ValueError):
        return None


class Throttle:
    """A fixed-window counter in the shared cache, so all workers together keep to the rate."""

    def __init__(self, rate, *, key="newsletter:throttle", sleep=time.sleep, clock=time.time):
        self.rate = parse_rate(rate) if isinstance(rate, str) else rate
        self.key, self.sleep, self.clock = key, sleep, clock

    def wait(self):
        if not self.rate:
            return
        count, period = self.rate
        while True:
            now = self.clock()
            window = int(now // period)
            key = f"{self.key}:{count}/{period}:{window}"
            cache.add(key, 0, timeout=period * 2 + 1)
            try:
                used = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=period * 2 + 1)
                used = 1
            if used <= count:
                return
            self.sleep(max((window + 1) * period - now, 0.001))


def is_transient(error):
    """4xx SMTP replies, dropped connections and ESP rate limits or outages are worth retrying; the rest is not."""
    try:
        from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
    except ImportError:  # pragma: no cover
        AnymailAPIError = AnymailRecipientsRefused = ()
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, (smtplib.SMTPServerDisconnected, OSError)):
        return True
    if AnymailRecipientsRefused and isinstance(error, AnymailRecipientsRefused):
        return False
    if AnymailAPIError and isinstance(error, AnymailAPIError):
        status = getattr(error, "status_code", None)
        return status is None or status == 429 or status >= 500
    return True


def backoff(attempts):
    return timedelta(seconds=settings.NEWSLETTER_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))


def queue_deliveries(campaign, chunk_size=2000):
    """Create the missing Delivery rows for the audience, streaming ids so memory stays flat. Idempotent."""
    ids = campaign.audience_queryset().order_by("pk").values_list("pk", flat=True)
    chunk = []
    for subscriber_id in ids.iterator(chunk_size=chunk_size):
        chunk.append(Delivery(campaign_id=campaign.pk, subscriber_id=subscriber_id))
        if len(chunk) >= chunk_size:
            Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
            chunk = []
    if chunk:
        Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
    total = campaign.deliveries.count()
    Campaign.objects.filter(pk=campaign.pk).update(recipients=total, queued_at=timezone.now())
    return total


def start(campaign_id):
    """Move a due scheduled issue to sending and queue its deliveries. Safe to run twice or concurrently."""
    now = timezone.now()
    if hold_if_links_broke(campaign_id, now):
        return None
    Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SCHEDULED, scheduled_at__lte=now).update(
        status=Campaign.Status.SENDING, started_at=now
    )
    with transaction.atomic():
        # The row lock makes a second starter wait, then find the rows queued: the audience is read once.
        campaign = Campaign.objects.select_for_update().filter(pk=campaign_id, status=Campaign.Status.SENDING).first()
        if campaign is not None and campaign.queued_at is None:
            queue_deliveries(campaign)
            campaign.refresh_from_db()
    return campaign


def hold_if_links_broke(campaign_id, now):
    """A scheduled issue whose linked pages were unpublished after it was scheduled goes back to draft, unsent.

    The send page refused to schedule it with such links; this catches what changed since. The draft's send page
    names the pages, and the editor schedules it again once they are live or the links are gone.
    """
    due = Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SCHEDULED, scheduled_at__lte=now).first()
    broken = links.unpublished_links(due) if due is not None else []
    if not broken:
        return False
    Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SCHEDULED).update(status=Campaign.Status.DRAFT)
    logger.warning("Issue %s held back as a draft: %s", campaign_id, links.warning_text(broken))
    return True


ABANDONED_IN_FLIGHT = (
    "The worker stopped after handing this message to the mail server, which may have accepted it: "
    "not sent again, so nobody gets it twice."
)
BROKEN_IN_FLIGHT = "The connection broke after the message went out, so the server may have accepted it: "


def claimable(campaign_id, now):
    return Delivery.objects.filter(campaign_id=campaign_id).filter(
        Q(status=Delivery.Status.QUEUED, next_attempt_at__lte=now)
        | Q(status=Delivery.Status.SENDING, lease_until__lt=now, handed_at__isnull=True)
    )


def settle_abandoned(campaign_id, now=None):
    """Rows a dead worker had handed to the server: perhaps delivered, so they are never sent again."""
    return Delivery.objects.filter(
        campaign_id=campaign_id,
        status=Delivery.Status.SENDING,
        lease_until__lt=now or timezone.now(),
        handed_at__isnull=False,
    ).update(status=Delivery.Status.UNKNOWN, error=ABANDONED_IN_FLIGHT)


def claim(campaign_id, worker=WORKER_ID, batch_size=None):
    batch_size = batch_size or settings.NEWSLETTER_BATCH_SIZE
    now = timezone.now()
    settle_abandoned(campaign_id, now)
    with transaction.atomic():
        ids = list(
            claimable(campaign_id, now)
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if ids:
            Delivery.objects.filter(pk__in=ids).update(
                status=Delivery.Status.SENDING,
                claimed_by=worker,
                lease_until=now + timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS),
            )
    return ids


_rendered = {}


def rendered(campaign):
    # One rendering per issue per process, keyed on the content so that no stale rendering is ever reused.
    key = (campaign.pk, campaign.started_at, campaign.subject, campaign.preheader, repr(campaign.body.raw_data))
    if key not in _rendered:
        _rendered.clear()
        _rendered[key] = emails.render_campaign(campaign, track=True)
    return _rendered[key]


class Sender:
    """Sends claimed batches of one issue until none is left."""

    def __init__(self, campaign_id, worker=WORKER_ID, throttle=None, progress=None):
        self.campaign_id = campaign_id
        self.worker = worker
        self.throttle = throttle or Throttle(settings.NEWSLETTER_THROTTLE)
        self.progress = progress
        self.domain = emails.site_domain()
        self.connection = None
        self.current = None  # the row of the message being sent
        self.in_data = False  # its message has (at least partly) gone out over SMTP

    def run(self):
        """Send everything claimable. Returns the number of messages sent by this call."""
        sent = 0
        try:
            while True:
                campaign = Campaign.objects.filter(pk=self.campaign_id).first()
                if campaign is None or campaign.status != Campaign.Status.SENDING:
                    break
                ids = claim(self.campaign_id, self.worker)
                if not ids:
                    break
                sent += self.send_batch(campaign, ids)
        finally:
            self.close()
        return sent

    def open(self):
        if self.connection is None:
            self.connection = get_connection()
            self.connection.open()
            smtp = getattr(self.connection, "connection", None)  # Django's SMTP backend: the smtplib.SMTP
            if isinstance(smtp, smtplib.SMTP):
                smtp.data = self.before_data(smtp.data)
        return self.connection

    def before_data(self, data):
        """Wraps smtplib's DATA step: the server accepted sender and recipient, the message itself goes next."""

        def marked_data(message):
            self.hand_over(in_data=True)
            return data(message)

        return marked_data

    def hand_over(self, in_data=False):
        # Committed before the server can accept the message, so no resume ever sends it a second time.
        self.current.update(handed_at=timezone.now())
        self.in_data = in_data

    def send(self, message, mine):
        self.current, self.in_data = mine, False
        smtp = getattr(self.connection, "connection", None)
        if not isinstance(smtp, smtplib.SMTP):
            self.hand_over()  # other backends (ESP APIs): right before the call
        message.send()

    def close(self):
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:
                logger.debug("closing a broken connection", exc_info=True)
            self.connection = None

    def renew(self, ids):
        lease_until = timezone.now() + timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS)
        Delivery.objects.filter(pk__in=ids, claimed_by=self.worker, status=Delivery.Status.SENDING).update(
            lease_until=lease_until
        )
        return set(
            Delivery.objects.filter(pk__in=ids, claimed_by=self.worker, status=Delivery.Status.SENDING).values_list(
                "pk", flat=True
            )
        )

    def send_batch(self, campaign, ids):
        email = rendered(campaign)
        deliveries = Delivery.objects.filter(pk__in=ids).select_related("subscriber").order_by("pk")
        renewed_at, ours = time.monotonic(), set(ids)
        sent = 0
        for delivery in deliveries:
            if time.monotonic() - renewed_at > settings.NEWSLETTER_LEASE_SECONDS / 3:
                # A slow batch keeps its lease; rows another worker took over after a stall are left to it.
                ours, renewed_at = self.renew([pk for pk in ids if pk >= delivery.pk]), time.monotonic()
            if delivery.pk not in ours:
                continue
            mine = Delivery.objects.filter(pk=delivery.pk, claimed_by=self.worker, status=Delivery.Status.SENDING)
            if delivery.subscriber.status != Subscriber.Status.CONFIRMED:
                mine.update(status=Delivery.Status.SKIPPED, error=f"Subscriber is {delivery.subscriber.status}.")
                continue
            self.throttle.wait()
            message_id = f"<issue-{campaign.pk}-{delivery.pk}@{self.domain}>"
            try:
                message = email.message(
                    delivery.subscriber, message_id=message_id, connection=self.open(), delivery=delivery
                )
                self.send(message, mine)
            except Exception as error:
                self.close()
                self.failed(delivery, mine, error)
                continue
            # The server accepted it: recorded before anything else runs (and can fail).
            mine.update(
                status=Delivery.Status.SENT,
                sent_at=timezone.now(),
                attempts=delivery.attempts + 1,
                message_id=message_id,
                error="",
            )
            sent += 1
            if self.progress:
                self.progress()
        return sent

    def failed(self, delivery, mine, error):
        attempts = delivery.attempts + 1
        text = f"{type(error).__name__}: {error}"[:500]
        if self.in_data and not isinstance(error, smtplib.SMTPResponseException):
            # No reply to the message itself: it may have been accepted. A retry could deliver it twice.
            logger.warning("Delivery %s: outcome unknown, not retried: %s", delivery.pk, text)
            mine.update(status=Delivery.Status.UNKNOWN, attempts=attempts, error=(BROKEN_IN_FLIGHT + text)[:500])
            return
        if is_transient(error) and attempts < settings.NEWSLETTER_MAX_ATTEMPTS:
            logger.warning("Transient failure for delivery %s (attempt %s): %s", delivery.pk, attempts, text)
            mine.update(
                status=Delivery.Status.QUEUED,
                attempts=attempts,
                next_attempt_at=timezone.now() + backoff(attempts),
                claimed_by="",
                lease_until=None,
                handed_at=None,  # refused: safe to send again
                error=text,
            )
        else:
            logger.warning("Delivery %s failed for good: %s", delivery.pk, text)
            mine.update(status=Delivery.Status.FAILED, attempts=attempts, handed_at=None, error=text)


def next_wakeup(campaign_id):
    """When there is more to do for this issue (retries, leases of stalled workers), or None when it is done."""
    settle_abandoned(campaign_id)
    pending = Delivery.objects.filter(
        campaign_id=campaign_id, status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    ).aggregate(
        retry=Min("next_attempt_at", filter=Q(status="queued")), lease=Min("lease_until", filter=Q(status="sending"))
    )
    times = [value for value in pending.values() if value]
    return min(times) if times else None


def finish_if_done(campaign_id):
    if next_wakeup(campaign_id) is None:
        return bool(
            Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SENDING, queued_at__isnull=False).update(
                status=Campaign.Status.SENT, finished_at=timezone.now()
            )
        )
    return False
