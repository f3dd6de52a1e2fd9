import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail, signing
from django.test import Client

from newsletter import tokens
from newsletter.models import Consent, NewsletterSettings, Subscriber

from .helpers import confirm_path, last_mail, text

pytestmark = pytest.mark.django_db

URL = "/newsletter/subscribe/"


def sign_up(client, email="ada@example.com", **extra):
    return client.post(URL, {"email": email, **extra}, HTTP_ACCEPT="application/json")


def test_signup_sends_a_confirmation_email_with_a_post_only_link(client, home_page):
    assert sign_up(client).json()["ok"]
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    message = last_mail("ada@example.com")
    assert "confirm" in message.subject.lower()
    html = message.alternatives[0][0]
    assert "style=" in html  # CSS inlined
    path = confirm_path(message)

    # A GET (a mail scanner following the link) shows a button and confirms nothing.
    response = client.get(path)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("form[method=post] button").get_text(strip=True) == "Confirm my subscription"
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING and subscriber.confirmed_at is None

    response = client.post(path)
    assert response.status_code == 200
    assert "You're subscribed" in text(response)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED and subscriber.confirmed_at


def test_confirmation_records_consent_and_sends_the_editable_welcome(client, home_page):
    settings_ = NewsletterSettings.load()
    settings_.welcome_subject = "Hello from us"
    settings_.welcome_body = "<p>Glad you're here.</p>"
    settings_.save()
    sign_up(client, source_page=str(home_page.pk), HTTP_REFERER="http://testserver/")
    client.post(confirm_path(last_mail("ada@example.com")))
    consents = list(Subscriber.objects.get().consents.values_list("action", "form", "text"))
    assert [c[0] for c in consents] == [Consent.Action.SIGNUP, Consent.Action.CONFIRM]
    assert consents[1][1] == "Confirmation page" and "Yes, send me" in consents[1][2]
    assert Consent.objects.filter(ip_hash="").count() == 2  # IPs are not kept unless the operator turns it on
    welcome = last_mail("ada@example.com")
    assert welcome.subject == "Hello from us"
    assert "Glad you're here." in welcome.body


def test_ip_is_kept_only_hashed_and_only_when_enabled(client, home_page, settings):
    settings.NEWSLETTER_STORE_IP_HASH = True
    sign_up(client, REMOTE_ADDR="203.0.113.9")
    consent = Consent.objects.get()
    assert len(consent.ip_hash) == 64 and "203.0.113.9" not in consent.ip_hash


def test_confirming_twice_is_harmless_and_sends_one_welcome(client, home_page):
    sign_up(client)
    path = confirm_path(last_mail("ada@example.com"))
    client.post(path)
    client.post(path)
    assert sum("welcome" in m.subject.lower() for m in mail.outbox) == 1


def test_expired_token_gives_a_clear_page(client, home_page, settings):
    sign_up(client)
    path = confirm_path(last_mail("ada@example.com"))
    settings.NEWSLETTER_CONFIRM_MAX_AGE = -1
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 400
        assert "This link has expired" in text(response)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


@pytest.mark.parametrize(
    "token",
    ["nonsense", "a" * 300, "WzEsImFiYyJd:1tAAAA:forged", "%00", signing.dumps([1, "x"], salt="other")],
)
def test_forged_tokens_give_a_clear_page(client, home_page, token):
    sign_up(client)
    for method in (client.get, client.post):
        response = method(f"/newsletter/confirm/{token}/")
        assert response.status_code in (400, 404)
        if response.status_code == 400:
            assert "This link isn't valid" in text(response)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_a_token_signed_for_unsubscribing_cannot_confirm(client, home_page):
    sign_up(client)
    subscriber = Subscriber.objects.get()
    response = client.post(f"/newsletter/confirm/{tokens.manage_token(subscriber)}/")
    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_signing_up_again_while_pending_resends_at_most_once_per_window(client, home_page):
    for _ in range(3):
        sign_up(client)
    assert len(mail.outbox) == 1
    Subscriber.objects.update(
        confirmation_sent_at=Subscriber.objects.get().confirmation_sent_at - timedelta(minutes=11)
    )
    sign_up(client)
    assert len(mail.outbox) == 2


def test_known_confirmed_address_gets_the_same_answer_and_no_email(client, home_page):
    new = sign_up(client, "new@example.com")
    Subscriber.objects.create(email="known@example.com", status=Subscriber.Status.CONFIRMED)
    known = sign_up(client, "known@example.com")
    assert new.status_code == known.status_code and new.json() == known.json()
    assert [m.to for m in mail.outbox] == [["new@example.com"]]


def test_unsubscribed_address_signing_up_again_must_confirm_again(client, home_page):
    Subscriber.objects.create(email="back@example.com", status=Subscriber.Status.UNSUBSCRIBED)
    sign_up(client, "back@example.com")
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert last_mail("back@example.com")


def test_confirmation_email_over_real_smtp_has_the_list_headers(client, home_page, smtp_sink):
    sign_up(client)
    assert len(smtp_sink.messages) == 1
    envelope = smtp_sink.messages[0]
    raw = envelope.content.decode()
    headers = raw.split("\r\n\r\n", 1)[0]
    for name in ("List-Unsubscribe:", "List-Unsubscribe-Post: List-Unsubscribe=One-Click", "Message-ID:", "Date:"):
        assert name in headers


def test_csrf_is_enforced_on_the_confirm_button(home_page):
    csrf_client = Client(enforce_csrf_checks=True)
    sign_up(Client())
    path = confirm_path(last_mail("ada@example.com"))
    assert csrf_client.post(path).status_code == 403
    soup = BeautifulSoup(csrf_client.get(path).content, "html.parser")
    token = soup.select_one("input[name=csrfmiddlewaretoken]")["value"]
    assert csrf_client.post(path, {"csrfmiddlewaretoken": token}).status_code == 200
    assert json.dumps(Subscriber.objects.get().status) == '"confirmed"'
