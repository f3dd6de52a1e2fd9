"""A beacon anyone can forge: bounded keys, real click targets, clicks once per visitor, rate limits, retention."""

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.test import RequestFactory
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from analytics import bounds, reports
from analytics.models import DailyEvent, DailyStat, Event
from analytics.tasks import prune, prune_analytics

pytestmark = pytest.mark.django_db


def keys(dimension):
    return dict(DailyStat.objects.filter(dimension=dimension).values_list("key").annotate(v=Sum("views")))


def this_week():
    today = timezone.localdate()
    return reports.build_report(today - timedelta(days=6), today)


def test_paths_that_are_no_page_of_the_site_count_as_other(beacon, site_pages):
    for n, path in enumerate(["/", "/about/", "/blog/hello/", "/made-up-1/", "/blog/made-up/", "/wp-login.php"]):
        assert beacon({"path": path}, ip=f"203.0.113.{n}").status_code == 204
    assert keys("path") == {"/": 1, "/about/": 1, "/blog/hello/": 1, "(other)": 3}
    assert keys("total") == {"": 6}  # every view still counts


def test_draft_pages_and_parameterised_routes_are_not_known_paths(site_pages, rf):
    site_pages["about"].unpublish()
    request = rf.post("/analytics/collect")
    known = {path: bounds.is_known_path(request, path) for path in KNOWN_OR_NOT}
    assert known == KNOWN_OR_NOT


KNOWN_OR_NOT = {
    "/about/": False,  # unpublished
    "/blog/": True,
    "/blog/rss/": True,  # a routable page's fixed sub-route
    "/blog/tag/anything-at-all/": False,  # a tag archive the blog's sitemap does not list
    "/search/": True,  # a fixed Django route
    "/newsletter/archive/": True,
    "/newsletter/confirm/forged-token/": False,  # a route with a parameter could be anything
    "/admin/": False,
    "/analytics/collect": False,
}


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=80))
def test_any_path_a_beacon_sends_becomes_a_page_or_other(site_pages, path):
    request = RequestFactory().post("/analytics/collect")
    assert bounds.page_path(request, "/" + path) in {"/", "/about/", "/blog/", "/resources/", "/" + path, "(other)"}
    if bounds.page_path(request, "/" + path) == "/" + path and path:
        assert bounds.is_known_path(request, "/" + path)


def test_a_flood_of_made_up_values_adds_a_bounded_number_of_rows(beacon, site_pages, settings):
    settings.ANALYTICS_MAX_SOURCES_PER_DAY = 5
    for n in range(40):
        data = {
            "path": f"/random-{n}/",
            "referrer": f"https://spam-{n}.example/",
            "utm_source": f"src{n}",
            "utm_campaign": f"c{n}",
        }
        assert beacon(data, ip=f"198.51.100.{n}").status_code == 204
    # total, one path ("(other)"), two devices at most, per capped dimension five keys plus "(other)", and the hour
    # of the week (a beacon can't choose it: two if the test runs across the hour).
    assert DailyStat.objects.count() <= 1 + 1 + 1 + 3 * 6 + 2
    assert len(keys("referrer")) == 6 and keys("referrer")["(other)"] == 35
    assert keys("source")["(other)"] == 35
    assert keys("utm")["(other)"] == 35
    assert keys("total") == {"": 40}


def test_a_source_already_counted_today_keeps_counting_over_the_budget(beacon, site_pages, settings):
    settings.ANALYTICS_MAX_SOURCES_PER_DAY = 1
    beacon({"path": "/", "utm_source": "hn"}, ip="203.0.113.1")
    beacon({"path": "/", "utm_source": "reddit"}, ip="203.0.113.2")
    beacon({"path": "/", "utm_source": "hn"}, ip="203.0.113.3")
    beacon({"path": "/"}, ip="203.0.113.4")
    assert keys("source") == {"hn": 2, "(other)": 1, "(direct)": 1}


