import html

import feedparser
import pytest

from blog.models import BlogSettings
from tests.factories import add_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts(blog, post, authors):
    other = add_post(blog, title="Other & <odd> title", slug="other", tags=["email"], authors=[authors[0]])
    return [post, other]


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return response, feed


@pytest.mark.parametrize(
    ("url", "content_type", "version"),
    [
        ("/blog/rss/", "application/rss+xml; charset=utf-8", "rss20"),
        ("/blog/atom/", "application/atom+xml; charset=utf-8", "atom10"),
    ],
)
def test_blog_feeds_validate_with_absolute_urls(client, posts, url, content_type, version):
    response, feed = fetch(client, url)
    assert response["Content-Type"] == content_type
    assert feed.version == version
    assert feed.feed.link == "http://testserver/blog/"
    assert [entry.title for entry in feed.entries] == ["Other & <odd> title", "Add analytics before you need them"]
    entry = feed.entries[1]
    assert entry.link == "http://testserver/blog/add-analytics/"
    assert entry.id == "http://testserver/blog/add-analytics/"
    assert {tag.term for tag in entry.tags} == {"analytics", "launch"}
    assert "Sam Okafor, Ada Park" in entry.author
    # Full content by default: the body is in the feed, and images point at the public address.
    content = entry.content[0].value if "content" in entry else entry.summary
    assert "Page views, sources and signups are enough." in content
    assert 'src="http://testserver/media/' in content


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_tag_feeds(client, posts, kind):
    _, feed = fetch(client, f"/blog/tag/email/{kind}/")
    assert [entry.title for entry in feed.entries] == ["Other & <odd> title"]
    assert feed.feed.link == "http://testserver/blog/tag/email/"
    assert client.get(f"/blog/tag/missing/{kind}/").status_code == 404


def test_editor_can_send_summaries_only(client, posts, home_page):
    from wagtail.models import Site

    settings = BlogSettings.for_site(Site.objects.get())
    settings.feed_full_content = False
    settings.feed_item_count = 1
    settings.save()
    _, feed = fetch(client, "/blog/rss/")
    assert len(feed.entries) == 1
    # Descriptions are HTML: the plain-text summary arrives escaped, and reads as typed.
    assert html.unescape(feed.entries[0].summary) == "What Other & <odd> title is about."
    _, feed = fetch(client, "/blog/atom/")
    assert "Page views" not in str(feed.entries)


def test_empty_blog_feed_is_valid(client, blog):
    _, feed = fetch(client, "/blog/rss/")
    assert feed.entries == []
