"""Redis stopped under REDIS_URL: every public page type, the signup and the beacon still answer, slower."""

import json

import pytest
from django.core.cache import caches
from django.test import Client

from blog.models import Author
from newsletter import tokens
from newsletter.models import Campaign, Subscriber
from resources.models import ResourcePage
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


def test_the_rest_of_the_public_urls_answer_with_redis_stopped(site, redis_down):
    """Routes and views the list above leaves out: archives, feeds, sitemap files, outbound clicks, exports, and
    every newsletter page a subscriber reaches from an email."""
    reader = Subscriber.objects.create(email="reader@example.com", status="pending")
    issue = Campaign.objects.create(
        subject="Issue one", status=Campaign.Status.SENT, finished_at=site.last_published_at
    )
    blog = site.get_children().get(slug="blog").specific
    post = blog.get_children().get(slug="first")
    author = Author.objects.get()
    resource = ResourcePage.objects.get(slug="segment")
    manage = tokens.manage_token(reader)
    expected = {
        f"/blog/author/{author.slug}/": 200,
        "/blog/atom/": 200,
        "/blog/tag/launch/rss/": 200,
        "/blog/tag/launch/atom/": 200,
        f"/blog/share/mastodon/{post.pk}/": 200,
        "/sitemap-pages.xml": 200,
        "/resources/export.csv": 200,
        "/resources/export.json": 200,
        f"/resources/go/{resource.pk}/": 302,
        "/favicon.ico": 302,  # to the static file
        "/no-such-page/": 404,
        "/newsletter/subscribe/start/": 200,
        "/newsletter/thanks/": 200,
        "/newsletter/archive/feed/": 200,
        f"/newsletter/archive/{issue.slug}/": 200,
        f"/newsletter/confirm/{tokens.confirm_token(reader)}/": 200,
        f"/newsletter/u/{manage}/": 200,
        f"/newsletter/preferences/{manage}/": 200,
        f"/newsletter/preferences/{manage}/data.json": 200,
    }
    answers = {url: Client().get(url).status_code for url in expected}
    assert answers == expected

    confirm = Client().post(f"/newsletter/confirm/{tokens.confirm_token(reader)}/")
    assert confirm.status_code == 200
    assert Client().post(f"/newsletter/u/{manage}/").status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED
