"""The newsletter's side of the landing page: the live count it reports, and which pages show it."""

import pytest
from wagtail import hooks

from newsletter.landing import pages_showing_subscriber_count
from tests.factories import StandardPageFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def social_proof(show_count):
    return (
        "social_proof",
        {
            "heading": "Loved",
            "show_subscriber_count": show_count,
            "subscriber_count_label": "readers",
            "minimum_count": 0,
            "testimonials": [],
        },
    )


def test_the_social_proof_count_hook_counts_confirmed_subscribers():
    SubscriberFactory.create_batch(2, status="confirmed")
    SubscriberFactory(status="pending")
    assert [count() for count in hooks.get_hooks("social_proof_count")] == [2]


def test_pages_showing_the_count_are_the_live_ones_that_turned_it_on(home_page):
    StandardPageFactory(parent=home_page, title="About")  # its body offers no social proof
    assert pages_showing_subscriber_count() == []

    home_page.body = [social_proof(show_count=False)]
    home_page.save_revision().publish()
    assert pages_showing_subscriber_count() == []

    home_page.body = [("signup", {"heading": "", "text": "", "button_label": "Join"}), social_proof(show_count=True)]
    home_page.save_revision().publish()
    assert [page.pk for page in pages_showing_subscriber_count()] == [home_page.pk]

    home_page.unpublish()
    assert pages_showing_subscriber_count() == []
