"""The `pages` cache remembers each URL's header list per process, and always reads the page itself from the shared
cache: on Redis (REDIS_URL) and on files (the embedded default)."""

import uuid

import pytest
from django.conf import settings

from ops import page_caches
from ops.page_caches import HEADER_KEY, PagesFileCache, PagesRedisCache


@pytest.fixture(params=["redis", "files"])
def process(request, tmp_path):
    """Makes caches as separate processes sharing one Redis prefix, or one folder, would have them."""
    if request.param == "redis":
        if not settings.REDIS_URL:
            pytest.skip("the Redis page cache needs REDIS_URL")
        params = {**settings.CACHES["pages"], "KEY_PREFIX": f"test-pages-{uuid.uuid4().hex}"}
        return lambda: PagesRedisCache(settings.REDIS_URL, params)
    return lambda: PagesFileCache(str(tmp_path), {"TIMEOUT": 60})


def test_a_hit_reads_the_header_list_from_memory_and_the_page_from_the_shared_cache(process):
    web, editor = process(), process()
    header, page = HEADER_KEY + "blog", "views.decorators.cache.cache_page.blog"
    editor.set(header, ["Accept-Encoding"], 60)
    editor.set(page, "the stored page", 60)
    assert web.get(header) == ["Accept-Encoding"] and web.get(page) == "the stored page"

    editor.delete(page)  # the editor's process purges the page
    editor.delete(header)
    assert web.get(header) == ["Accept-Encoding"]  # still remembered here...
    assert web.get(page) is None  # ...but the page is read from the shared cache: a miss, never a stale page


def test_the_header_list_is_read_again_after_page_cache_headers_seconds(process, settings):
    settings.PAGE_CACHE_HEADERS_SECONDS = 0
    web, editor = process(), process()
    header = HEADER_KEY + "about"
    editor.set(header, ["Accept-Encoding"], 60)
    assert web.get(header) == ["Accept-Encoding"]
    editor.set(header, ["Accept-Encoding", "Accept-Language"], 60)
    assert web.get(header) == ["Accept-Encoding", "Accept-Language"]


def test_remembered_lists_are_bounded_and_other_keys_never_remembered(process, monkeypatch):
    monkeypatch.setattr(page_caches, "MAX_URLS", 3)
    web = process()
    for n in range(10):
        web.set(f"{HEADER_KEY}{n}", ["Accept-Encoding"], 60)
        web.set(f"page-{n}", "a page", 60)
        assert web.get(f"page-{n}") == "a page"
    assert len(web.header_lists) <= 3
    assert all(key.startswith(HEADER_KEY) for key in web.header_lists)
