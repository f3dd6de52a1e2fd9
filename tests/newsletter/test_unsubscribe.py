import json

import pytest
from bs4 import BeautifulSoup
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from newsletter import emails, tokens
from newsletter.models import Consent, Subscriber, Tag
from tests.factories import SubscriberFactory

from .helpers import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(db):
    return SubscriberFactory(
        email="reader@example.com", status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now()
    )


def unsubscribe_url(message):
    header = message.extra_headers["List-Unsubscribe"]
    return header.split("<", 1)[1].split(">", 1)[0]


def test_every_email_carries_rfc8058_headers(reader, settings):
    settings.NEWSLETTER_UNSUBSCRIBE_MAILTO = "unsubscribe@example.com"
    message = emails.welcome_email(reader).message(reader)
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http://testserver/newsletter/u/")
    assert "<mailto:unsubscribe@example.com?subject=unsubscribe>" in header
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Message-ID"].startswith("<") and message.extra_headers["Date"]


def test_bare_one_click_post_unsubscribes_without_cookie_or_csrf(reader):
    url = unsubscribe_url(emails.welcome_email(reader).message(reader))
    client = Client(enforce_csrf_checks=True)  # a mail provider's POST: no cookie, no token
    response = client.post(
        url.replace("http://testserver", ""),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not response.cookies.get("sessionid")
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED and reader.unsubscribed_at


def test_opening_the_unsubscribe_link_changes_nothing_and_shows_one_button(client, reader):
    # Mail scanners and link previews fetch every link in a message (RFC 8058): a GET must not act.
    path = f"/newsletter/u/{tokens.manage_token(reader)}/"
    for _ in range(3):
        response = client.get(path)
        assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("main form[method=post]")
    assert form["action"] == path
    assert [button.get_text(strip=True) for button in soup.select("main form button")] == ["Unsubscribe"]
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED and reader.unsubscribed_at is None


def test_the_list_unsubscribe_url_does_nothing_on_get(reader):
    url = unsubscribe_url(emails.welcome_email(reader).message(reader))
    Client().get(url.replace("http://testserver", ""))
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED


def test_pressing_the_button_unsubscribes_and_offers_undo(client, reader):
    path = f"/newsletter/u/{tokens.manage_token(reader)}/"
    response = client.post(path)
    assert "You're unsubscribed" in text(response) and "Undo" in text(response)
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED
    assert "You're unsubscribed" in text(client.get(path))  # opened again later: says so, changes nothing
    client.post(f"{path}undo/")
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED
    assert reader.consents.filter(action=Consent.Action.RESUBSCRIBE).exists()


def test_a_confirmation_link_clicked_again_after_unsubscribing_does_not_resubscribe(client, reader):
    confirm = f"/newsletter/confirm/{tokens.confirm_token(reader)}/"
    client.post(f"/newsletter/u/{tokens.manage_token(reader)}/")
    for response in (client.get(confirm), client.post(confirm)):
        assert response.status_code == 409 and "You unsubscribed after we sent this link" in text(response)
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED
    assert not reader.consents.filter(action=Consent.Action.CONFIRM).exists()
    assert mail.outbox == []


def test_a_confirmation_link_without_an_issue_time_never_resubscribes_a_leaver(client, reader):
    # Links mailed before tokens carried their issue time.
    old = signing.dumps([reader.pk, tokens._fingerprint(reader)], salt=tokens.CONFIRM_SALT, compress=False)
    reader.unsubscribe()
    assert client.post(f"/newsletter/confirm/{old}/").status_code == 409
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED


def test_a_leaver_who_signs_up_again_confirms_with_the_new_link(client, reader):
    stale = f"/newsletter/confirm/{tokens.confirm_token(reader)}/"
    reader.unsubscribe()
    Subscriber.objects.filter(pk=reader.pk).update(status=Subscriber.Status.PENDING)  # as signing up again does
    assert client.post(stale).status_code == 409
    fresh = f"/newsletter/confirm/{tokens.confirm_token(reader)}/"
    assert client.post(fresh).status_code == 200
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED


def test_bad_unsubscribe_tokens_give_a_clear_page(client, reader):
    for token in ("x", "WzEsIngiXQ:bad", tokens.confirm_token(reader)):
        response = client.post(f"/newsletter/u/{token}/")
        assert response.status_code == 400 and "isn't valid" in text(response)
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED


def test_preferences_topics_and_status(client, reader):
    topic = Tag.objects.create(name="Product updates", public=True)
    Tag.objects.create(name="Internal VIP", public=False)
    path = f"/newsletter/preferences/{tokens.manage_token(reader)}/"
    page = text(client.get(path))
    assert "Product updates" in page and "Internal VIP" not in page
    client.post(path, {"subscribed": "1", "topics": [str(topic.pk), "abc", "9" * 30]})
    assert list(reader.tags.all()) == [topic]
    client.post(path, {})
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED and not reader.tags.exists()


def test_data_download_and_self_delete(client, reader):
    Consent.objects.create(subscriber=reader, action="signup", form="Signup form", text="Yes")
    token = tokens.manage_token(reader)
    response = client.get(f"/newsletter/preferences/{token}/data.json")
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["email"] == "reader@example.com" and data["consents"][0]["text"] == "Yes"

    assert "Delete everything" in text(client.get(f"/newsletter/preferences/{token}/delete/"))
    assert Subscriber.objects.exists()  # a GET deletes nothing
    response = client.post(f"/newsletter/preferences/{token}/delete/")
    assert "deleted" in text(response)
    assert not Subscriber.objects.exists() and not Consent.objects.exists()
    # The old link now answers clearly.
    assert client.get(f"/newsletter/preferences/{token}/").status_code == 400


def test_unsubscribed_addresses_get_no_confirmation_mail_from_old_links(client, reader):
    client.post(f"/newsletter/u/{tokens.manage_token(reader)}/")
    assert mail.outbox == []
