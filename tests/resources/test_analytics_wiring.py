"""The directory feeds the analytics app: suggestions as events, newly dead links in the weekly digest."""

import time
from datetime import UTC, date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from analytics.digest import digest_context
from analytics.models import DailyEvent
from resources.forms import sign_timestamp
from resources.linkcheck import CheckResult, newly_dead_links, record
from resources.models import ResourceSuggestion
from tests.factories import ResourcePageFactory

pytestmark = pytest.mark.django_db


def test_outbound_links_carry_the_resource_id_for_the_beacon(client, directory):
    resource = ResourcePageFactory(parent=directory, title="Segment", category=directory.categories["analytics"])
    soup = BeautifulSoup(client.get("/resources/").content, "html.parser")
    link = soup.select_one(f'a[data-resource-id="{resource.pk}"]')
    assert link["href"] == f"/resources/go/{resource.pk}/"


def test_newly_dead_links_reach_the_weekly_digest(directory, settings):
    resource = ResourcePageFactory(parent=directory, title="Gone tool", external_url="https://gone.example/")
    settings.RESOURCES_DEAD_AFTER_FAILURES = 2
    monday = datetime(2026, 11, 23, 10, tzinfo=UTC)
    failure = CheckResult(url=resource.external_url, status_code=500)
    record(resource.pk, resource.external_url, failure, now=monday)
    record(resource.pk, resource.external_url, failure, now=monday + timedelta(days=1))
    record(resource.pk, resource.external_url, failure, now=monday + timedelta(days=2))

    found = newly_dead_links(date(2026, 11, 23), date(2026, 11, 29))
    assert [link["title"] for link in found] == ["Gone tool"]
    assert newly_dead_links(date(2026, 11, 30), date(2026, 12, 6)) == []
    assert [link["title"] for link in digest_context(today=date(2026, 11, 30))["dead_links"]] == ["Gone tool"]


def test_a_suggestion_counts_as_an_analytics_event(client, directory):
    data = {
        "name": "Plausible",
        "url": "https://plausible.io/",
        "why": "Cookieless analytics you can self-host.",
        "email": "",
        "website": "",
        "ts": sign_timestamp(time.time() - 30),
    }
    response = client.post("/resources/suggest/", data)
    assert response.status_code == 302
    assert ResourceSuggestion.objects.count() == 1
    assert DailyEvent.objects.get(name="resource_suggestion").count == 1
