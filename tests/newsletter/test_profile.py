"""One admin screen per subscriber (issue 16, item 2): status history, consents, source and landing page, issues
received, notes, and the sections other apps add; notes and history in the JSON download and deleted with the
subscriber."""

import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import format_html
from wagtail import hooks

from newsletter import tokens
from newsletter.models import Campaign, Consent, Delivery, StatusChange, Subscriber, SubscriberNote
from tests.admin_users import denied, sign_in_editor
from tests.factories import SubscriberFactory

from .test_webhooks_archive import postmark, secret  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def profile_url(subscriber):
    return f"/admin/newsletter/subscribers/{subscriber.pk}/profile/"


@pytest.fixture
def reader(db):
    reader = SubscriberFactory(
        email="ada@example.com",
        source_path="/pricing/",
        utm_source="hn",
        utm_campaign="launch",
        referrer="https://news.ycombinator.com/",
    )
    reader.confirm()
    Consent.objects.create(subscriber=reader, action=Consent.Action.SIGNUP, form="Signup form", text="Yes please")
    return reader


def deliver(subscriber, n):
    campaign = Campaign.objects.create(subject=f"Issue {n}")
    Delivery.objects.create(campaign=campaign, subscriber=subscriber, status="sent", sent_at=timezone.now())


def test_the_profile_shows_history_consent_source_issues_and_notes(admin_client, reader):
    deliver(reader, 1)
    SubscriberNote.objects.create(subscriber=reader, text="Met at DjangoCon")
    page = soup(admin_client.get(profile_url(reader)))
    history = page.select_one('[data-section="status-history"]').get_text(" ")
    assert "Pending confirmation" in history and "Confirmed" in history
    assert "Yes please" in page.select_one('[data-section="consents"]').get_text()
    source = page.select_one('[data-section="source"]').get_text(" ")
    assert "/pricing/" in source and "hn" in source and "launch" in source and "news.ycombinator.com" in source
    # The issues received come from the per-issue results (newsletter/results.py), with their clicks.
    assert "Issue 1" in page.select_one("[data-subscriber-issues]").get_text()
    assert "Met at DjangoCon" in page.select_one('[data-section="notes"]').get_text()


def test_the_listing_and_the_edit_screen_link_to_the_profile(admin_client, reader):
    assert profile_url(reader) in admin_client.get("/admin/snippets/newsletter/subscriber/").content.decode()
    edit = admin_client.get(f"/admin/snippets/newsletter/subscriber/edit/{reader.pk}/").content.decode()
    assert profile_url(reader) in edit


def test_other_apps_add_sections_in_their_order_and_a_failing_one_is_skipped(admin_client, reader):
    def referrals(request, subscriber):
        return [{"heading": "Referrals", "html": format_html("<p>{} referred 3</p>", subscriber.email), "order": 40}]

    def first(request, subscriber):
        return [{"heading": "First", "html": format_html("<p>{}</p>", "one"), "order": 10}]

    def broken(request, subscriber):
        raise RuntimeError("boom")

    with (
        hooks.register_temporarily("subscriber_profile_sections", referrals),
        hooks.register_temporarily("subscriber_profile_sections", broken),
        hooks.register_temporarily("subscriber_profile_sections", first),
    ):
        response = admin_client.get(profile_url(reader))
    assert response.status_code == 200
    headings = [h2.get_text() for h2 in soup(response).select('[data-section="extra"] h2')]
    assert headings.index("First") < headings.index("Referrals")
    assert "ada@example.com referred 3" in response.content.decode()


def test_editors_add_and_delete_notes(admin_client, reader, admin_user):
    response = admin_client.post(f"/admin/newsletter/subscribers/{reader.pk}/notes/", {"text": "Wants pricing"})
    assert response.status_code == 302
    note = SubscriberNote.objects.get()
    assert (note.subscriber, note.author, note.text) == (reader, admin_user, "Wants pricing")
    admin_client.post(f"/admin/newsletter/subscribers/{reader.pk}/notes/{note.pk}/delete/")
    assert not SubscriberNote.objects.exists()


def test_an_empty_or_too_long_note_gets_a_message(admin_client, reader):
    for text in ("", "x" * 2001):
        response = admin_client.post(f"/admin/newsletter/subscribers/{reader.pk}/notes/", {"text": text})
        assert response.status_code == 400
        assert soup(response).select_one('[data-section="notes"] .error-message, [data-section="notes"] .errorlist')
    assert not SubscriberNote.objects.exists()


