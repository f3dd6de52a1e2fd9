"""Site search on the database backend; the PostgreSQL CI pass runs the same tests on PostgreSQL."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ResourceIndexPageFactory, ResourcePageFactory, add_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(blog, post, home_page):
    add_post(blog, title="Launch before you are ready", summary="Ship the smallest version.")
    resources = ResourceIndexPageFactory(parent=home_page)
    ResourcePageFactory(parent=resources, title="Plausible", description="Cookieless analytics for small sites.")
    return resources


def results(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [li.select_one(".search-result__title a").get_text() for li in soup.select(".search-result")], soup


def test_finds_posts_and_resources_and_highlights(client, content):
    response = client.get("/search/", {"q": "analytics"})
    assert response.status_code == 200
    titles, soup = results(response)
    assert set(titles) == {"Add analytics before you need them", "Plausible"}
    marks = [mark.get_text().lower() for mark in soup.select(".search-result mark")]
    assert marks and set(marks) == {"analytics"}


def test_body_text_is_searched(client, content):
    titles, _ = results(client.get("/search/", {"q": "signups"}))
    assert titles == ["Add analytics before you need them"]


def test_drafts_are_not_found(client, blog, content):
    add_post(blog, title="Secret analytics draft", live=False)
    titles, _ = results(client.get("/search/", {"q": "secret"}))
    assert titles == []


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("", 200, "Type a word or two"),
        ("   ", 200, "Type a word or two"),
        ("!!! &&& ||| :* ()", 200, "not only symbols"),
        ("\x00", 200, "Type a word or two"),
        ("analytics\x00launch", 200, "result"),
        ("a" * 10_000, 400, "too long"),
        ("' OR 1=1; --", 200, ""),
        ("<script>alert(1)</script>", 200, ""),
        ("ünïcödé 数据", 200, "Nothing found"),
    ],
)
def test_bad_queries_get_a_clear_page(client, content, query, status, message):
    response = client.get("/search/", {"q": query})
    assert response.status_code == status
    body = response.content.decode()
    assert message in body
    assert "<script>alert(1)</script>" not in body


def test_pagination_and_bad_page_numbers(client, blog, content):
    for n in range(23):
        add_post(blog, title=f"Growth note {n}")
    titles, soup = results(client.get("/search/", {"q": "growth"}))
    assert len(titles) == 10
    assert soup.select_one("a[rel=next]")["href"] == "?q=growth&page=2"
    titles, _ = results(client.get("/search/", {"q": "growth", "page": "3"}))
    assert len(titles) == 3
    for page in ["abc", "-1", "99999"]:
        assert client.get("/search/", {"q": "growth", "page": page}).status_code == 200


def test_query_count_does_not_grow_with_results(client, blog, content):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/search/", {"q": "growth"}).status_code == 200
        return len(queries)

    for n in range(3):
        add_post(blog, title=f"Growth note {n}")
    client.get("/search/", {"q": "growth"})
    few = count()
    for n in range(20):
        add_post(blog, title=f"Growth idea {n}")
    assert count() == few
