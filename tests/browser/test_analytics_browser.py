import time

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from analytics.models import DailyEvent, DailyStat
from newsletter.views import THANK_YOU
from tests.factories import ResourceIndexPageFactory, ResourcePageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Headless Chromium says "HeadlessChrome", which the beacon rightly ignores as a bot; a visitor's browser does not.
DESKTOP_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


def wait_for(condition, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def landing_with_signup(home_page):
    home_page.body = [
        (
            "hero",
            {
                "eyebrow": "",
                "headline": "Ship it, then say so",
                "subheading": "",
                "primary_cta": {"label": "", "page": None, "external_url": ""},
                "secondary_cta": {"label": "", "page": None, "external_url": ""},
                "show_signup": True,
            },
        )
    ]
    home_page.save_revision().publish()
    return home_page


def test_visit_and_signup_show_in_the_admin_report_with_their_source(browser, live_server, landing_with_signup):
    get_user_model().objects.create_superuser("editor", "editor@example.com", "correct horse battery")
    # Clicks count only for real targets: a live resource, a known share channel.
    resource = ResourcePageFactory(parent=ResourceIndexPageFactory(parent=landing_with_signup), title="A tool")
    context = browser.new_context(user_agent=DESKTOP_CHROME)
    page = context.new_page()

    page.goto(f"{live_server.url}/?utm_source=launchtest&utm_medium=social&utm_campaign=beta")
    assert wait_for(lambda: DailyStat.objects.filter(dimension="source", key="launchtest").exists())
    # Resource and share links (rendered by the resources and blog apps) report their clicks through the beacon.
    page.evaluate(
        """(id) => document.querySelector("main").insertAdjacentHTML("beforeend",
            `<a href="#r" data-resource-id="${id}">A tool</a> <a href="#s" data-share-channel="bluesky">Share</a>`)""",
        resource.pk,
    )
    page.get_by_role("link", name="A tool").click()
    page.get_by_role("link", name="Share").click()
    assert wait_for(lambda: DailyEvent.objects.count() == 2)
    assert set(DailyEvent.objects.values_list("name", "target", "source")) == {
        ("resource_click", str(resource.pk), "launchtest"),
        ("share_click", "bluesky", "launchtest"),
    }
    form = page.locator(".hero form[data-signup-form]")
    form.get_by_label("Email address").fill("visitor@example.com")
    form.get_by_role("button", name="Get early access").click()
    expect(form.get_by_role("status")).to_have_text(THANK_YOU)
    # Analytics sets no cookie; the only one is the signup form's CSRF token.
    assert {cookie["name"] for cookie in context.cookies()} <= {"csrftoken"}
    context.close()

    admin = browser.new_context(user_agent=DESKTOP_CHROME)
    page = admin.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#analytics-panel-heading")).to_be_visible()
    expect(page.locator('.analytics-panel [data-stat="views"]')).to_have_text("1")

    page.get_by_role("link", name="Full report").click()
    expect(page.locator('[data-stat="views"]')).to_have_text("1")
    expect(page.locator('[data-stat="visitors"]')).to_have_text("1")
    expect(page.locator('[data-stat="signups"]')).to_have_text("1")
    source_row = page.locator("#sources + table tr", has_text="launchtest")
    expect(source_row.locator("td")).to_have_text(["launchtest", "1", "1", "1", "100.0%"])
    campaign_row = page.locator("table tr", has_text="launchtest / social / beta")
    expect(campaign_row).to_be_visible()
    expect(page.locator("svg.analytics-chart")).to_have_count(3)
    admin.close()
