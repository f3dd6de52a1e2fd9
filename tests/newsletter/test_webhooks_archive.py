import base64
import json

import feedparser
import pytest
from django.utils import timezone

from newsletter import sending
from newsletter.models import Campaign, Delivery, Subscriber
from tests.factories import SubscriberFactory

from .helpers import text

pytestmark = pytest.mark.django_db

HOOK = "/anymail/postmark/tracking/"


@pytest.fixture
def secret(settings):
    settings.ESP = "postmark"  # webhooks answer only for the configured ESP (ops/esp.py)
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret"}
    return "Basic " + base64.b64encode(b"hook:s3cret").decode()


def postmark(client, auth, record_type, kind, email):
    payload = {
        "RecordType": record_type,
        "Type": kind,
        "TypeCode": 1,
        "Email": email,
        "BouncedAt": "2026-11-30T10:00:00Z",
        "MessageID": "00000000-0000-0000-0000-000000000000",
        "Description": "The server was unable to deliver your message",
        "Details": "smtp;550 5.1.1 no such user",
    }
    headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
    return client.post(HOOK, json.dumps(payload), content_type="application/json", **headers)


def test_bounce_webhook_needs_the_secret(client, secret):
    reader = SubscriberFactory(email="x@example.com", status="confirmed")
    assert postmark(client, None, "Bounce", "HardBounce", "x@example.com").status_code in (400, 401, 403)
    wrong = "Basic " + base64.b64encode(b"hook:wrong").decode()
    assert postmark(client, wrong, "Bounce", "HardBounce", "x@example.com").status_code in (400, 401, 403)
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED


def test_hard_bounce_and_complaint_stop_all_sending(client, secret, home_page, smtp_sink):
    bouncing = SubscriberFactory(email="Bounce@example.com", status="confirmed")
    angry = SubscriberFactory(email="angry@example.com", status="confirmed")
    soft = SubscriberFactory(email="full@example.com", status="confirmed")
    fine = SubscriberFactory(email="fine@example.com", status="confirmed")
    campaign = Campaign(subject="Next")
    campaign.body = [("heading", "Hi")]
    campaign.save()
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SENDING)
    sending.queue_deliveries(campaign)

    assert postmark(client, secret, "Bounce", "HardBounce", "bounce@example.com").status_code == 200
    assert postmark(client, secret, "SpamComplaint", "SpamComplaint", "angry@example.com").status_code == 200
    assert postmark(client, secret, "Bounce", "SoftBounce", "full@example.com").status_code == 200
    for subscriber, status in ((bouncing, "bounced"), (angry, "complained"), (soft, "confirmed")):
        subscriber.refresh_from_db()
        assert subscriber.status == status
    assert bouncing.bounced_at and "Postmark bounced" in bouncing.status_reason

    sending.Sender(campaign.pk).run()
    assert sorted(r for e in smtp_sink.messages for r in e.rcpt_tos) == ["fine@example.com", "full@example.com"]
    assert campaign.deliveries.filter(status=Delivery.Status.SKIPPED).count() == 2
    assert fine.pk


def test_archive_lists_only_sent_public_issues_with_rss(client, home_page):
    sent = Campaign(subject="First issue", preheader="Hello world", status="sent", finished_at=timezone.now())
    sent.body = [("rich_text", "<p>The body of the first issue.</p>")]
    sent.save()
    Campaign.objects.create(subject="Private", status="sent", in_archive=False, finished_at=timezone.now())
    Campaign.objects.create(subject="Draft one")
    page = text(client.get("/newsletter/archive/"))
    assert "First issue" in page and "Private" not in page and "Draft one" not in page
    detail = client.get(f"/newsletter/archive/{sent.slug}/")
    assert "The body of the first issue." in text(detail)
    assert client.get("/newsletter/archive/draft-one/").status_code == 404
    assert client.get("/newsletter/archive/?page=abc").status_code == 200
    feed = feedparser.parse(client.get("/newsletter/archive/feed/").content)
    assert [entry.title for entry in feed.entries] == ["First issue"]
    assert feed.entries[0].link.endswith(f"/newsletter/archive/{sent.slug}/")


def test_archive_query_count_does_not_grow(client, home_page, django_assert_max_num_queries):
    for n in range(3):
        Campaign.objects.create(subject=f"Issue {n}", status="sent", finished_at=timezone.now())
    client.get("/newsletter/archive/")
    with django_assert_max_num_queries(12) as small:
        client.get("/newsletter/archive/")
    for n in range(15):
        Campaign.objects.create(subject=f"More {n}", status="sent", finished_at=timezone.now())
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/newsletter/archive/")
