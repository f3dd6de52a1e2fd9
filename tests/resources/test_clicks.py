import threading
from datetime import date

import pytest
from django.db import connection

from resources.models import ResourceClick, record_click
from tests.factories import ResourcePageFactory


@pytest.fixture
def resource(directory):
    return ResourcePageFactory(parent=directory, title="Segment", external_url="https://segment.com/")


@pytest.mark.django_db
def test_go_counts_and_redirects_to_the_stored_url(client, resource):
    for visitor in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        response = client.get(f"/resources/go/{resource.pk}/", REMOTE_ADDR=visitor)
        assert response.status_code == 302
        assert response["Location"] == "https://segment.com/"
    assert ResourceClick.objects.get(resource=resource).count == 3
    assert ResourceClick.objects.total_for(resource.pk) == 3


@pytest.mark.django_db
def test_go_counts_one_visitor_once_a_day_however_often_they_click(client, resource):
    other = ResourcePageFactory(parent=resource.get_parent(), title="Plausible", external_url="https://plausible.io/")
    for _ in range(50):  # within the click rate: what stops these is the visitor's daily hash
        assert client.get(f"/resources/go/{resource.pk}/", HTTP_USER_AGENT="Firefox").status_code == 302
    client.get(f"/resources/go/{other.pk}/", HTTP_USER_AGENT="Firefox")
    client.get(f"/resources/go/{resource.pk}/", HTTP_USER_AGENT="Safari")  # another browser: another visitor
    assert dict(ResourceClick.objects.values_list("resource_id", "count")) == {resource.pk: 2, other.pk: 1}


@pytest.mark.django_db
def test_go_stops_counting_a_client_over_the_click_rate_but_still_redirects(client, resource, settings):
    settings.ANALYTICS_CLICK_RATE = "5/h"
    # A client that changes its user agent on every click is a new "visitor" each time: the rate limit bounds it.
    for n in range(8):
        response = client.get(f"/resources/go/{resource.pk}/", HTTP_USER_AGENT=f"Agent {n}")
        assert response["Location"] == "https://segment.com/"
    assert ResourceClick.objects.get(resource=resource).count == 5
    assert client.get(f"/resources/go/{resource.pk}/", REMOTE_ADDR="198.51.100.9").status_code == 302
    assert ResourceClick.objects.get(resource=resource).count == 6


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/resources/go/999999/",
        "/resources/go/abc/",
        "/resources/go/1/?next=https://evil.example/",
        "/resources/go/https://evil.example/",
        "/resources/go//evil.example/",
    ],
)
def test_go_refuses_unknown_targets(client, resource, path):
    response = client.get(path)
    if response.status_code == 302:
        # Only a real resource id may redirect, and only to its own stored URL.
        assert response["Location"] == "https://segment.com/"
    else:
        assert response.status_code == 404


@pytest.mark.django_db
def test_go_ignores_query_parameters(client, resource):
    response = client.get(f"/resources/go/{resource.pk}/?url=https://evil.example/&next=//evil.example")
    assert response["Location"] == "https://segment.com/"


@pytest.mark.django_db
def test_go_refuses_unpublished_and_non_resource_pages(client, resource, home_page):
    resource.unpublish()
    assert client.get(f"/resources/go/{resource.pk}/").status_code == 404
    assert client.get(f"/resources/go/{home_page.pk}/").status_code == 404
    assert not ResourceClick.objects.exists()


@pytest.mark.django_db
def test_go_refuses_post(client, resource):
    assert client.post(f"/resources/go/{resource.pk}/").status_code == 405


@pytest.mark.django_db
def test_clicks_are_counted_per_day(resource):
    record_click(resource.pk, day=date(2026, 1, 1))
    record_click(resource.pk, day=date(2026, 1, 1))
    record_click(resource.pk, day=date(2026, 1, 2))
    assert dict(ResourceClick.objects.values_list("day", "count")) == {date(2026, 1, 1): 2, date(2026, 1, 2): 1}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_clicks_are_all_counted(resource):
    threads, per_thread = 8, 10
    barrier = threading.Barrier(threads)

    def click():
        barrier.wait()
        try:
            for _ in range(per_thread):
                record_click(resource.pk, day=date(2026, 3, 1))
        finally:
            connection.close()

    workers = [threading.Thread(target=click) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert ResourceClick.objects.get(resource=resource).count == threads * per_thread
