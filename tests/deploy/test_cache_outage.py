"""Redis stopped under REDIS_URL: every public page type, the signup and the beacon still answer, slower."""

import json

import pytest
from django.core.cache import caches
from django.test import Client

from newsletter.models import Subscriber
from tests.conftest import free_port
from tests.factories import (
    AuthorFactory,
    BlogIndexPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    add_post,
)
from tests.home.test_landing_page import FULL_BODY

pytestmark = pytest.mark.django_db

CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


@pytest.fixture
def redis_down(settings):
    """The production cache settings for Redis, pointed at a port where nothing listens."""
    location = f"redis://127.0.0.1:{free_port()}/0"
    options = {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True}
    settings.CACHES = {
        alias: {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": location, "OPTIONS": options}
        for alias in ("default", "pages")
    }
    with pytest.raises(Exception):  # noqa: B017 - whichever error the client raises, Redis is down
        caches["default"].client.get_client().ping()


@pytest.fixture
def site(home_page):
    home_page.body = FULL_BODY
    home_page.save_revision().publish()
    blog = BlogIndexPageFactory(parent=home_page, title="Blog", slug="blog")
    add_post(blog, title="First post", slug="first", authors=[AuthorFactory()], tags=["launch"])
    directory = ResourceIndexPageFactory(parent=home_page, title="Resources", slug="resources")
    ResourcePageFactory(parent=directory, title="Segment", slug="segment")
    StandardPageFactory(parent=home_page, title="About", slug="about")
    return home_page


PUBLIC_URLS = [
    "/",
    "/?utm_source=hn",
    "/blog/",
    "/blog/first/",
    "/blog/tag/launch/",
    "/blog/rss/",
    "/resources/",
    "/resources/?category=none",
    "/resources/segment/",
    "/resources/suggest/",
    "/about/",
    "/search/?q=first",
    "/sitemap.xml",
    "/robots.txt",
    "/newsletter/subscribe/",
    "/newsletter/archive/",
]


def test_every_public_page_type_answers_with_redis_stopped(site, redis_down):
    for url in PUBLIC_URLS:
        for _ in range(2):
            response = Client().get(url)
            assert response.status_code == 200, url
            assert response.get("X-Wagtail-Cache") != "hit", url


def test_signup_and_beacon_work_with_redis_stopped(site, redis_down):
    response = Client().post("/newsletter/subscribe/", {"email": "ada@example.com"})
    assert response.status_code == 302
    assert Subscriber.objects.filter(email="ada@example.com").exists()
    beacon = Client().post(
        "/analytics/collect",
        data=json.dumps({"path": "/"}),
        content_type="text/plain",
        HTTP_USER_AGENT=CHROME,
    )
    assert beacon.status_code in (200, 202, 204)


def test_editors_can_log_in_and_publish_with_redis_stopped(site, redis_down, django_user_model):
    django_user_model.objects.create_superuser("ed", "ed@example.com", "a-long-password-1")
    editor = Client()
    response = editor.post("/admin/login/", {"username": "ed", "password": "a-long-password-1"})
    assert response.status_code == 302
    assert editor.get("/admin/").status_code == 200
    site.title = "Still publishing"
    site.save_revision().publish()  # the purge fails softly
    assert editor.get("/").status_code == 200


def test_healthz_says_the_cache_is_degraded_while_pages_still_answer(site, redis_down):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}
