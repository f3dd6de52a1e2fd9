import email
import email.policy
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from newsletter import sending, tasks
from newsletter.models import Campaign, Delivery, Subscriber, Tag
from tests.conftest import free_port
from tests.factories import BlogIndexPageFactory, BlogPostPageFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

BODY = [
    ("heading", "What's new"),
    (
        "rich_text",
        '<p>We shipped <a href="/pricing/">pricing</a> and <a href="https://other.example/">a partner</a>.</p>',
    ),
    ("button", {"label": "Try it", "url": "http://testserver/signup/"}),
]


def confirmed(n, **kwargs):
    return [
        SubscriberFactory(status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now(), **kwargs) for _ in range(n)
    ]


def make_campaign(**kwargs):
    campaign = Campaign(subject="Issue one", preheader="The first issue", **kwargs)
    campaign.body = BODY
    campaign.save()
    return campaign


def parse(envelope):
    return email.message_from_bytes(envelope.content, policy=email.policy.default)


def test_an_issue_goes_once_to_every_confirmed_subscriber(smtp_sink, home_page):
    readers = confirmed(5)
    SubscriberFactory(status=Subscriber.Status.PENDING)
    SubscriberFactory(status=Subscriber.Status.UNSUBSCRIBED)
    campaign = make_campaign()
    tasks.send_now(campaign)

    received = sorted(rcpt for envelope in smtp_sink.messages for rcpt in envelope.rcpt_tos)
    assert received == sorted(r.email for r in readers)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT and campaign.finished_at
    assert campaign.stats()["sent"] == 5 and campaign.stats()["total"] == 5

    message = parse(smtp_sink.messages[0])
    assert message["List-Unsubscribe"].strip().startswith("<http://testserver/newsletter/u/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"].startswith(f"<issue-{campaign.pk}-") and message["Date"]
    html = next(part for part in message.walk() if part.get_content_type() == "text/html").get_payload(decode=True)
    html = html.decode()
    text = next(part for part in message.walk() if part.get_content_type() == "text/plain").get_payload(decode=True)
    # Every link is the reader's own click-counting redirect (newsletter/clicks.py); the targets it leads to keep
    # their UTM tags, and other sites' links are left as they were.
    targets = set(campaign.links.values_list("url", flat=True))
    assert "http://testserver/pricing/?utm_source=newsletter&utm_medium=email&utm_campaign=issue-one" in targets
    assert "https://other.example/" in targets
    assert 'href="http://testserver/newsletter/c/' in html and "other.example" not in html
    assert 'style="' in html and "@media" in html  # inlined, and still responsive
    assert "%%" not in html and "Try it" in text.decode()


def test_audience_by_tags(smtp_sink, home_page):
    vip = Tag.objects.create(name="vip")
    tagged = confirmed(2)
    for reader in tagged:
        reader.tags.add(vip)
    confirmed(3)
    campaign = make_campaign(audience=Campaign.Audience.TAGS)
    campaign.tags.set([vip])
    campaign.save()
    tasks.send_now(campaign)
    assert sorted(r for e in smtp_sink.messages for r in e.rcpt_tos) == sorted(r.email for r in tagged)


def test_resuming_and_rerunning_never_sends_twice(smtp_sink, home_page):
    confirmed(6)
    campaign = make_campaign()
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENDING)
    sending.queue_deliveries(campaign)
    sending.queue_deliveries(campaign)  # idempotent
    assert campaign.deliveries.count() == 6

    # A worker claims a batch and dies before sending any of it.
    dead = sending.claim(campaign.pk, worker="dead-worker", batch_size=3)
    assert len(dead) == 3
    assert sending.Sender(campaign.pk, worker="alive").run() == 3  # the leased rows are not touched
    Delivery.objects.filter(pk__in=dead).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert sending.Sender(campaign.pk, worker="alive").run() == 3  # lease over: taken over
    assert sending.Sender(campaign.pk, worker="again").run() == 0
    assert sending.finish_if_done(campaign.pk)
    rcpts = [r for e in smtp_sink.messages for r in e.rcpt_tos]
    assert len(rcpts) == len(set(rcpts)) == 6


def test_a_subscriber_who_leaves_mid_send_is_skipped(smtp_sink, home_page):
    first, second = confirmed(2)
    campaign = make_campaign()
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENDING)
    sending.queue_deliveries(campaign)
    second.unsubscribe()
    sending.Sender(campaign.pk).run()
    assert [r for e in smtp_sink.messages for r in e.rcpt_tos] == [first.email]
    assert campaign.deliveries.get(subscriber=second).status == Delivery.Status.SKIPPED


