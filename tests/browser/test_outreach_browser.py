"""The founder's outreach loop: add a contact, write from a template, record it as sent, see the follow-up due on
the dashboard once the delay has passed, mark the reply and see it leave the list."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from outreach.models import Contact, MessageTemplate, Outreach, Status, TemplateUse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def templates(db):
    # Transactional tests flush what migrations seeded: the test brings its own template.
    return MessageTemplate.objects.create(
        name="Say hello",
        use_for=TemplateUse.GENERAL,
        subject="Hello from {site}",
        body="Hi {name},\n\nI build tools for developers who market their products.",
    )


def test_a_contact_is_written_to_followed_up_and_answered(templates, admin_page, live_server):
    page = admin_page
    menu = page.get_by_role("navigation", name="Main menu")
    menu.get_by_role("button", name="Outreach").click()
    menu.get_by_role("link", name="Contacts", exact=True).click()
    page.get_by_role("link", name="Add contact").first.click()
    page.get_by_role("textbox", name="Name*").fill("Riley Example")
    page.get_by_role("textbox", name="Email").fill("riley@blog.example.org")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Riley Example")
    contact = Contact.objects.get()

    row = page.get_by_role("row").filter(has_text="Riley Example")
    row.get_by_role("button", name="More options").click()
    row.get_by_role("link", name="Write").click()
    page.get_by_label("Start from a template").select_option(label="Say hello")
    page.get_by_role("button", name="Use this template").click()
    expect(page.get_by_label("Subject")).to_have_value("Hello from Launchkit")
    page.get_by_label("Message").press("Control+End")
    page.get_by_label("Message").press_sequentially(" Would a listing help you?")
    expect(page.locator("[data-word-count]")).to_have_text("17")
    mailto = page.get_by_role("link", name="Open in my mail program").get_attribute("href")
    parts = urlsplit(mailto)
    assert parts.path == "riley@blog.example.org"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Hello from Launchkit"]
    assert query["body"][0].endswith("market their products. Would a listing help you?")
    assert "\r\n\r\n" in query["body"][0]

    page.get_by_role("button", name="I sent it").click()
    expect(page.locator(".messages")).to_contain_text("Recorded your message to Riley Example")
    expect(page.get_by_text("No follow-ups are due")).to_be_visible()
    contact.refresh_from_db()
    assert contact.status == Status.CONTACTED and Outreach.objects.filter(contact=contact).count() == 1

    # The delay passes: the follow-up date is moved into the past, as the calendar would.
    Contact.objects.filter(pk=contact.pk).update(follow_up_on=timezone.localdate() - timedelta(days=1))
    page.goto(f"{live_server.url}/admin/")
    todo = page.get_by_role("region", name="To do")
    expect(todo).to_contain_text("1 follow-up due today")
    todo.get_by_role("link", name="Write the follow-ups").click()
    due = page.get_by_role("row").filter(has_text="Riley Example")
    expect(due).to_be_visible()
    due.get_by_role("button", name="Mark replied").click()
    expect(page.locator(".messages")).to_contain_text("Riley Example: replied")
    expect(page.get_by_role("row").filter(has_text="Riley Example")).to_have_count(0)
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator(".w-dashboard")).to_be_visible()
    expect(page.get_by_text("follow-up due today")).to_have_count(0)
    contact.refresh_from_db()
    assert contact.status == Status.REPLIED and contact.follow_up_on is None
