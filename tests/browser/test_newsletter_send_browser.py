"""An editor composes an issue with a post teaser, tests it, confirms the send and watches it finish, in Chromium.

The task worker runs in the test (`db_worker --batch`, as production's workers do) and delivers to a real SMTP sink;
an issue that links to an unpublished post is stopped on the send page.
"""

import email
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from newsletter.models import Campaign, Subscriber
from tests.factories import BlogIndexPageFactory, SubscriberFactory, add_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def blog(home_page):
    index = BlogIndexPageFactory(parent=home_page, title="Blog", slug="blog")
    add_post(index, title="Out now", summary="The launch story.")
    add_post(index, title="Coming soon", summary="Not yet.", live=False)
    return index


def run_worker():
    call_command("db_worker", batch=True, interval=0, reload=False)


def subjects(sink):
    return sorted(email.message_from_bytes(envelope.content)["Subject"] for envelope in sink.messages)


def test_compose_test_confirm_and_watch_an_issue_go_out(admin_page, live_server, blog, smtp_sink, settings):
    settings.TASKS = DB_TASKS
    for n in range(3):
        SubscriberFactory(email=f"reader{n}@example.com", status=Subscriber.Status.CONFIRMED)
    page = admin_page

    page.goto(f"{live_server.url}/admin/snippets/newsletter/campaign/add/")
    page.get_by_role("textbox", name="Subject").fill("Spring news")
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Post teaser").click()
    page.get_by_role("button", name=re.compile(r"^Choose a page")).click()
    modal = page.locator(".modal-content")
    expect(modal).to_be_visible()
    expect(modal.get_by_role("link", name="Out now")).to_be_visible()
    expect(modal.get_by_text("Coming soon")).to_have_count(0)  # drafts are not offered
    modal.get_by_role("link", name="Out now").click()
    expect(page.locator("[data-chooser-title]").first).to_have_text("Out now")
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text("created")).not_to_have_count(0)

    campaign = Campaign.objects.get(subject="Spring news")
    page.goto(f"{live_server.url}/admin/newsletter/issues/{campaign.pk}/send/")
    expect(page.locator("[data-broken-links]")).to_have_count(0)
    page.get_by_label("Send a test to").fill("editor@example.com")
    page.get_by_role("button", name="Send test").click()
    expect(page.get_by_text("Test sent to editor@example.com.")).to_be_visible()
    assert subjects(smtp_sink) == ["[Test] Spring news"]

    page.get_by_role("link", name="Send now to 3 subscribers…").click()
    expect(page.locator("[data-confirmation]")).to_contain_text("Send “Spring news” now to 3 subscribers")
    assert len(smtp_sink.messages) == 1  # the confirmation page sent nothing
    page.get_by_role("button", name="Yes, send it to 3 subscribers").click()

    expect(page.get_by_text("Sending to 3 subscribers started.")).to_be_visible()
    expect(page.locator("[data-status]")).to_have_text("Starting: the task worker is preparing the send.")
    run_worker()
    # The page refreshes itself while a send is under way.
    expect(page.locator("[data-status]")).to_contain_text("Sent on", timeout=20_000)
    expect(page.locator("[data-progress]")).to_have_text("3 of 3 sent (100%)")
    expect(page.locator("[data-status]")).not_to_contain_text("..")
    assert subjects(smtp_sink) == ["Spring news"] * 3 + ["[Test] Spring news"]


def test_an_issue_linking_to_an_unpublished_post_is_stopped_on_the_send_page(admin_page, live_server, blog):
    SubscriberFactory(status=Subscriber.Status.CONFIRMED)
    post = blog.get_children().get(title="Out now").specific
    campaign = Campaign(subject="Launch week")
    campaign.body = [("post_teaser", {"page": post, "title": "", "summary": "", "button_label": "Read the post"})]
    campaign.save()
    post.unpublish()  # chosen while live, taken down afterwards
    page = admin_page

    page.goto(f"{live_server.url}/admin/newsletter/issues/{campaign.pk}/send/")
    alert = page.locator("[data-broken-links]")
    expect(alert).to_contain_text("This issue can't be sent yet")
    expect(alert.get_by_role("link", name="Out now")).to_have_attribute("href", f"/admin/pages/{post.pk}/edit/")
    expect(page.get_by_role("link", name="Send now to 1 subscriber…")).to_have_count(0)
    expect(page.get_by_role("button", name="Schedule")).to_have_count(0)

    page.goto(f"{live_server.url}/admin/newsletter/issues/{campaign.pk}/send/confirm/")  # a stale bookmark
    expect(page.get_by_text("links to pages visitors can't open yet")).not_to_have_count(0)
    expect(page.get_by_role("button", name="Yes, send it to 1 subscriber")).to_have_count(0)

    page.goto(f"{live_server.url}/admin/newsletter/issues/{campaign.pk}/preview/email/")
    expect(page.locator("[data-broken-links]")).to_contain_text("“Out now” (not published)")
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT and not campaign.deliveries.exists()
