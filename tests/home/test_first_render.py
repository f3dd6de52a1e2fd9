"""Every page type's first render after a publish (nothing in the page cache) takes at most 15 queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.pagecache import forget_stored_pages

pytestmark = pytest.mark.django_db

CEILING = 15


def first_render_queries(client, url):
    client.get(url)  # process-level caches (content types, site root paths) and renditions, as in production
    forget_stored_pages()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_each_page_type_renders_first_in_fifteen_queries(client, tree):
    urls = [
        tree.home.url,
        tree.about.url,
        tree.blog.url,
        tree.posts[0].url,
        tree.directory.url,
        tree.directory.url + "?kind=tool&sort=name",
        tree.resources[0].url,
    ]
    counts = {url: first_render_queries(client, url) for url in urls}
    assert max(counts.values()) <= CEILING, counts
