"""With a shared cache (Redis in production), each process keeps its own copies and trusts the generation it read
for PAGE_CACHE_GENERATION_CHECK_SECONDS; a file-based cache stands in for Redis here, so this runs on every pass."""

import pytest
from django.test import Client

from home import fragments, page_cache
from tests.factories import BlogIndexPageFactory, BlogPostPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(settings, tmp_path):
    settings.CACHES = {
        **settings.CACHES,
        "shared": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)},
    }
    settings.PAGE_CACHE_ALIAS = "shared"
    settings.PAGE_CACHE_GENERATION_CHECK_SECONDS = 60
    page_cache.purge("test start")
    return page_cache.cache()


def another_process_purges(shared):
    shared.set(page_cache.GENERATION_KEY, "purged-elsewhere", None)


def test_the_generation_is_reread_only_after_the_interval_or_when_asked(shared, settings):
    mine = page_cache.generation()
    another_process_purges(shared)
    assert page_cache.generation() == mine  # trusted for a minute here
    assert page_cache.generation(fresh=True) == "purged-elsewhere"
    settings.PAGE_CACHE_GENERATION_CHECK_SECONDS = 0
    another_process_purges(shared)
    assert page_cache.generation() == "purged-elsewhere"


def test_a_purge_here_is_seen_here_at_once(shared):
    before = page_cache.generation()
    page_cache.purge("publish")
    assert page_cache.generation() != before
    assert page_cache.generation() == shared.get(page_cache.GENERATION_KEY)


def test_entries_are_served_from_the_process_copy(shared):
    page_cache.write("pagecache:g:k", {"content": "<p>hi</p>"}, 600)
    shared.delete("pagecache:g:k")
    assert page_cache.read("pagecache:g:k") == {"content": "<p>hi</p>"}
    shared.set("pagecache:g:other", "from redis", 600)
    assert page_cache.read("pagecache:g:other") == "from redis"
    assert page_cache.local().get("pagecache:g:other") == "from redis"  # copied for next time


def test_editors_read_the_generation_afresh(shared, rf, settings):
    page_cache.generation()
    another_process_purges(shared)
    visitor = rf.get("/")
    editor = rf.get("/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc")
    assert fragments.generation(visitor) != "purged-elsewhere"
    assert fragments.generation(editor) == "purged-elsewhere"


def test_pages_through_the_two_levels_stay_right(shared, settings, home_page):
    settings.PAGE_CACHE_SECONDS = 600
    settings.FRAGMENT_CACHE_SECONDS = 600
    settings.ROUTE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_GENERATION_CHECK_SECONDS = 0
    blog = BlogIndexPageFactory(parent=home_page, title="Blog", slug="blog")
    post = BlogPostPageFactory(parent=blog, title="First post", slug="first-post")
    page_cache.purge("factories")
    assert Client().get("/blog/first-post/")["X-Page-Cache"] == "miss"
    assert Client().get("/blog/first-post/")["X-Page-Cache"] == "hit"
    post.title = "Second title"
    post.save_revision().publish()
    response = Client().get("/blog/first-post/")
    assert response["X-Page-Cache"] == "miss" and "Second title" in response.content.decode()
