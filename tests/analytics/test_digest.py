from datetime import date, datetime, timedelta
from email import message_from_bytes
from email.policy import default

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from analytics import digest, recording
from analytics.models import DigestLog, DigestPreference
from analytics.tasks import prune, weekly_digest
from ops import scheduler
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 30)
LAST_WEEK = [MONDAY - timedelta(days=n) for n in range(1, 8)]  # Nov 23 .. Nov 29
WEEK_BEFORE = [MONDAY - timedelta(days=n) for n in range(8, 15)]


def at(day):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


@pytest.fixture
def editors(db):
    User = get_user_model()
    ada = User.objects.create_user("ada", "ada@example.com", "pw", is_staff=True)
    grace = User.objects.create_user("grace", "grace@example.com", "pw")
    User.objects.create_user("nope", "nope@example.com", "pw")
    DigestPreference.objects.create(user=ada, weekly_digest=True)
    DigestPreference.objects.create(user=grace, weekly_digest=True)
    # The digest goes to those who may see the report (tests/analytics/test_permissions.py: and no one else).
    view_report = Permission.objects.get(content_type__app_label="analytics", codename="view_report")
    for user in (ada, grace):
        user.user_permissions.add(view_report)
    return ada, grace


@pytest.fixture
def two_weeks(beacon, monkeypatch, site_pages):
    """The week before: 2 views by 2 visitors, 1 signup. Last week: 6 views by 3 visitors, 2 signups, clicks."""
    for index, day in enumerate(WEEK_BEFORE[:2]):
        monkeypatch.setattr(recording, "today", lambda day=day: day)
        beacon({"path": "/"}, ip=f"198.51.100.{index}")
    SubscriberFactory(email="old@example.com", created_at=at(WEEK_BEFORE[0]))
    day = LAST_WEEK[0]
    monkeypatch.setattr(recording, "today", lambda: day)
    for index in range(3):
        beacon({"path": "/blog/launch-week/", "utm_source": "hn"}, ip=f"203.0.113.{index}")
        beacon({"path": "/blog/launch-week/", "utm_source": "hn"}, ip=f"203.0.113.{index}")
    SubscriberFactory(email="n1@example.com", utm_source="hn", source_path="/blog/launch-week/", created_at=at(day))
    SubscriberFactory(email="n2@example.com", utm_source="hn", source_path="/blog/launch-week/", created_at=at(day))
    from analytics.events import record_event

    for _ in range(4):
        record_event("resource_click", path="/resources/", target=str(site_pages["plausible"].pk), when=at(day))


def test_digest_content_sent_over_smtp(two_weeks, editors, smtp_sink, settings):
    settings.ANALYTICS_DEAD_LINKS_PROVIDER = ""  # the resources app's provider is covered in tests/resources
    assert digest.send_digest(today=MONDAY) == 2
    assert sorted(m.rcpt_tos[0] for m in smtp_sink.messages) == ["ada@example.com", "grace@example.com"]
    message = message_from_bytes(smtp_sink.messages[0].content, policy=default)
    assert message["Subject"] == "Launchkit weekly: Nov 23 to Nov 29"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Page views: 6 (+200% vs the week before)" in text
    assert "Visitors: 3 (+50% vs the week before)" in text
    assert "New subscribers: 2 (+100% vs the week before)" in text
    assert "- /blog/launch-week/: 6 views, 2 signups" in text
    assert "- hn: 3 visitors, 2 signups" in text
    assert "- Plausible: 4 clicks" in text
    assert "Links newly found dead" not in text  # no provider: the section is left out
    assert "http://testserver/admin/analytics/?start=2026-11-23&amp;end=2026-11-29" in html
    assert "+200% vs the week before" in html


def test_dead_links_section_when_a_provider_is_wired(two_weeks, editors, settings, mailoutbox):
    settings.ANALYTICS_DEAD_LINKS_PROVIDER = "tests.analytics.test_digest.fake_dead_links"
    digest.send_digest(to=["ada@example.com"], today=MONDAY)
    assert "- Old tool: https://gone.example/" in mailoutbox[0].body


