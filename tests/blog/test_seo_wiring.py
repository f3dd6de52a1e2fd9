"""The SEO machinery applied to the blog: archives in the sitemap, authors as Persons, cached feeds."""

import json

import pytest
from bs4 import BeautifulSoup

from tests.factories import add_post
from tests.home.test_sitemaps import sitemap_locations

pytestmark = pytest.mark.django_db


def test_sitemap_lists_tag_and_author_archives_that_have_posts(client, post, blog):
    add_post(blog, title="Draft", slug="draft", tags=["unpublished-only"], live=False)
    locations = sitemap_locations(client)
    assert "http://testserver/blog/tag/analytics/" in locations
    assert "http://testserver/blog/tag/launch/" in locations
    assert "http://testserver/blog/author/ada/" in locations
    assert "http://testserver/blog/author/sam/" in locations
    assert not any("unpublished-only" in location for location in locations)


def test_blog_posting_authors_are_people_in_order(client, post):
    soup = BeautifulSoup(client.get(post.url).content, "html.parser")
    blocks = [json.loads(script.string) for script in soup.select('script[type="application/ld+json"]')]
    posting = next(block for block in blocks if block.get("@type") == "BlogPosting")
    assert posting["author"] == [
        {"@type": "Person", "name": "Sam Okafor", "url": "http://testserver/blog/author/sam/"},
        {"@type": "Person", "name": "Ada Park", "url": "http://testserver/blog/author/ada/"},
    ]


@pytest.mark.parametrize("path", ["/blog/rss/", "/blog/atom/", "/blog/tag/analytics/rss/"])
def test_feeds_may_be_cached_by_shared_caches(client, post, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
