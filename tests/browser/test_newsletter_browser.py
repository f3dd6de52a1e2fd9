import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from newsletter import emails
from newsletter.models import Subscriber
from tests.newsletter.helpers import confirm_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_open_the_confirmation_link_press_the_button(page, live_server, home_page):
    page.goto(live_server.url)
    form = page.locator("footer form[data-signup-form]")
    form.get_by_label("Email address").fill("grace@example.com")
    form.get_by_role("button").click()
    expect(form.get_by_role("status")).to_contain_text("Check your inbox")

    message = next(m for m in mail.outbox if m.to == ["grace@example.com"])
    page.goto(live_server.url + confirm_path(message))
    expect(page.locator("h1")).to_have_text("Confirm your subscription")
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING  # opening the link confirmed nothing
    page.get_by_role("button", name="Confirm my subscription").click()
    expect(page.locator("h1")).to_have_text("You're subscribed")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED and subscriber.confirmed_at


def test_a_reader_opens_the_unsubscribe_link_then_presses_the_button(page, live_server, home_page):
    reader = Subscriber.objects.create(email="reader@example.com", status="confirmed", confirmed_at=timezone.now())
    header = emails.welcome_email(reader).message(reader).extra_headers["List-Unsubscribe"]
    link = header.split("<", 1)[1].split(">", 1)[0].replace("http://testserver", live_server.url)

    page.goto(link)
    expect(page.locator("h1")).to_have_text("Unsubscribe from the newsletter?")
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED  # opening the link changed nothing
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.locator("h1")).to_have_text("You're unsubscribed")
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.UNSUBSCRIBED and reader.unsubscribed_at
