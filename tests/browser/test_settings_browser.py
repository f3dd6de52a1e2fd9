"""Every settings screen saves as shipped, and deleting a page the navigation links to says so before and after."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from home.models import NavigationSettings, StandardPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(home_page):
    call_command("load_demo")
    return home_page


def settings_screens(page):
    """(label, address) of every entry of the sidebar's Settings menu that edits a site setting."""
    menu = page.get_by_role("navigation", name="Main menu")
    menu.get_by_role("button", name="Settings", exact=True).click()
    settings_item = menu.get_by_role("listitem").filter(has=page.get_by_role("button", name="Settings", exact=True))
    entries = settings_item.get_by_role("link")
    expect(entries.first).to_be_visible()
    links = [(entry.inner_text().strip(), entry.get_attribute("href")) for entry in entries.all()]
    return [(label, href) for label, href in links if href.startswith("/admin/settings/")]


def test_every_settings_screen_saves_unchanged(demo_site, admin_page, live_server):
    page = admin_page
    screens = settings_screens(page)
    labels = [label for label, _ in screens]
    assert {"Navigation", "Social accounts", "Robots.txt"} <= set(labels), labels
    for label, href in screens:
        page.goto(live_server.url + href)
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".messages"), f"saving {label}").to_contain_text("updated")


def test_deleting_a_page_the_menu_links_to_says_so(demo_site, admin_page, live_server):
    page = admin_page
    about = StandardPage.objects.get(slug="about")
    page.goto(f"{live_server.url}/admin/pages/{about.pk}/delete/")
    expect(page.get_by_text("This standard page is referenced 1 time.")).to_be_visible()
    page.get_by_role("link", name="referenced 1 time").click()
    expect(page.get_by_role("link", name="Navigation")).to_have_count(1)

    page.goto(f"{live_server.url}/admin/pages/{about.pk}/delete/")
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page.locator(".messages")).to_contain_text("deleted")
    expect(page.locator(".messages")).to_contain_text("Add a redirect from /about/ to another page.")
    page.locator(".messages").get_by_role("link", name="Add a redirect").click()
    expect(page.get_by_role("textbox", name="Redirect from")).to_be_visible()

    page.goto(f"{live_server.url}/admin/settings/home/navigationsettings/")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".help-critical, .error-message").first).to_contain_text(
        "If the page this link pointed to was deleted"
    )
    assert NavigationSettings.objects.get().header_links
