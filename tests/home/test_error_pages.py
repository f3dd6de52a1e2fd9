import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory

from home.views import server_error

pytestmark = pytest.mark.django_db


def test_404_is_styled_like_the_site(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Page not found"
    assert soup.select_one("header.site-header") and soup.select_one("footer.site-footer")


def test_500_page_makes_no_database_query(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Something went wrong"
    assert soup.select_one("link[rel=stylesheet]")["href"].endswith(".css")


def test_favicon_is_served(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
