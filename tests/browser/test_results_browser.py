"""An editor opens a sent issue's Results page from the issues listing, in Chromium, under the strict CSP."""

import pytest
from playwright.sync_api import expect

from newsletter import demo
from newsletter.models import Campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_reads_a_sent_issues_results(admin_page, live_server):
    demo.load_sent_issue()
    campaign = Campaign.objects.get(slug=demo.SLUG)
    page = admin_page

    page.goto(f"{live_server.url}/admin/snippets/newsletter/campaign/")
    page.get_by_role("link", name="Results").click()
    expect(page).to_have_url(f"{live_server.url}/admin/newsletter/issues/{campaign.pk}/results/")
    expect(page.get_by_role("heading", name="Results")).to_be_visible()
    expect(page.locator("[data-delivered]")).to_have_text("11")
    expect(page.locator("[data-clicks]")).to_have_text(str(len(demo.CLICKS)))
    expect(page.locator("[data-clickers]")).to_contain_text("8 (72.7% of delivered)")
    expect(page.locator("[data-unsubscribes]")).to_have_text("1")
    expect(page.locator("[data-signups]")).to_have_text("1")
    expect(page.locator("svg.analytics-chart")).to_be_visible()
    expect(page.locator("[data-results-links] tbody tr")).not_to_have_count(0)


def test_the_send_page_suggests_a_time(admin_page, live_server):
    campaign = Campaign.objects.create(subject="Next issue", body=[("heading", "Hello")])
    admin_page.goto(f"{live_server.url}/admin/newsletter/issues/{campaign.pk}/send/")
    expect(admin_page.locator("[data-send-time]")).to_contain_text("Tuesday 10:00")
    expect(admin_page.locator("[data-send-time]")).to_contain_text("too little data yet")
