import json

import pytest
from django.db.models import Sum

from analytics import recording
from analytics.models import DailySalt, DailySeen, DailyStat, Event

from .conftest import IPHONE_UA

pytestmark = pytest.mark.django_db


def stat(dimension, key=""):
    row = DailyStat.objects.filter(dimension=dimension, key=key).aggregate(v=Sum("views"), u=Sum("visitors"))
    return row["v"] or 0, row["u"] or 0


def test_pageview_is_aggregated_by_day_path_source_device_and_campaign(beacon, site_pages):
    data = {
        "path": "/blog/hello/?x=1",
        "referrer": "https://news.ycombinator.com/item?id=1",
        "utm_source": "HN",
        "utm_medium": "social",
        "utm_campaign": "launch",
    }
    assert beacon(data).status_code == 204
    assert beacon(data).status_code == 204  # the same visitor again
    assert beacon(data, ip="198.51.100.1", ua=IPHONE_UA).status_code == 204

    assert stat("total") == (3, 2)
    assert stat("path", "/blog/hello/") == (3, 2)
    assert stat("referrer", "news.ycombinator.com") == (3, 2)
    assert stat("source", "hn") == (3, 2)
    assert stat("utm", "hn / social / launch") == (3, 2)
    assert stat("device", "desktop") == (2, 1)
    assert stat("device", "mobile") == (1, 1)
    # And the hour of the week they came in, for the newsletter's send-time suggestion.
    assert sum(row.views for row in DailyStat.objects.filter(dimension="hour")) == 3
    # Aggregates, not one row per view.
    assert DailyStat.objects.count() == 8


def test_direct_and_internal_referrers_count_as_direct(beacon):
    beacon({"path": "/"})
    beacon({"path": "/about/", "referrer": "http://testserver/"}, ip="198.51.100.2")
    assert stat("source", "(direct)") == (2, 2)
    assert not DailyStat.objects.filter(dimension="referrer").exists()


def test_no_ip_and_no_cookie_are_stored(beacon):
    response = beacon({"path": "/"}, ip="203.0.113.99")
    assert response.cookies == {}
    assert "Set-Cookie" not in response
    for model in (DailyStat, DailySeen, DailySalt):
        for row in model.objects.values():
            assert "203.0.113.99" not in json.dumps(row, default=str)


@pytest.mark.parametrize(
    "ua",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "curl/8.4.0",
        "python-requests/2.31",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36",
        "",
    ],
)
def test_bots_are_ignored(beacon, ua):
    assert beacon({"path": "/"}, ua=ua).status_code == 204
    assert not DailyStat.objects.exists()


@pytest.mark.parametrize("header", [{"HTTP_DNT": "1"}, {"HTTP_SEC_GPC": "1"}])
def test_do_not_track_and_global_privacy_control_are_honoured(beacon, header):
    assert beacon({"path": "/"}, **header).status_code == 204
    assert beacon({"path": "/", "target": "7", "name": "resource_click"}, **header).status_code == 204
    assert not DailyStat.objects.exists()
    assert not Event.objects.exists()


def test_dnt_zero_still_counts(beacon):
    beacon({"path": "/"}, HTTP_DNT="0")
    assert stat("total") == (1, 1)


BAD = [
    ("", "JSON object"),
    ("not json", "JSON object"),
    ("[1, 2]", "JSON object"),
    ("\xff\xfe", "JSON object"),
    ('"a string"', "JSON object"),
    ("{}", "'path' is required"),
    ('{"path": 5}', "must be a string"),
    ('{"path": ["/"]}', "must be a string"),
    ('{"path": "relative"}', "starting with /"),
    ('{"path": "//evil.example/"}', "starting with /"),
    ('{"path": "/", "referrer": "javascript:alert(1)"}', "http(s) URL"),
    ('{"path": "/", "name": "signup"}', "Unknown event"),
    ('{"path": "/", "name": "resource_click"}', "needs a 'target'"),
    ('{"path": "/", "evil": 1}', "Unknown field"),
    ('{"path": "/\\u0000"}', "control characters"),
    (json.dumps({"path": "/" + "a" * 600}), "too long"),
    (json.dumps({"path": "/", "utm_source": "x" * 201}), "too long"),
    (json.dumps({"path": "/", "referrer": "https://" + "a" * 2000}), "too long"),
    ('{"path": "/", "utm_source": {"a": 1}}', "must be a string"),
]


