import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from analytics import reports
from analytics.events import record_event
from tests.factories import SubscriberFactory

from .conftest import IPHONE_UA

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("ada", "ada@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def traffic(beacon, site_pages):
    """Three visitors from HN on the landing page, one from Google on a post, two signups, clicks."""
    hn = {"path": "/", "utm_source": "hn", "referrer": "https://news.ycombinator.com/"}
    beacon(hn, ip="203.0.113.1")
    beacon(hn, ip="203.0.113.1")
    beacon(hn, ip="203.0.113.2")
    beacon(hn, ip="203.0.113.3", ua=IPHONE_UA)
    beacon({"path": "/blog/post/", "referrer": "https://www.google.com/search"}, ip="203.0.113.4")
    SubscriberFactory(email="a@example.com", utm_source="hn", source_path="/")
    SubscriberFactory(email="b@example.com", referrer="https://www.google.com/", source_path="/blog/post/")
    plausible = str(site_pages["plausible"].pk)
    beacon({"name": "resource_click", "path": "/resources/", "target": plausible})
    beacon({"name": "resource_click", "path": "/resources/", "target": plausible}, ip="203.0.113.2")
    beacon({"name": "share_click", "path": "/blog/post/", "target": "bluesky"})
    record_event("resource_suggestion", path="/resources/suggest/", utm_source="hn")


def test_report_numbers_match_the_recorded_events(traffic):
    today = timezone.localdate()
    report = reports.build_report(today - timedelta(days=6), today)
    assert (report.views, report.visitors, report.signups) == (5, 4, 2)
    assert report.days[-1][1:] == (5, 4, 2)
    assert report.conversion == 50.0

    sources = {row.key: row for row in report.sources}
    assert (sources["hn"].views, sources["hn"].visitors, sources["hn"].signups) == (4, 3, 1)
    assert sources["hn"].conversion == 33.3
    assert (sources["google.com"].visitors, sources["google.com"].signups) == (1, 1)
    assert sources["google.com"].conversion == 100.0

    pages = {row.key: row for row in report.pages}
    assert (pages["/"].views, pages["/"].visitors, pages["/"].signups) == (4, 3, 1)
    assert pages["/blog/post/"].signups == 1
    assert [(row.label, row.views) for row in report.resources] == [("Plausible", 2)]
    assert [(row.key, row.views) for row in report.shares] == [("bluesky", 1)]
    assert {row.key: row.views for row in report.devices} == {"desktop": 4, "mobile": 1}


def test_signup_from_a_source_with_no_recorded_view_still_shows(db):
    SubscriberFactory(email="c@example.com", utm_source="newsletter-swap")
    today = timezone.localdate()
    report = reports.build_report(today, today)
    row = next(row for row in report.sources if row.key == "newsletter-swap")
    assert (row.visitors, row.signups, row.conversion) == (0, 1, None)


def test_admin_report_shows_numbers_and_svg_charts(traffic, admin_client):
    response = admin_client.get("/admin/analytics/?period=30")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-stat="views">5<' in html
    assert 'data-stat="visitors">4<' in html
    assert 'data-stat="signups">2<' in html
    assert html.count('<svg class="analytics-chart') == 3
    assert "hn" in html and "33.3%" in html
    assert '<script src="http' not in html.split("analytics-report", 1)[1]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=2026-02-10&end=2026-02-01", "on or before"),
        ("start=2026-02-10", "both a start and an end"),
        ("start=nonsense&end=2026-01-01", "valid date"),
        ("start=2000-01-01&end=2026-01-01", "at most"),
        ("period=12", "valid choice"),
        ("start=2999-01-01&end=2999-01-02", "future"),
    ],
)
def test_bad_ranges_give_a_message_not_a_500(admin_client, query, message):
    response = admin_client.get(f"/admin/analytics/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_custom_range(traffic, admin_client):
    today = timezone.localdate()
    response = admin_client.get(f"/admin/analytics/?start={today - timedelta(days=2)}&end={today}")
    assert response.status_code == 200
    assert response.context["report"].views == 5
    assert len(response.context["report"].days) == 3


def test_csv_export(traffic, admin_client):
    today = timezone.localdate()
    response = admin_client.get(f"/admin/analytics/?start={today}&end={today}&format=csv&table=sources")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    hn = next(row for row in rows if row["key"] == "hn")
    assert (hn["views"], hn["visitors"], hn["signups"], hn["conversion_percent"]) == ("4", "3", "1", "33.3")
    daily = admin_client.get(f"/admin/analytics/?start={today}&end={today}&format=csv&table=daily")
    assert daily.content.decode().splitlines() == ["date,views,visitors,signups", f"{today},5,4,2"]
    assert admin_client.get(f"/admin/analytics/?start={today}&end={today}&format=csv&table=nope").status_code == 200


def test_csv_neutralises_formulas(beacon, admin_client):
    beacon({"path": "/", "utm_source": "=HYPERLINK(1)"})
    response = admin_client.get("/admin/analytics/?period=7&format=csv&table=sources")
    assert "'=hyperlink(1)" in response.content.decode()


def test_home_panel_shows_the_last_7_days(traffic, admin_client):
    response = admin_client.get("/admin/")
    html = response.content.decode()
    assert "Analytics: last 7 days" in html
    assert 'data-stat="views">5<' in html


def test_report_needs_admin_access(client):
    response = client.get("/admin/analytics/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_record_event_api_for_other_apps(db):
    from analytics.models import DailyEvent, Event

    record_event("resource_click", path="/resources/x/", target="12", referrer="https://lobste.rs/s/abc")
    record_event("resource_click", path="/resources/x/", target="12", referrer="https://lobste.rs/s/abc")
    record_event("resource_suggestion", path="/resources/suggest/", target="https://new.example")
    row = DailyEvent.objects.get(name="resource_click")
    assert (row.source, row.count, row.path) == ("lobste.rs", 2, "/resources/x/")
    assert DailyEvent.objects.get(name="resource_suggestion").source == "(direct)"
    assert Event.objects.count() == 3
    with pytest.raises(ValueError):
        record_event("")
