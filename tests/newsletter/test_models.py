import pytest
from wagtail import hooks

from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def test_apps_add_to_a_subscribers_data_through_the_subscriber_data_hook():
    subscriber = SubscriberFactory(email="ada@example.com")
    with hooks.register_temporarily("subscriber_data", lambda s: {"referrals": {"count": 2, "of": s.email}}):
        data = subscriber.as_data()
    assert data["referrals"] == {"count": 2, "of": "ada@example.com"}
    assert data["email"] == "ada@example.com"