def test_viewing_needs_view_and_notes_need_change(client, reader):
    sign_in_editor(client, username="nobody")
    assert denied(client.get(profile_url(reader)))
    client.logout()
    sign_in_editor(client, "newsletter.view_subscriber", username="viewer")
    page = soup(client.get(profile_url(reader)))
    assert page.select_one('[data-section="notes"]') and not page.select('[data-section="notes"] form')
    assert denied(client.post(f"/admin/newsletter/subscribers/{reader.pk}/notes/", {"text": "x"}))
    assert not SubscriberNote.objects.exists()


def test_the_query_count_does_not_grow_with_history_issues_and_notes(admin_client, reader):
    admin_client.get(profile_url(reader))
    with CaptureQueriesContext(connection) as few:
        admin_client.get(profile_url(reader))
    for n in range(10):
        deliver(reader, n + 2)
        SubscriberNote.objects.create(subscriber=reader, text=f"note {n}")
        reader.unsubscribe()
        reader.confirm()
    with CaptureQueriesContext(connection) as many:
        admin_client.get(profile_url(reader))
    assert len(many) == len(few)


def test_status_history_records_signup_confirm_unsubscribe_and_return(client, home_page):
    client.post("/newsletter/subscribe/", {"email": "grace@example.com"}, HTTP_ACCEPT="application/json")
    grace = Subscriber.objects.get()
    client.post(f"/newsletter/confirm/{tokens.confirm_token(grace)}/")
    manage = tokens.manage_token(grace)
    client.post(f"/newsletter/u/{manage}/")
    client.post(f"/newsletter/u/{manage}/undo/")
    history = list(StatusChange.objects.filter(subscriber=grace).values_list("previous_status", "status"))
    assert history == [
        ("", "pending"),
        ("pending", "confirmed"),
        ("confirmed", "unsubscribed"),
        ("unsubscribed", "confirmed"),
    ]


def test_a_bounce_from_the_webhook_is_in_the_history(client, secret):  # noqa: F811
    reader = SubscriberFactory(email="x@example.com", status="confirmed")
    postmark(client, secret, "Bounce", "HardBounce", "x@example.com")
    last = StatusChange.objects.filter(subscriber=reader).last()
    assert (last.previous_status, last.status) == ("confirmed", "bounced")
    assert "bounced" in last.reason


def test_the_json_download_includes_notes_and_status_history(client, reader):
    SubscriberNote.objects.create(subscriber=reader, text="Met at DjangoCon")
    data = json.loads(client.get(f"/newsletter/preferences/{tokens.manage_token(reader)}/data.json").content)
    assert [note["text"] for note in data["notes"]] == ["Met at DjangoCon"]
    assert [change["status"] for change in data["status_history"]] == ["pending", "confirmed"]


def test_deleting_the_subscriber_deletes_notes_and_history(client, reader):
    SubscriberNote.objects.create(subscriber=reader, text="Met at DjangoCon")
    client.post(f"/newsletter/preferences/{tokens.manage_token(reader)}/delete/")
    assert not Subscriber.objects.exists()
    assert not SubscriberNote.objects.exists() and not StatusChange.objects.exists()


def test_a_confirmation_page_section_from_another_app_is_shown(client, home_page):
    reader = SubscriberFactory(email="new@example.com")

    def place_in_line(request, subscriber):
        html = format_html("<p data-extra>{} is number 7</p>", subscriber.email)
        return [{"heading": "Your place in line", "html": html, "order": 10}]

    with hooks.register_temporarily("confirmation_page_sections", place_in_line):
        page = soup(client.post(f"/newsletter/confirm/{tokens.confirm_token(reader)}/"))
    assert page.select_one("[data-extra]").get_text() == "new@example.com is number 7"


def test_a_failing_confirmation_or_welcome_section_leaves_the_page_and_the_email_whole(client, home_page):
    from django.core import mail

    reader = SubscriberFactory(email="new@example.com")

    def broken(*args):
        raise RuntimeError("boom")

    with (
        hooks.register_temporarily("confirmation_page_sections", broken),
        hooks.register_temporarily("welcome_email_sections", broken),
    ):
        response = client.post(f"/newsletter/confirm/{tokens.confirm_token(reader)}/")
    assert response.status_code == 200 and "You're subscribed" in response.content.decode()
    assert [message.to for message in mail.outbox] == [["new@example.com"]]


def test_an_editor_changing_the_status_is_in_the_history(admin_client, reader):
    admin_client.post(
        f"/admin/snippets/newsletter/subscriber/edit/{reader.pk}/",
        {"email": reader.email, "status": "unsubscribed", "status_reason": "Asked by email"},
    )
    last = StatusChange.objects.filter(subscriber=reader).last()
    assert (last.previous_status, last.status, last.reason) == ("confirmed", "unsubscribed", "Asked by email")


def test_those_who_may_only_change_subscribers_see_the_profile_too(client, reader):
    sign_in_editor(client, "newsletter.change_subscriber", username="changer")
    assert client.get(profile_url(reader)).status_code == 200
