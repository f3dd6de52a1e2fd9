from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from blog.share import normalize_instance, tracked_url

pytestmark = pytest.mark.django_db

CHANNELS = ["hackernews", "reddit", "twitter", "facebook", "linkedin", "bluesky", "email", "copy"]
POST_URL = "http://testserver/blog/add-analytics/"


def utm(url, channel):
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == POST_URL
    query = parse_qs(parts.query)
    assert query == {"utm_source": [channel], "utm_medium": ["social"], "utm_campaign": ["add-analytics"]}
    return True


def shared_url(link):
    """The post's address inside a share link, wherever that network expects it."""
    query = parse_qs(urlsplit(link.url).query)
    if link.channel == "copy":
        return link.url
    if link.channel == "bluesky":
        return query["text"][0].rsplit(" ", 1)[1]
    if link.channel == "email":
        return query["body"][0].rsplit("\n", 1)[1]
    return (query.get("u") or query.get("url"))[0]


def test_every_channel_carries_utm_parameters(post):
    links = post.share_links()
    assert [link.channel for link in links] == CHANNELS
    for link in links:
        assert utm(shared_url(link), link.channel), link
    hosts = {link.channel: urlsplit(link.url).netloc for link in links}
    assert hosts["hackernews"] == "news.ycombinator.com"
    assert hosts["reddit"] == "www.reddit.com"
    assert hosts["twitter"] == "x.com"
    assert hosts["facebook"] == "www.facebook.com"
    assert hosts["linkedin"] == "www.linkedin.com"
    assert hosts["bluesky"] == "bsky.app"
    assert links[-2].url.startswith("mailto:?subject=Add%20analytics")


def test_tracked_url_keeps_an_existing_query():
    assert tracked_url("https://a.example/p/?x=1", "reddit", "post") == (
        "https://a.example/p/?x=1&utm_source=reddit&utm_medium=social&utm_campaign=post"
    )


def test_post_page_shows_share_links_without_third_party_scripts(client, post):
    soup = BeautifulSoup(client.get(post.url).content, "html.parser")
    channels = [el["data-share-channel"] for el in soup.select(".share [data-share-channel]")]
    assert channels == CHANNELS + ["mastodon"]
    for script in soup.select("script[src]"):
        assert script["src"].startswith("/static/"), script
    assert soup.select_one("[data-copy-field]")["value"].startswith(POST_URL + "?utm_source=copy")
    form = soup.select_one("form[data-mastodon-form]")
    assert form["method"] == "get" and form["action"] == f"/blog/share/mastodon/{post.pk}/"


@pytest.mark.parametrize(
    ("typed", "host"),
    [
        ("mastodon.social", "mastodon.social"),
        (" https://Fosstodon.org/@me ", "fosstodon.org"),
        ("@me@hachyderm.io", "hachyderm.io"),
        ("localhost", ""),
        ("javascript:alert(1)", ""),
        ("evil.example/\x00", "evil.example"),
        ("a" * 400, ""),
        ("", ""),
    ],
)
def test_mastodon_instance_is_normalised(typed, host):
    assert normalize_instance(typed) == host


def test_mastodon_share_redirects_to_the_readers_instance(client, post):
    response = client.get(f"/blog/share/mastodon/{post.pk}/", {"instance": "https://mastodon.social/"})
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert (target.scheme, target.netloc, target.path) == ("https", "mastodon.social", "/share")
    text = parse_qs(target.query)["text"][0]
    assert text.startswith("Add analytics before you need them ")
    assert utm(text.rsplit(" ", 1)[1], "mastodon")


@pytest.mark.parametrize("instance", ["not a host", "\x00", "x" * 5000, "http://"])
def test_mastodon_share_asks_again_on_bad_input(client, post, instance):
    response = client.get(f"/blog/share/mastodon/{post.pk}/", {"instance": instance})
    assert response.status_code == 400
    assert "Enter your Mastodon server" in response.content.decode()


def test_mastodon_share_without_instance_shows_the_form(client, post):
    response = client.get(f"/blog/share/mastodon/{post.pk}/")
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").select_one("input[name=instance]")
    assert client.get("/blog/share/mastodon/999999/?instance=mastodon.social").status_code == 404
