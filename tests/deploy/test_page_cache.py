import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext

from home import page_cache
from newsletter.models import Subscriber
from tests.factories import BlogIndexPageFactory, BlogPostPageFactory, SubscriberFactory
from tests.home.test_landing_page import FULL_BODY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def landing(home_page):
    home_page.body = FULL_BODY
    home_page.save_revision().publish()
    blog = BlogIndexPageFactory(parent=home_page)
    BlogPostPageFactory(parent=blog, title="First post")
    return home_page


def tokens(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [field["value"] for field in soup.select("input[name=csrfmiddlewaretoken]")]


def test_second_anonymous_view_is_served_from_cache_without_queries(landing):
    client = Client()
    first = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = Client().get("/")
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.status_code == 200
    assert second["Content-Type"].startswith("text/html")
    # The security headers are added on the way out, cached or not.
    assert "Content-Security-Policy" in second and second["X-Frame-Options"] == "DENY"


def test_cached_page_carries_each_visitors_own_working_csrf_token(landing):
    Client().get("/")  # fills the cache with the first visitor's page
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert page_cache.CSRF_PLACEHOLDER not in response.content.decode()
    values = tokens(response)
    assert len(values) == 3 and all(len(value) == 64 for value in values)
    assert "csrftoken" in response.cookies  # set on the cached response too
    # A form post without JavaScript, with the token from the cached page, is accepted.
    post = visitor.post("/newsletter/subscribe/", {"email": "cached@example.com", "csrfmiddlewaretoken": values[0]})
    assert post.status_code == 302
    assert Subscriber.objects.filter(email="cached@example.com").exists()


def test_stored_page_holds_no_visitors_token(landing, rf):
    client = Client()
    client.get("/")
    secret = client.cookies["csrftoken"].value
    stored = page_cache.cache().get(page_cache.cache_key(rf.get("/"), page_cache.generation()))
    assert stored["csrf"] and stored["content"].count(page_cache.CSRF_PLACEHOLDER) == 3
    for token in page_cache.TOKEN_RE.findall(stored["content"]):
        assert _unmask_cipher_token(token) != secret


def test_publishing_a_post_purges_the_page_its_index_and_home(landing):
    blog = landing.get_children().type(BlogIndexPageFactory._meta.model).first().specific
    for url in ("/", "/blog/"):
        Client().get(url)
        assert Client().get(url)["X-Page-Cache"] == "hit"
    post = BlogPostPageFactory.build(title="Fresh news", slug="fresh-news")
    blog.add_child(instance=post)
    post.save_revision().publish()
    for url in ("/", "/blog/"):
        response = Client().get(url)
        assert response["X-Page-Cache"] == "miss"
        assert "Fresh news" in response.content.decode()
    post.unpublish()
    for url in ("/", "/blog/"):
        assert "Fresh news" not in Client().get(url).content.decode()


def test_subscriber_count_stays_right(landing):
    SubscriberFactory.create_batch(2, status="confirmed")
    pending = SubscriberFactory(status="pending")
    count = lambda: BeautifulSoup(Client().get("/").content, "html.parser").select_one("[data-subscriber-count]")  # noqa: E731
    assert count().get_text(strip=True) == "2"
    pending.status = Subscriber.Status.CONFIRMED
    pending.save()
    assert count().get_text(strip=True) == "3"
    Subscriber.objects.get(pk=pending.pk).delete()
    assert count().get_text(strip=True) == "2"


def test_pending_signups_do_not_purge(landing):
    Client().get("/")
    SubscriberFactory(status="pending")
    assert Client().get("/")["X-Page-Cache"] == "hit"


def test_never_cached_for_logged_in_users(landing):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw-123456789")
    client = Client()
    client.force_login(user)
    client.get("/")
    response = client.get("/")
    assert "X-Page-Cache" not in response
    # ...and an editor's page never reaches anonymous visitors.
    assert Client().get("/")["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_never_cached_for_other_methods(landing, method):
    Client().get("/")
    response = getattr(Client(), method)("/")
    assert response.get("X-Page-Cache") != "hit"


def test_errors_and_non_pages_are_not_cached(landing):
    client = Client()
    assert client.get("/no-such-page/").status_code == 404
    assert "X-Page-Cache" not in client.get("/no-such-page/")
    client.get("/newsletter/thanks/")
    assert "X-Page-Cache" not in client.get("/newsletter/thanks/")


def test_query_strings_are_cached_apart_and_bad_hosts_are_refused(landing):
    Client().get("/?utm_source=a")
    assert Client().get("/?utm_source=b")["X-Page-Cache"] == "miss"
    assert Client().get("/", HTTP_HOST="evil.example").status_code == 400


def test_site_settings_change_purges(landing):
    from home.models import NavigationSettings

    Client().get("/")
    nav = NavigationSettings.for_site(landing.get_site())
    nav.footer_text = "New footer words."
    nav.save()
    response = Client().get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "New footer words." in response.content.decode()


def test_cache_off_when_seconds_is_zero(landing, settings):
    settings.PAGE_CACHE_SECONDS = 0
    Client().get("/")
    assert "X-Page-Cache" not in Client().get("/")


def test_stamp_file_generation_changes_on_purge(settings, tmp_path):
    settings.PAGE_CACHE_STAMP = tmp_path / "stamp"
    if "locmem" not in page_cache.cache().__class__.__module__:
        pytest.skip("shared cache: the generation lives in Redis")
    before = page_cache.generation()
    page_cache.purge("test")
    middle = page_cache.generation()
    page_cache.purge("test")
    assert len({before, middle, page_cache.generation()}) == 3


def test_visitor_with_a_pending_flash_message_gets_a_real_render(landing):
    Client().get("/")
    client = Client()
    client.cookies["messages"] = "anything"
    assert client.get("/").get("X-Page-Cache") != "hit"
