"""Who the newsletter is from: Settings → Newsletter, else the site's name; the environment is the last fallback."""

import email
import json

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from newsletter.emails import Sender
from newsletter.models import Campaign, NewsletterSettings, Subscriber
from tests.factories import SubscriberFactory

from .helpers import confirm_path, last_mail, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def patchwork(home_page, settings):
    """The site is called Patchwork in Settings → Sites; the environment still says Launchkit."""
    settings.NEWSLETTER_FROM_EMAIL = "Launchkit <hello@example.com>"
    settings.NEWSLETTER_REPLY_TO = ""
    Site.objects.filter(is_default_site=True).update(site_name="Patchwork")
    return home_page


def sign_up(client, address="ada@example.com"):
    client.post("/newsletter/subscribe/", {"email": address}, HTTP_ACCEPT="application/json")
    return last_mail(address)


def html_of(message):
    return BeautifulSoup(message.alternatives[0][0], "html.parser")


def test_every_part_of_the_confirmation_names_the_site_not_launchkit(client, patchwork):
    message = sign_up(client)
    assert message.from_email == "Patchwork <hello@example.com>"
    soup = html_of(message)
    assert soup.select_one(".email-header").get_text(strip=True) == "Patchwork"
    assert "the Patchwork newsletter" in soup.get_text() and "on Patchwork" in soup.select_one(".email-footer").text
    assert "Launchkit" not in message.body + str(soup)

    page = client.get(confirm_path(message))
    assert "Yes, send me the Patchwork newsletter" in text(page)


def test_the_sender_fields_of_settings_win_and_reply_to_is_set(client, patchwork):
    options = NewsletterSettings.load()
    options.sender_name = "Patchwork Weekly"
    options.sender_email = "news@patchwork.example"
    options.reply_to = "editor@patchwork.example"
    options.save()
    message = sign_up(client)
    assert message.from_email == "Patchwork Weekly <news@patchwork.example>"
    assert message.reply_to == ["editor@patchwork.example"]
    assert html_of(message).select_one(".email-header").get_text(strip=True) == "Patchwork Weekly"
    client.post(confirm_path(message))
    welcome = last_mail("ada@example.com")
    assert welcome.from_email == "Patchwork Weekly <news@patchwork.example>" and "Patchwork Weekly" in welcome.body
    assert "Patchwork Weekly newsletter" in client.get("/newsletter/archive/feed/").content.decode()


def test_an_issue_goes_over_smtp_from_the_sender_with_its_reply_to(admin_client, patchwork, smtp_sink):
    options = NewsletterSettings.load()
    options.sender_name, options.reply_to = "Zoë & Co, Patchwork", "replies@patchwork.example"
    options.save()
    SubscriberFactory(email="reader@example.com", status=Subscriber.Status.CONFIRMED)
    campaign = Campaign(subject="Spring news")
    campaign.body = [("rich_text", "<p>Hello.</p>")]
    campaign.save()
    admin_client.post(f"/admin/newsletter/issues/{campaign.pk}/send/confirm/", {"recipients": "1"})
    [envelope] = smtp_sink.messages
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert envelope.mail_from == "hello@example.com"
    assert message["From"].addresses[0].display_name == "Zoë & Co, Patchwork"
    assert message["Reply-To"] == "replies@patchwork.example"


def test_without_a_site_name_the_environment_names_the_sender(home_page, settings):
    settings.NEWSLETTER_FROM_EMAIL = "Acme News <news@acme.example>"
    settings.NEWSLETTER_REPLY_TO = "help@acme.example"
    Site.objects.update(site_name="")
    assert Sender.load() == Sender("Acme News", "news@acme.example", "help@acme.example")


def test_editors_change_the_sender_in_settings(admin_client, patchwork):
    response = admin_client.get("/admin/settings/newsletter/newslettersettings/", follow=True)
    url = response.redirect_chain[-1][0] if response.redirect_chain else response.request["PATH_INFO"]
    form = BeautifulSoup(response.content, "html.parser")
    for label in ("Sender name", "Sender address", "Reply-to address"):
        assert form.find("label", string=lambda s, label=label: s and s.strip().startswith(label)), label
    data = {
        "confirmation_subject": "Please confirm",
        "welcome_subject": "Welcome",
        "welcome_body": json.dumps(
            {"blocks": [{"key": "a", "type": "unstyled", "text": "Hi.", "depth": 0}], "entityMap": {}}
        ),
        "sender_name": "Patchwork Weekly",
        "sender_email": "not an address",
        "reply_to": "",
        "footer_text": "",
    }
    response = admin_client.post(url, data)
    assert "Enter a valid email address." in text(response)
    assert admin_client.post(url, {**data, "sender_email": "news@patchwork.example"}).status_code == 302
    assert Sender.load() == Sender("Patchwork Weekly", "news@patchwork.example", "")