def fake_dead_links(start, end):
    assert (start, end) == (LAST_WEEK[-1], LAST_WEEK[0])
    return [{"title": "Old tool", "url": "https://gone.example/", "page_url": "http://testserver/resources/old/"}]


def test_a_failing_provider_does_not_cost_the_digest(settings, mailoutbox, db):
    settings.ANALYTICS_DEAD_LINKS_PROVIDER = "tests.analytics.test_digest.broken_dead_links"
    assert digest.send_digest(to=["ada@example.com"], today=MONDAY) == 1
    assert "None. All links are alive." in mailoutbox[0].body


def broken_dead_links(start, end):
    raise RuntimeError("link checker down")


def test_weekly_digest_is_sent_once_per_week(editors, mailoutbox, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: MONDAY)
    assert digest.send_weekly_digest_if_due() == 2
    assert digest.send_weekly_digest_if_due() == 0
    assert DigestLog.objects.get().recipients == 2
    assert len(mailoutbox) == 2


def test_scheduler_runs_the_digest_and_the_pruning(editors, mailoutbox):
    jobs = scheduler.discover()
    assert weekly_digest.module_path in jobs and jobs[weekly_digest.module_path].every == timedelta(hours=1)
    enqueued = scheduler.enqueue_due()
    assert weekly_digest.module_path in enqueued
    assert len(mailoutbox) == 2  # the immediate backend ran it


def test_preview_and_send_now_from_the_admin(two_weeks, editors, client, smtp_sink):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(admin)
    preview = client.get("/admin/analytics/digest/")
    assert preview.status_code == 200
    assert "Top posts and pages" in preview.content.decode()
    assert client.get("/admin/analytics/digest/?format=text")["Content-Type"].startswith("text/plain")

    response = client.post("/admin/analytics/digest/send/", {"to": "me"}, follow=True)
    assert "Sent the weekly digest to 1 address." in response.content.decode()
    assert [m.rcpt_tos for m in smtp_sink.messages] == [["boss@example.com"]]
    client.post("/admin/analytics/digest/send/", {"to": "all"})
    assert len(smtp_sink.messages) == 3
    assert client.get("/admin/analytics/digest/send/").status_code == 405


def test_editor_opts_in_and_out(client, db):
    user = get_user_model().objects.create_superuser("lin", "lin@example.com", "pw")
    client.force_login(user)
    client.post("/admin/analytics/digest/preference/", {"weekly_digest": "on"})
    assert digest.recipients() == ["lin@example.com"]
    client.post("/admin/analytics/digest/preference/", {})
    assert digest.recipients() == []


def test_prune_keeps_aggregates_and_drops_old_raw_events(settings, db):
    from analytics.events import record_event
    from analytics.models import DailyEvent, Event

    settings.ANALYTICS_RETENTION_DAYS = 30
    record_event("share_click", target="x", when=timezone.now() - timedelta(days=40))
    record_event("share_click", target="x", when=timezone.now())
    assert prune()["events"] == 1
    assert Event.objects.count() == 1
    assert DailyEvent.objects.count() == 2


def test_apps_add_sections_through_the_weekly_digest_sections_hook(db, mailoutbox):
    from wagtail import hooks

    def follow_ups(start, end):
        return [{"heading": "Follow-ups due", "items": [{"text": "Write to Ada", "url": "http://testserver/x/"}]}]

    def broken(start, end):
        raise RuntimeError("outreach down")

    with (
        hooks.register_temporarily("weekly_digest_sections", broken),
        hooks.register_temporarily("weekly_digest_sections", follow_ups),
    ):
        assert digest.send_digest(to=["ada@example.com"], today=MONDAY) == 1
    message = mailoutbox[0]
    assert "Follow-ups due\n- Write to Ada: http://testserver/x/" in message.body
    assert '<a href="http://testserver/x/">Write to Ada</a>' in message.alternatives[0][0]
