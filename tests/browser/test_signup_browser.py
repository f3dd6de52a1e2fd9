import pytest
from playwright.sync_api import expect

from newsletter.models import Subscriber

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_signs_up_from_the_landing_page(page, live_server, home_page):
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

    page.goto(f"{live_server.url}/?utm_source=hn&utm_campaign=launch")
    form = page.locator(".hero form[data-signup-form]")
    form.get_by_label("Email address").fill("grace@example.com")
    form.get_by_role("button", name="Get early access").click()
    expect(form.get_by_role("status")).to_have_text(
        "Almost there! Check your inbox and click the link to confirm your address."
    )

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "grace@example.com"
    assert (subscriber.utm_source, subscriber.utm_campaign) == ("hn", "launch")
    assert subscriber.source_page_id == home_page.pk


def test_signup_without_javascript_reaches_the_thank_you_page(browser, live_server, home_page):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url)
    page.locator("footer form").get_by_label("Email address").fill("linus@example.com")
    page.locator("footer form").get_by_role("button").click()
    expect(page.locator("h1")).to_have_text(
        "Almost there! Check your inbox and click the link to confirm your address."
    )
    assert Subscriber.objects.filter(email="linus@example.com").exists()
    context.close()


def test_a_person_signs_up_from_a_cached_page_with_the_time_check_on(page, live_server, home_page, settings):
    settings.NEWSLETTER_MIN_FILL_SECONDS = 1
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(live_server.url)  # stores the page
    page.goto(live_server.url)
    form = page.locator("footer form")
    form.get_by_label("Email address").fill("ada@example.com")
    page.wait_for_timeout(1500)  # a person takes a moment; the page fetched its start time meanwhile
    form.get_by_role("button").click()
    expect(form.get_by_role("status")).to_have_text(
        "Almost there! Check your inbox and click the link to confirm your address."
    )
    assert Subscriber.objects.filter(email="ada@example.com").exists()
    assert errors == []


def test_without_javascript_a_cached_form_asks_once_more_then_subscribes(browser, live_server, home_page, settings):
    settings.NEWSLETTER_MIN_FILL_SECONDS = 1
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url)
    page.goto(live_server.url)
    page.locator("footer form").get_by_label("Email address").fill("linus@example.com")
    page.locator("footer form").get_by_role("button").click()
    expect(page.get_by_role("status").first).to_contain_text("press Subscribe once more")
    assert not Subscriber.objects.exists()
    page.wait_for_timeout(1500)
    page.locator("#main").get_by_role("button", name="Subscribe").click()
    expect(page.locator("h1")).to_have_text(
        "Almost there! Check your inbox and click the link to confirm your address."
    )
    assert Subscriber.objects.filter(email="linus@example.com").exists()
    context.close()
