"""Password-reset requests send email, so they are rate-limited per client address and per email address."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from ops.ratelimit import password_reset_paths

pytestmark = pytest.mark.django_db

RESET = "/admin/password_reset/"


@pytest.fixture
def admin_user():
    return get_user_model().objects.create_superuser("admin", "admin@example.com", "right-password-123")


def message(response):
    """The page's own words, without the per-request tokens of the footer's signup form."""
    return BeautifulSoup(response.content, "html.parser").select_one("main section").get_text(" ", strip=True)


def request_reset(email, ip):
    return Client(REMOTE_ADDR=ip).post(RESET, {"email": email})


def test_one_address_gets_five_resets_an_hour(admin_user):
    statuses = [request_reset(f"person{n}@example.com", "203.0.113.5").status_code for n in range(7)]
    assert statuses == [302] * 5 + [429] * 2
    assert request_reset("someone@example.com", "203.0.113.6").status_code == 302


def test_one_email_gets_five_resets_an_hour_from_anywhere(admin_user):
    statuses = [request_reset("Admin@Example.com ", f"203.0.113.{n}").status_code for n in range(7)]
    assert statuses == [302] * 5 + [429] * 2
    assert len(mail.outbox) == 5


def test_the_limit_says_so_clearly_and_the_same_for_known_and_unknown_addresses(admin_user, settings):
    settings.PASSWORD_RESET_RATE = "1/h"
    assert request_reset("admin@example.com", "203.0.113.5").status_code == 302
    assert request_reset("nobody@example.com", "203.0.113.6").status_code == 302
    known = request_reset("admin@example.com", "203.0.113.7")
    unknown = request_reset("nobody@example.com", "203.0.113.8")
    assert known.status_code == unknown.status_code == 429
    assert message(known) == message(unknown)
    assert message(known).startswith("Too many password reset requests")
    assert len(mail.outbox) == 1


def test_spoofed_forwarded_headers_do_not_escape_the_limit(admin_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    statuses = [
        Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5")
        .post(RESET, {"email": f"person{n}@example.com"})
        .status_code
        for n in range(6)
    ]
    assert statuses == [302] * 5 + [429]


def test_the_reset_form_itself_is_not_limited(admin_user):
    client = Client(REMOTE_ADDR="203.0.113.5")
    assert [client.get(RESET).status_code for _ in range(7)] == [200] * 7


def test_the_limit_covers_every_password_reset_form_the_site_routes():
    # django-admin's own reset form is not routed here; if its URL were added, the limit would cover it too.
    assert password_reset_paths() == {RESET}