def test_click_events_for_made_up_targets_are_refused_and_never_reported(beacon, site_pages):
    resource = str(site_pages["plausible"].pk)
    for data in (
        {"name": "resource_click", "path": "/resources/", "target": "999999"},
        {"name": "resource_click", "path": "/resources/", "target": str(site_pages["about"].pk)},  # not a resource
        {"name": "resource_click", "path": "/resources/", "target": "<script>"},
        {"name": "share_click", "path": "/blog/hello/", "target": "evil.example"},
    ):
        response = beacon(data)
        assert response.status_code == 400
        assert "Unknown target" in response.json()["error"]
    assert not Event.objects.exists()
    assert beacon({"name": "resource_click", "path": "/resources/", "target": resource}).status_code == 204
    assert [row.label for row in this_week().resources] == ["Plausible"]


def test_fake_events_recorded_before_targets_were_checked_do_not_show_in_reports(site_pages):
    today = timezone.localdate()
    for target in ("999999", "ext-1", str(site_pages["plausible"].pk)):
        DailyEvent.objects.create(day=today, name="resource_click", target=target, count=50)
    DailyEvent.objects.create(day=today, name="share_click", target="https://spam.example", count=80)
    DailyEvent.objects.create(day=today, name="share_click", target="bluesky", count=2)
    report = this_week()
    assert [(row.label, row.views) for row in report.resources] == [("Plausible", 50)]
    assert [(row.key, row.views) for row in report.shares] == [("bluesky", 2)]


def test_a_visitor_s_clicks_on_one_resource_count_once_a_day(beacon, site_pages):
    resource = str(site_pages["plausible"].pk)
    click = {"name": "resource_click", "path": "/resources/", "target": resource}
    for _ in range(50):  # within the click rate: what stops these is the visitor's daily hash
        assert beacon(click).status_code == 204
    beacon(click, ip="198.51.100.7")
    for _ in range(3):
        beacon({"name": "share_click", "path": "/blog/hello/", "target": "bluesky"})
    assert dict(DailyEvent.objects.values_list("name").annotate(n=Sum("count"))) == {
        "resource_click": 2,
        "share_click": 1,
    }


def test_click_events_over_the_click_rate_get_429(beacon, site_pages, settings):
    settings.ANALYTICS_CLICK_RATE = "3/h"
    resource = str(site_pages["plausible"].pk)
    # A new user agent makes a new visitor hash every time; the per-client limit still holds.
    statuses = [
        beacon({"name": "resource_click", "path": "/resources/", "target": resource}, ua=f"Mozilla/5.0 Agent{n}")
        for n in range(5)
    ]
    assert [response.status_code for response in statuses] == [204, 204, 204, 429, 429]
    assert DailyEvent.objects.get().count == 3


def test_click_events_from_a_source_no_page_view_brought_count_as_other(beacon, site_pages):
    resource = str(site_pages["plausible"].pk)
    beacon({"path": "/resources/", "utm_source": "hn"})
    beacon({"name": "resource_click", "path": "/resources/", "target": resource, "utm_source": "hn"})
    beacon({"name": "resource_click", "path": "/resources/", "target": resource, "utm_source": "forged"}, ip="1.2.3.4")
    assert dict(DailyEvent.objects.values_list("source", "count")) == {"hn": 1, "(other)": 1}


def test_daily_rows_older_than_the_retention_are_pruned_by_the_scheduled_job(settings, db):
    settings.ANALYTICS_DAILY_RETENTION_DAYS = 30
    today = timezone.localdate()
    for age in (0, 30, 31, 400):
        day = today - timedelta(days=age)
        DailyStat.objects.create(day=day, dimension="total", key="", views=1, visitors=1)
        DailyEvent.objects.create(day=day, name="share_click", target="bluesky", count=1)
    prune_analytics.enqueue()  # the job ops.scheduler enqueues every 15 minutes
    kept = sorted((today - day).days for day in DailyStat.objects.values_list("day", flat=True))
    assert kept == [0, 30]
    assert sorted((today - day).days for day in DailyEvent.objects.values_list("day", flat=True)) == [0, 30]


def test_a_daily_retention_of_zero_keeps_every_day(settings, db):
    settings.ANALYTICS_DAILY_RETENTION_DAYS = 0
    DailyStat.objects.create(day=timezone.localdate() - timedelta(days=5000), dimension="total", key="", views=1)
    assert prune()["daily"] == 0
    assert DailyStat.objects.count() == 1