@pytest.mark.parametrize(("body", "message"), BAD)
def test_bad_beacons_get_a_clear_400(beacon, body, message):
    response = beacon(raw=body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert message in response.json()["error"]
    assert not DailyStat.objects.exists()


def test_oversized_body_is_refused_before_reading(beacon):
    response = beacon(raw=json.dumps({"path": "/", "referrer": "https://x.example/" + "a" * 5000}))
    assert response.status_code == 400
    assert "too large" in response.json()["error"]


def test_get_is_refused_with_a_message(client):
    response = client.get("/analytics/collect")
    assert response.status_code == 405
    assert "POST" in response.json()["error"]


def test_salt_rotates_daily_and_yesterdays_hashes_are_pruned(beacon, monkeypatch):
    from datetime import date

    from analytics.tasks import prune

    day1, day2 = date(2026, 3, 1), date(2026, 3, 2)
    monkeypatch.setattr(recording, "today", lambda: day1)
    beacon({"path": "/"})
    beacon({"path": "/"})
    monkeypatch.setattr(recording, "today", lambda: day2)
    beacon({"path": "/"})

    salts = dict(DailySalt.objects.values_list("day", "salt"))
    assert set(salts) == {day1, day2} and salts[day1] != salts[day2]
    assert recording.visitor_hash(day1, "1.2.3.4", "ua", "s") != recording.visitor_hash(day2, "1.2.3.4", "ua", "s")
    # The same person is a visitor again on the new day: the hash cannot link the two days.
    assert dict(DailyStat.objects.filter(dimension="total").values_list("day", "visitors")) == {day1: 1, day2: 1}

    prune(today=day2)
    assert list(DailySalt.objects.values_list("day", flat=True)) == [day2]
    assert set(DailySeen.objects.values_list("day", flat=True)) == {day2}
    # Aggregates are kept.
    assert DailyStat.objects.filter(day=day1).exists()


def test_click_events_from_the_beacon(beacon, site_pages):
    resource = str(site_pages["plausible"].pk)
    assert beacon({"name": "resource_click", "path": "/resources/", "target": resource}).status_code == 204
    assert beacon({"name": "share_click", "path": "/blog/hello/", "target": "mastodon"}).status_code == 204
    assert list(Event.objects.order_by("name").values_list("name", "path", "target")) == [
        ("resource_click", "/resources/", resource),
        ("share_click", "/blog/hello/", "mastodon"),
    ]
    assert not DailyStat.objects.exists()  # clicks are not page views


def test_behind_a_proxy_visitors_are_told_apart_by_the_address_the_proxy_saw(beacon, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    beacon({"path": "/"}, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5")
    beacon({"path": "/"}, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")
    # What the client put before the proxy's entry is no new visitor.
    beacon({"path": "/"}, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5")
    assert stat("total") == (3, 2)


def test_without_a_proxy_a_forwarded_header_makes_no_new_visitor(beacon, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        beacon({"path": "/"}, ip="203.0.113.5", HTTP_X_FORWARDED_FOR=forged)
    assert stat("total") == (3, 1)


def test_beacons_over_the_rate_from_one_address_get_429_and_are_not_counted(beacon, settings):
    settings.ANALYTICS_COLLECT_RATE = "5/m"
    statuses = [beacon({"path": "/"}, ip="203.0.113.5").status_code for _ in range(8)]
    assert statuses == [204] * 5 + [429] * 3
    assert beacon({"path": "/"}, ip="203.0.113.6").status_code == 204  # another visitor is not limited
    assert stat("total") == (6, 2)


def test_behind_a_proxy_spoofed_beacons_share_the_client_s_limit(beacon, settings):
    settings.ANALYTICS_COLLECT_RATE = "5/m"
    settings.TRUSTED_PROXY_COUNT = 1
    statuses = [
        beacon({"path": "/"}, ip="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5").status_code
        for n in range(8)
    ]
    assert statuses == [204] * 5 + [429] * 3
    assert stat("total") == (5, 1)


def test_buffered_hits_are_written_in_one_batch_with_exact_uniques(beacon, settings, django_assert_max_num_queries):
    settings.ANALYTICS_FLUSH_SECONDS = 3600  # only an explicit flush writes
    recording.buffer.flush()
    for ip in ("203.0.113.1", "203.0.113.1", "203.0.113.2"):
        beacon({"path": "/", "utm_source": "hn"}, ip=ip)
    assert not DailyStat.objects.exists()
    with django_assert_max_num_queries(6):
        assert recording.buffer.flush() == 3
    assert stat("total") == (3, 2)
    assert stat("source", "hn") == (3, 2)
    # A later batch with a known visitor adds a view, not a visitor.
    beacon({"path": "/", "utm_source": "hn"}, ip="203.0.113.2")
    recording.buffer.flush()
    assert stat("total") == (4, 2)
