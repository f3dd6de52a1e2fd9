import pytest
from bs4 import BeautifulSoup

from tests.factories import add_post

pytestmark = pytest.mark.django_db


def titles(response):
    return [a.get_text() for a in BeautifulSoup(response.content, "html.parser").select(".card__title a")]


@pytest.fixture
def many_posts(blog, authors):
    return [
        add_post(blog, title=f"P{n:02d}", authors=[authors[n % 2]], tags=["even" if n % 2 == 0 else "odd"])
        for n in range(12)
    ]


def test_index_lists_newest_first_and_paginates(client, blog, many_posts):
    first = client.get("/blog/")
    assert titles(first) == [f"P{n:02d}" for n in range(11, 1, -1)]
    assert titles(client.get("/blog/?page=2")) == ["P01", "P00"]


@pytest.mark.parametrize("number", ["abc", "-1", "0", "99999", "1.5", "%00", "9" * 400])
def test_bad_page_numbers_never_fail(client, blog, many_posts, number):
    response = client.get(f"/blog/?page={number}")
    assert response.status_code == 200
    assert titles(response)


def test_tag_archive(client, blog, many_posts):
    response = client.get("/blog/tag/even/")
    assert response.status_code == 200
    assert titles(response) == [f"P{n:02d}" for n in range(10, -1, -2)]
    assert "Posts tagged “even”" in response.content.decode()
    assert client.get("/blog/tag/no-such-tag/").status_code == 404
    assert client.get("/blog/tag/even/?page=abc").status_code == 200


def test_author_archive(client, blog, many_posts, authors):
    response = client.get("/blog/author/sam/")
    assert response.status_code == 200
    assert titles(response) == [f"P{n:02d}" for n in range(11, 0, -2)]
    assert "Posts by Sam Okafor" in response.content.decode()
    assert client.get("/blog/author/nobody/").status_code == 404


def test_drafts_are_not_listed(client, blog):
    add_post(blog, title="Draft", live=False)
    add_post(blog, title="Live")
    assert titles(client.get("/blog/")) == ["Live"]
