"""Writing to one contact: from a template, opened in the founder's mail program or sent from the site, one message
to one person, plain text, untracked, rate limited; a mail server's refusal records nothing."""

import email
import email.policy

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from outreach.models import Contact, Outreach, SentVia, Status
from tests.admin_users import denied, sign_in_editor

pytestmark = pytest.mark.django_db


def compose_url(contact, **query):
    url = f"/admin/outreach/contacts/{contact.pk}/write/"
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_the_compose_screen_fills_the_template_and_builds_the_mailto_link(writer, client, contact, template):
    page = soup(client.get(compose_url(contact, template=template.pk)))
    assert page.select_one("[name=subject]")["value"] == "Hi Riley, a note from Launchkit"
    assert page.select_one("[name=body]").get_text().strip().startswith("Hi Riley,")
    link = page.select_one("a[data-mailto]")["href"]
    assert link.startswith("mailto:riley@blog.example.org?subject=Hi%20Riley%2C%20a%20note%20from%20Launchkit&body=")
    assert page.select_one("script[src$='outreach/compose.js']")


def test_a_long_message_gets_the_keep_it_short_hint(writer, client, contact, template):
    template.body = "word " * 150
    template.save()
    page = soup(client.get(compose_url(contact, template=template.pk)))
    assert page.select_one("[data-word-count]").get_text() == "150"
    assert not page.select_one("[data-too-long]").has_attr("hidden")


def test_i_sent_it_records_the_message_and_marks_the_contact_contacted(writer, client, contact):
    response = client.post(compose_url(contact), {"subject": "Hi", "body": "Short note.", "action": "sent_mailto"})
    assert response.status_code == 302
    message = Outreach.objects.get()
    assert (message.contact, message.sent_via, message.sent_by, message.body) == (
        contact,
        SentVia.MAILTO,
        writer,
        "Short note.",
    )
    contact.refresh_from_db()
    assert contact.status == Status.CONTACTED and contact.follow_up_on
    assert not mail.outbox  # the founder sent it from their own mail program


