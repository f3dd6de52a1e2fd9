"""Public blog pages make the same number of queries with 5 posts or 500."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import BlogPostPage
from tests.blog.conftest import make_image
from tests.factories import add_post, bulk_posts
from tests.pagecache import forget_stored_pages

pytestmark = pytest.mark.django_db

URLS = [
    "/blog/",
    "/blog/?page=2",
    "/blog/tag/launch/",
    "/blog/author/ada/",
    "/blog/rss/",
    "/blog/atom/",
    "/blog/tag/launch/rss/",
    "/blog/tag/launch/atom/",
    "/blog/first/",
    "/search/?q=bulk+first",
]


def count(client, url):
    cache.clear()  # rendition and site-root caches must not hide per-row queries
    client.get(url)  # renditions are created on first sight; count the steady state
    cache.clear()
    forget_stored_pages()  # a first render, not a stored page
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def counts(client):
    return {url: count(client, url) for url in URLS}


def test_query_counts_do_not_grow_with_posts(client, blog, authors):
    images = [make_image(f"img{n}", size=(320, 180)) for n in range(4)]
    add_post(blog, title="First", slug="first", authors=authors, tags=["launch"], hero_image=images[0], hero_alt="Alt")
    bulk_posts(blog, 4, authors=authors, tags=["launch"], images=images)
    assert BlogPostPage.objects.live().count() == 5
    few = counts(client)

    bulk_posts(blog, 495, authors=authors, tags=["launch"], images=images)
    assert BlogPostPage.objects.live().count() == 500
    many = counts(client)
    assert many == few
    assert max(many.values()) <= 15, many
