import pytest
from playwright.sync_api import expect

from resources.models import ResourceSuggestion
from tests.factories import ResourceCategoryFactory, ResourceIndexPageFactory, ResourcePageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory(home_page):
    index = ResourceIndexPageFactory(parent=home_page)
    analytics = ResourceCategoryFactory(name="Analytics", slug="analytics")
    communities = ResourceCategoryFactory(name="Communities", slug="communities")
    ResourcePageFactory(parent=index, title="Segment", category=analytics, kind="service", pricing="freemium")
    ResourcePageFactory(parent=index, title="Briefmetrics", category=analytics, kind="service", pricing="paid")
    ResourcePageFactory(parent=index, title="Hacker News", category=communities, kind="community", pricing="free")
    return index


def cards(page):
    return page.locator("[data-directory-list] .card__title a")


def test_filters_update_the_list_in_place(page, live_server, directory):
    page.goto(f"{live_server.url}/resources/")
    expect(cards(page)).to_have_count(3)
    page.evaluate("window.__sameDocument = true")

    page.get_by_label("Category").select_option("analytics")
    expect(cards(page)).to_have_text(["Briefmetrics", "Segment"])
    expect(page).to_have_url(f"{live_server.url}/resources/?category=analytics")

    page.get_by_label("Pricing").select_option("paid")
    expect(cards(page)).to_have_text(["Briefmetrics"])
    expect(page).to_have_url(f"{live_server.url}/resources/?category=analytics&pricing=paid")

    page.locator(".directory__categories").get_by_role("link", name="Communities").click()
    expect(page).to_have_url(f"{live_server.url}/resources/?category=communities&pricing=paid")
    expect(page.locator(".directory__empty")).to_be_visible()

    page.get_by_role("search").get_by_label("Search").fill("hacker")
    page.get_by_label("Pricing").select_option("")
    expect(cards(page)).to_have_text(["Hacker News"])
    # No full page load happened: the script swapped the list.
    assert page.evaluate("window.__sameDocument") is True

    page.go_back()
    expect(page).not_to_have_url(f"{live_server.url}/resources/?category=communities&q=hacker")


def test_filters_work_without_javascript(browser, live_server, directory):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/resources/")
    page.get_by_label("Kind").select_option("community")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(f"{live_server.url}/resources/?q=&category=&kind=community&pricing=&tag=&sort=featured")
    expect(cards(page)).to_have_text(["Hacker News"])
    context.close()


def test_visitor_suggests_a_resource(page, live_server, directory, settings):
    settings.RESOURCES_SUGGEST_MIN_SECONDS = 0
    page.goto(f"{live_server.url}/resources/")
    page.get_by_role("link", name="Suggest a resource").click()
    page.get_by_label("Name of the resource").fill("Plausible")
    page.get_by_label("Web address").fill("not a url")
    page.get_by_label("Why is it worth listing?").fill("Cookieless analytics.")
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.get_by_role("alert")).to_contain_text("full web address")
    page.get_by_label("Web address").fill("https://plausible.io/")
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.locator(".suggest__thanks")).to_have_text("Thank you! Your suggestion is waiting for review.")
    suggestion = ResourceSuggestion.objects.get()
    assert (suggestion.name, suggestion.url, suggestion.status) == ("Plausible", "https://plausible.io/", "pending")
