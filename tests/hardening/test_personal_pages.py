"""Pages with one person's data say `private, no-store` and are never stored by the page cache."""

import pytest
from django.utils.cache import get_max_age

from newsletter import tokens
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(home_page):
    return SubscriberFactory(email="reader@example.com", status="confirmed")


def personal_paths(reader):
    manage = tokens.manage_token(reader)
    return [
        f"/newsletter/preferences/{manage}/",
        f"/newsletter/preferences/{manage}/data.json",
        f"/newsletter/preferences/{manage}/delete/",
        f"/newsletter/confirm/{tokens.confirm_token(reader)}/",
        f"/newsletter/u/{manage}/",
        f"/question/{manage}/",  # the customer question (research)
        "/question/not-a-token/",
        "/newsletter/preferences/not-a-token/",  # the "link isn't valid" page too
    ]


def assert_private(response):
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives, response["Cache-Control"]
    assert "public" not in directives
    assert get_max_age(response) == 0


def test_every_personal_page_is_private_and_no_store(client, reader):
    for path in personal_paths(reader):
        response = client.get(path)
        assert response.status_code < 500, path
        assert_private(response)


def test_personal_pages_are_never_served_from_the_page_cache(client, reader):
    path = personal_paths(reader)[0]
    first, again = client.get(path), client.get(path)
    assert first.get("X-Wagtail-Cache") != "hit" and again.get("X-Wagtail-Cache") != "hit"


def test_preference_changes_answer_private_too(client, reader):
    path = personal_paths(reader)[0]
    assert_private(client.post(path, {"subscribed": "on"}))
    assert_private(client.post(f"/newsletter/u/{tokens.manage_token(reader)}/undo/"))
