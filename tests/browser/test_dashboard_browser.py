"""The dashboard says what to do next, and each section has one entry in the sidebar with its import inside."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from newsletter.models import Campaign
from resources.models import LinkHealth, ResourceSuggestion
from tests.factories import ResourceIndexPageFactory, ResourcePageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def work_waiting(home_page):
    index = ResourceIndexPageFactory(parent=home_page)
    dead = ResourcePageFactory(parent=index, title="Gone Tool")
    LinkHealth.objects.create(resource=dead, dead=True, consecutive_failures=5, last_checked_at=timezone.now())
    ResourceSuggestion.objects.create(name="Plausible", url="https://plausible.io/", why="Cookieless analytics.")
    Campaign.objects.create(subject="Launch week", status=Campaign.Status.SENDING)


def test_the_dashboard_lists_what_waits_for_the_editor(work_waiting, admin_page, live_server):
    page = admin_page
    todo = page.get_by_role("region", name="To do")
    expect(todo.get_by_role("row")).to_have_count(3)
    expect(todo).to_contain_text("1 resource suggestion waiting for review")
    expect(todo).to_contain_text("1 resource link is dead")
    expect(todo).to_contain_text("Issue “Launch week” is sending")
    analytics = page.get_by_role("region", name="Analytics: last 7 days")
    expect(analytics.get_by_role("img", name="Page views per day, last 7 days")).to_be_visible()
    expect(analytics.locator("svg text").first).not_to_be_empty()  # the scale and the days are written on it
    expect(page.get_by_role("region", name="Newsletter subscribers").get_by_role("row")).not_to_have_count(0)

    todo.get_by_role("link", name="Review").click()
    expect(page.get_by_role("row").filter(has_text="Plausible")).to_be_visible()
    page.goto(live_server.url + "/admin/")
    page.get_by_role("region", name="To do").get_by_role("link", name="See the failing links").click()
    expect(page.get_by_role("link", name="Gone Tool")).to_be_visible()


def test_each_section_has_one_sidebar_entry_with_its_import(home_page, admin_page, live_server):
    ResourceIndexPageFactory(parent=home_page)
    page = admin_page
    menu = page.get_by_role("navigation", name="Main menu")
    top_level = menu.locator("li:not(li li) > :is(a, button)")
    labels = [label.strip() for label in top_level.all_inner_texts()]
    for section in ("Newsletter", "Resources", "Analytics"):
        assert labels.count(section) == 1, labels
    assert not {"Import subscribers", "Import resources", "Suggestions", "Resource categories"} & set(labels), labels

    menu.get_by_role("button", name="Newsletter").click()
    menu.get_by_role("link", name="Import subscribers").click()
    expect(page.get_by_role("heading", name="Import subscribers")).to_be_visible()

    menu.get_by_role("button", name="Resources").click()
    menu.get_by_role("link", name="Import resources").click()
    expect(page.get_by_role("heading", name="Import resources")).to_be_visible()
    menu.get_by_role("button", name="Resources").click()
    menu.get_by_role("link", name="All resources").click()
    expect(page.get_by_role("heading", name="Resources")).to_be_visible()
