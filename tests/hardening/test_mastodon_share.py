"""The Mastodon share link redirects only to known servers' share page; any other host needs the reader's click."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def share(client, post, instance):
    return client.get(f"/blog/share/mastodon/{post.pk}/", {"instance": instance})


def test_an_unknown_host_is_never_redirected_to(client, post):
    response = share(client, post, "evil.example")
    assert response.status_code == 200
    assert "Location" not in response
    continue_link = BeautifulSoup(response.content, "html.parser").select_one("a[data-mastodon-continue]")
    target = urlsplit(continue_link["href"])
    assert (target.scheme, target.netloc, target.path) == ("https", "evil.example", "/share")
    assert "evil.example" in continue_link.get_text()


def test_a_known_server_is_redirected_to_its_share_page_only(client, post, settings):
    settings.MASTODON_INSTANCES = ["social.example.org"]
    response = share(client, post, "https://social.example.org/@me/../../admin")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert (target.scheme, target.netloc, target.path) == ("https", "social.example.org", "/share")
    assert share(client, post, "mastodon.social").status_code == 200  # no longer on the list


@pytest.mark.parametrize(
    "instance",
    ["mastodon.social:8443", "user:pass@mastodon.social.evil.example:80", "127.0.0.1", "[::1]", "//evil.example"],
)
def test_ports_credentials_and_addresses_get_no_automatic_redirect(client, post, instance):
    response = share(client, post, instance)
    assert response.status_code in (200, 400)
    assert "Location" not in response
    for link in BeautifulSoup(response.content, "html.parser").select("a[data-mastodon-continue]"):
        target = urlsplit(link["href"])
        assert target.scheme == "https" and target.path == "/share" and ":" not in target.netloc