def test_sending_from_the_site_sends_one_plain_untracked_message_to_one_contact(writer, client, contact, smtp_sink):
    body = "Hi Riley,\n\nMy post: https://example.com/post/?a=1&b=2\n\nThanks!"
    response = client.post(compose_url(contact), {"subject": "A note", "body": body, "action": "send"})
    assert response.status_code == 302
    assert len(smtp_sink.messages) == 1
    envelope = smtp_sink.messages[0]
    assert envelope.rcpt_tos == ["riley@blog.example.org"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message.get_content_type() == "text/plain" and not message.is_multipart()
    assert message["From"] == message["Reply-To"] == "founder@example.com"
    assert message["To"] == "riley@blog.example.org" and message["Cc"] is None and message["Bcc"] is None
    assert message["Subject"] == "A note"
    sent = message.get_content()
    assert sent.replace("\r\n", "\n").strip() == body  # links untouched: no UTM, no redirect, no pixel
    assert "utm_" not in sent and "<img" not in sent and "/r/" not in sent
    assert Outreach.objects.get().sent_via == SentVia.SITE


def test_a_mail_server_error_gives_a_clear_message_and_records_nothing(writer, client, contact, settings):
    settings.EMAIL_BACKEND = "tests.outreach.failing_backend.RefusingBackend"
    response = client.post(compose_url(contact), {"subject": "A note", "body": "Hi", "action": "send"})
    assert response.status_code == 200
    assert "refused the message, so nothing was recorded" in response.content.decode()
    assert not Outreach.objects.exists()
    contact.refresh_from_db()
    assert contact.status == Status.TO_CONTACT


def test_an_unreachable_mail_server_records_nothing_either(writer, client, contact, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = client.post(compose_url(contact), {"subject": "A note", "body": "Hi", "action": "send"})
    assert response.status_code == 200 and not Outreach.objects.exists()


@pytest.mark.parametrize(
    "extra",
    [
        {"to": "other@example.com"},
        {"contacts": ["1", "2"]},
        {"bcc": "everyone@example.com"},
        {"body": ["one", "two"]},
    ],
)
def test_the_send_view_refuses_recipients_and_lists(writer, client, contact, extra):
    data = {"subject": "A note", "body": "Hi", "action": "send", **extra}
    response = client.post(compose_url(contact), data)
    assert response.status_code == 400
    assert not mail.outbox and not Outreach.objects.exists()


def test_sending_from_the_site_is_rate_limited_per_editor(writer, client, contact, settings):
    settings.OUTREACH_SEND_RATE = "2/h"
    for _ in range(2):
        assert client.post(compose_url(contact), {"subject": "S", "body": "B", "action": "send"}).status_code == 302
    response = client.post(compose_url(contact), {"subject": "S", "body": "B", "action": "send"})
    assert response.status_code == 200 and "hourly limit" in response.content.decode()
    assert len(mail.outbox) == 2 and Outreach.objects.count() == 2


def test_the_subject_can_not_smuggle_headers(writer, client, contact):
    client.post(compose_url(contact), {"subject": "Hi\r\nBcc: all@example.com", "body": "B", "action": "send"})
    (message,) = mail.outbox
    assert message.to == [contact.email] and not message.bcc and not message.cc
    assert message.subject == "Hi Bcc: all@example.com"


def test_a_contact_without_an_address_can_be_recorded_but_not_sent_to(writer, client, db):
    from outreach.models import Contact

    forum = Contact.objects.create(name="A forum", kind="community")
    response = client.post(compose_url(forum), {"subject": "S", "body": "B", "action": "send"})
    assert "no email address" in response.content.decode() and not mail.outbox
    client.post(compose_url(forum), {"subject": "S", "body": "B", "action": "sent_mailto"})
    assert Outreach.objects.filter(contact=forum).count() == 1


def test_an_editor_without_an_address_is_told_to_add_one(client, contact):
    user = sign_in_editor(client, "outreach.view_contact", "outreach.send_outreach", username="noaddress")
    user.email = ""
    user.save()
    response = client.post(compose_url(contact), {"subject": "S", "body": "B", "action": "send"})
    assert "no email address to send from" in response.content.decode() and not mail.outbox


def test_the_founders_address_setting_wins_over_the_editors(writer, client, contact, settings):
    settings.OUTREACH_FROM_EMAIL = "Ada <ada@example.com>"
    client.post(compose_url(contact), {"subject": "S", "body": "B", "action": "send"})
    (message,) = mail.outbox
    assert message.from_email == "Ada <ada@example.com>" and message.reply_to == ["Ada <ada@example.com>"]


def test_an_editor_who_may_only_view_contacts_can_not_write(client, contact):
    sign_in_editor(client, "outreach.view_contact")
    assert denied(client.post(compose_url(contact), {"subject": "S", "body": "B", "action": "send"}))
    assert not mail.outbox and not Outreach.objects.exists()
    assert not soup(client.get(compose_url(contact))).select("a[data-mailto]")


def test_an_unknown_contact_is_a_404(writer, client):
    assert client.get("/admin/outreach/contacts/99999/write/").status_code == 404
    assert client.get("/admin/outreach/contacts/99999999999999999999999/write/").status_code == 404


def test_status_buttons_move_a_contact_and_refuse_unknown_statuses(writer, client, contact):
    url = f"/admin/outreach/contacts/{contact.pk}/status/"
    assert client.post(url, {"status": "contacted"}).status_code == 302
    contact.refresh_from_db()
    assert contact.follow_up_on
    response = client.post(url, {"status": "replied", "next": "https://evil.example/"})
    assert response["Location"] == "/admin/outreach/due/"
    contact.refresh_from_db()
    assert contact.status == Status.REPLIED and contact.follow_up_on is None
    assert client.post(url, {"status": "nonsense"}).status_code == 400
    assert client.get(url).status_code == 405


class RefusingSink:
    async def handle_DATA(self, server, session, envelope):
        return "554 5.7.1 Message rejected"


def test_a_real_smtp_servers_refusal_records_nothing(writer, client, contact, settings):
    from aiosmtpd.controller import Controller

    from tests.conftest import free_port

    port = free_port()
    controller = Controller(RefusingSink(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        response = client.post(compose_url(contact), {"subject": "A note", "body": "Hi", "action": "send"})
    finally:
        controller.stop()
    assert response.status_code == 200
    assert "nothing was recorded as sent" in response.content.decode() and "554" in response.content.decode()
    assert not Outreach.objects.exists()


def test_adding_a_contact_with_a_known_address_in_another_case_is_refused_in_the_form(writer, client, contact):
    response = client.post(
        "/admin/snippets/outreach/contact/add/",
        {"name": "Again", "email": "RILEY@blog.example.org", "kind": "person", "status": "to_contact"},
    )
    assert response.status_code == 200 and "Another contact has this email address" in response.content.decode()
    assert Contact.objects.count() == 1