class FlakySink:
    """Refuses some recipients: 451 (try later) once, or 550 (no such user) always."""

    def __init__(self):
        self.messages, self.tries = [], {}

    async def handle_DATA(self, server, session, envelope):
        rcpt = envelope.rcpt_tos[0]
        self.tries[rcpt] = self.tries.get(rcpt, 0) + 1
        if rcpt.startswith("busy") and self.tries[rcpt] == 1:
            return "451 4.3.0 Mailbox busy, try later"
        if rcpt.startswith("gone"):
            return "550 5.1.1 No such user"
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def flaky_sink(settings):
    sink, port = FlakySink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield sink
    controller.stop()


def test_transient_failures_retry_with_backoff_and_permanent_ones_are_recorded(flaky_sink, home_page, settings):
    settings.NEWSLETTER_RETRY_BASE_SECONDS = 60
    SubscriberFactory(email="busy@example.com", status=Subscriber.Status.CONFIRMED)
    SubscriberFactory(email="gone@example.com", status=Subscriber.Status.CONFIRMED)
    SubscriberFactory(email="fine@example.com", status=Subscriber.Status.CONFIRMED)
    campaign = make_campaign()
    before = timezone.now()
    tasks.send_now(campaign)

    busy = campaign.deliveries.get(subscriber__email="busy@example.com")
    assert busy.status == Delivery.Status.QUEUED and busy.attempts == 1 and "451" in busy.error
    assert busy.next_attempt_at >= before + timedelta(seconds=59)
    gone = campaign.deliveries.get(subscriber__email="gone@example.com")
    assert gone.status == Delivery.Status.FAILED and "550" in gone.error
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENDING  # waiting for the retry

    # Time passes; the periodic job picks the send up again.
    Delivery.objects.filter(pk=busy.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    tasks.resume_sends.call()
    busy.refresh_from_db()
    assert busy.status == Delivery.Status.SENT and busy.attempts == 2
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    assert campaign.stats() | {} == campaign.stats()
    assert sorted(r for e in flaky_sink.messages for r in e.rcpt_tos) == ["busy@example.com", "fine@example.com"]


def test_backoff_doubles():
    assert [sending.backoff(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]


def test_throttle_keeps_to_the_rate_across_windows():
    now = [1000.0]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    throttle = sending.Throttle("5/s", key="test-throttle", sleep=sleep, clock=lambda: now[0])
    stamps = []
    for _ in range(12):
        throttle.wait()
        stamps.append(now[0])
        now[0] += 0.01
    per_second = {}
    for stamp in stamps:
        per_second[int(stamp)] = per_second.get(int(stamp), 0) + 1
    assert max(per_second.values()) == 5 and len(per_second) == 3
    assert len(slept) == 2


def test_rate_settings_parse():
    assert sending.parse_rate("600/m") == (600, 60)
    assert sending.parse_rate("20/s") == (20, 1)
    assert sending.parse_rate("") is None and sending.parse_rate("fast") is None


def test_scheduled_issue_starts_when_due(smtp_sink, home_page):
    confirmed(2)
    campaign = make_campaign()
    assert tasks.schedule(campaign, timezone.now() + timedelta(hours=1))
    tasks.resume_sends.call()
    assert smtp_sink.messages == []
    Campaign.objects.filter(pk=campaign.pk).update(scheduled_at=timezone.now() - timedelta(seconds=1))
    tasks.resume_sends.call()
    assert len(smtp_sink.messages) == 2
    assert not tasks.schedule(campaign, timezone.now())  # a sent issue can't be sent again


def test_post_teaser_reads_only_stable_post_fields(smtp_sink, home_page):
    index = BlogIndexPageFactory(parent=home_page)
    post = BlogPostPageFactory(parent=index, title="Launch notes", summary="How the launch went.")
    confirmed(1)
    campaign = make_campaign()
    campaign.body = [("post_teaser", {"page": post, "title": "", "summary": "", "button_label": "Read"})]
    campaign.save()
    tasks.send_now(campaign)
    html = parse(smtp_sink.messages[0]).get_payload()[1].get_payload(decode=True).decode()
    assert "Launch notes" in html and "How the launch went." in html
    [target] = [url for url in campaign.links.values_list("url", flat=True) if post.url in url]
    assert "utm_campaign=issue-one" in target and "/newsletter/c/" in html
