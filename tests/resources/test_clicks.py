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
    for _ in range(3):
        response = client.get(f"/resources/go/{resource.pk}/")
        assert response.status_code == 302
        assert response["Location"] == "https://segment.com/"
    assert ResourceClick.objects.get(resource=resource).count == 3
    assert ResourceClick.objects.total_for(resource.pk) == 3


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
