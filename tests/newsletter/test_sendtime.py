"""The send screen's send-time suggestion (issue 15, item 5): from our own clicks and visits, by weekday and hour."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from analytics.models import DailyStat, Dimension
from analytics.views import hour_of_week
from newsletter.models import Campaign, IssueClick, IssueLink
from newsletter.sendtime import (
    CLICK_WEIGHT,
    DEFAULT_SLOT,
    MIN_EVENTS,
    Suggestion,
    parse_slot,
    send_time_suggestion,
    suggest,
)
from tests.admin_users import sign_in_editor
from tests.analytics.conftest import CHROME_UA

pytestmark = pytest.mark.django_db

BERLIN = "Europe/Berlin"


# --- The scoring, on synthetic counts -------------------------------------------------------------------


def test_the_busiest_hour_wins_and_the_next_two_are_shown():
    visits = {(2, 9): 40, (4, 14): 30, (1, 8): 20, (7, 22): 5}
    suggestion = suggest({}, visits)
    assert not suggestion.fallback
    assert suggestion.slot == (2, 9) and suggestion.label == "Tuesday 9:00"
    assert [slot for slot, _ in suggestion.top] == [(2, 9), (4, 14), (1, 8)]
    assert suggestion.runners_up == [("Thursday 14:00", 30), ("Monday 8:00", 20)]


def test_a_click_weighs_more_than_a_visit():
    # 12 visits in each of four hours against 3 clicks on Thursday 18:00: 3 times CLICK_WEIGHT = 15 beats 12.
    suggestion = suggest({(4, 18): 3}, {(1, 8): 12, (3, 12): 12, (5, 5): 12, (6, 6): 12})
    assert suggestion.slot == (4, 18) and suggestion.top[0] == ((4, 18), 3 * CLICK_WEIGHT)
    assert suggestion.clicks == 3 and suggestion.visits == 48


def test_ties_go_to_the_earlier_weekday_and_hour():
    assert suggest({}, {(5, 10): 30, (3, 7): 30}).slot == (3, 7)


def test_too_little_data_falls_back_to_a_common_default_and_says_so():
    suggestion = suggest({(6, 23): 2}, {(6, 23): MIN_EVENTS - 3})
    assert suggestion.fallback and suggestion.slot == DEFAULT_SLOT
    assert suggestion.text.startswith("Tuesday 10:00 (")
    assert f"too little data yet: fewer than {MIN_EVENTS} clicks and visits" in suggestion.text
    assert suggest({}, {}).fallback


def test_the_text_says_how_much_data_it_rests_on():
    with timezone.override(BERLIN):
        text = suggest({(2, 9): 14}, {(2, 9): 300, (3, 10): 10}).text
    assert text == "Best time: Tuesday 9:00 (Europe/Berlin), from 14 clicks and 310 visits over the last 90 days."


@pytest.mark.parametrize(
    ("key", "slot"), [("2-9", (2, 9)), ("7-23", (7, 23)), ("8-1", None), ("1-24", None), ("x", None), ("", None)]
)
def test_hour_keys_are_read_strictly(key, slot):
    assert parse_slot(key) == slot


def test_the_next_suggested_moment_is_in_the_site_time_zone_across_dst():
    with timezone.override(BERLIN):
        # Friday 27 March 2026, noon; clocks go forward on Sunday 29 March.
        now = datetime(2026, 3, 27, 11, 0, tzinfo=UTC)
        when = Suggestion((2, 9)).next_at(now)
        assert when.astimezone(ZoneInfo(BERLIN)).replace(tzinfo=None) == datetime(2026, 3, 31, 9, 0)
        assert when.utcoffset() == timedelta(hours=2)  # summer time by then
        # Earlier the same day, less than an hour ahead: next week.
        assert Suggestion((5, 12)).next_at(now).date() == datetime(2026, 4, 3).date()


# --- From the database: clicks and visits in the site's time zone -------------------------------------


def clicks_at(*moments):
    campaign = Campaign.objects.create(subject="Issue")
    link = IssueLink.objects.create(campaign=campaign, url="https://example.com/")
    IssueClick.objects.bulk_create(IssueClick(link=link, clicked_at=moment) for moment in moments)


def test_clicks_are_counted_by_local_weekday_and_hour_across_dst(settings):
    settings.TIME_ZONE = BERLIN
    now = datetime(2026, 4, 10, 12, 0, tzinfo=UTC)
    # Tuesday 9:00 in Berlin is 8:00 UTC in winter (17 March) and 7:00 UTC in summer (31 March, 7 April).
    winter = [datetime(2026, 3, 17, 8, 5, tzinfo=UTC)] * 4
    summer = [datetime(2026, 3, 31, 7, 30, tzinfo=UTC), datetime(2026, 4, 7, 7, 59, tzinfo=UTC)] * 4
    late_monday_utc = [datetime(2026, 3, 30, 22, 30, tzinfo=UTC)] * 3  # Tuesday 0:30 in Berlin
    with timezone.override(BERLIN):
        clicks_at(*winter, *summer, *late_monday_utc)
        DailyStat.objects.create(day=datetime(2026, 4, 1).date(), dimension=Dimension.HOUR, key="3-15", views=60)
        suggestion = send_time_suggestion(now=now)
    assert suggestion.slot == (2, 9) and not suggestion.fallback
    assert dict(suggestion.top) == {(2, 9): 12 * CLICK_WEIGHT, (3, 15): 60, (2, 0): 3 * CLICK_WEIGHT}
    assert suggestion.clicks == 15 and suggestion.visits == 60


def test_only_the_last_ninety_days_count():
    now = timezone.now()
    clicks_at(*[now - timedelta(days=120)] * 30)
    DailyStat.objects.create(day=(now - timedelta(days=100)).date(), dimension=Dimension.HOUR, key="1-1", views=500)
    suggestion = send_time_suggestion(now=now)
    assert suggestion.fallback and suggestion.events == 0


def test_the_send_screen_and_the_confirmation_show_the_suggestion(client, home_page):
    from tests.factories import SubscriberFactory

    SubscriberFactory(status="confirmed")
    campaign = Campaign.objects.create(subject="Next issue", body=[("heading", "Hello")])
    DailyStat.objects.create(day=timezone.localdate(), dimension=Dimension.HOUR, key="4-8", views=80)
    sign_in_editor(client, "newsletter.view_campaign", "newsletter.send_campaign")
    for url in (
        f"/admin/newsletter/issues/{campaign.pk}/send/",
        f"/admin/newsletter/issues/{campaign.pk}/send/confirm/",
    ):
        box = BeautifulSoup(client.get(url).content, "html.parser").select_one("[data-send-time]")
        assert box is not None, url
        assert "Best time: Thursday 8:00 (UTC), from 0 clicks and 80 visits over the last 90 days." in box.get_text()


# --- The beacon records the hour of the week: one more row in its one upsert -----------------------------


def test_a_page_view_counts_in_its_local_hour_of_the_week_without_another_statement(client, settings):
    settings.TIME_ZONE = BERLIN
    with timezone.override(BERLIN):
        expected = hour_of_week(timezone.now())
        with CaptureQueriesContext(connection) as context:
            response = client.post(
                "/analytics/collect", data='{"path": "/"}', content_type="text/plain", HTTP_USER_AGENT=CHROME_UA
            )
    assert response.status_code == 204
    upserts = [q["sql"] for q in context.captured_queries if "INSERT INTO" in q["sql"] and "dailystat" in q["sql"]]
    assert len(upserts) == 1
    assert DailyStat.objects.get(dimension=Dimension.HOUR).key == expected


def test_hour_keys_follow_the_site_time_zone():
    moment = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # Sunday; Berlin leaves summer time at 1:00 UTC
    with timezone.override(BERLIN):
        assert hour_of_week(moment) == "7-2"
        assert hour_of_week(moment + timedelta(hours=1)) == "7-2"  # the hour that happens twice
    with timezone.override("America/New_York"):
        assert hour_of_week(moment) == "6-20"
