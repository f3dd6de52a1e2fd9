"""Numbers from visitors are read one way (ops.params): ASCII digits, bounded; anything else is no number, no 500."""

import pytest

from newsletter import tokens
from newsletter.models import Subscriber, Tag
from ops.params import MAX_ID, parse_int
from tests.factories import ResourcePageFactory, SubscriberFactory
from tests.newsletter.helpers import text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7", 7),
        ("007", 7),
        ("²", None),
        ("٣", None),
        ("-1", None),
        (" 1", None),
        ("1.0", None),
        ("", None),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("9" * 5000, None),
        (None, None),
        (3, None),
    ],
)
def test_parse_int_reads_only_bounded_ascii_digits(raw, expected):
    assert parse_int(raw) == expected


def test_parse_int_keeps_to_the_bounds_it_is_given():
    assert parse_int("0", minimum=1) is None
    assert parse_int("11", maximum=10) is None
    assert parse_int("x", default=1) == 1


def test_directory_page_number_in_unicode_digits_shows_the_first_page(client, directory):
    ResourcePageFactory(parent=directory)
    response = client.get("/resources/?page=%C2%B2")
    assert response.status_code == 200
    assert "isn't one we know" in text(response)


def test_signup_with_a_unicode_digit_source_page_is_stored_without_one(client, home_page):
    response = client.post("/newsletter/subscribe/", {"email": "ada@example.com", "source_page": "²"})
    assert response.status_code == 302
    assert Subscriber.objects.get(email="ada@example.com").source_page_id is None


def test_preferences_with_a_unicode_digit_topic_saves_the_others(client, home_page):
    reader = SubscriberFactory(email="reader@example.com", status="confirmed")
    topic = Tag.objects.create(name="Launches", public=True)
    path = f"/newsletter/preferences/{tokens.manage_token(reader)}/"
    response = client.post(path, {"topics": ["²", str(topic.pk), "1" * 30], "subscribed": "on"})
    assert response.status_code == 200
    assert list(reader.tags.all()) == [topic]


def test_outbound_click_on_an_id_too_large_for_the_database_is_not_found(client, directory):
    assert client.get("/resources/go/99999999999999999999999/").status_code == 404
    assert client.get(f"/resources/go/{MAX_ID}/").status_code == 404


def test_mastodon_share_of_a_huge_post_id_is_not_found(client, post, blog):
    assert client.get(f"/blog/share/mastodon/{'9' * 25}/").status_code == 404


def test_admin_urls_with_an_id_too_large_for_the_database_are_not_found(admin_client):
    huge = "9" * 25
    for path in (
        f"/admin/resources/suggestions/{huge}/approve/",
        f"/admin/newsletter/issues/{huge}/send/",
        f"/admin/newsletter/from-page/{huge}/",
    ):
        assert admin_client.get(path).status_code == 404, path
