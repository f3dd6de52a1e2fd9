"""An editor works through the suggestion queue: approve one as a draft resource, reject another with a reason."""

import pytest
from playwright.sync_api import expect

from resources.models import ResourcePage, ResourceSuggestion, SuggestionStatus
from tests.factories import ResourceIndexPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def suggestions(home_page):
    ResourceIndexPageFactory(parent=home_page)
    return (
        ResourceSuggestion.objects.create(name="Plausible", url="https://plausible.io/", why="Cookieless analytics."),
        ResourceSuggestion.objects.create(
            name="Casino", url="https://casino.example/", why="Win big.", email="visitor@example.com"
        ),
    )


def open_actions(page, name):
    row = page.get_by_role("row").filter(has_text=name)
    row.get_by_role("button", name="More options").click()
    return row


def test_editor_approves_and_rejects_suggestions(suggestions, admin_page, live_server, mailoutbox):
    plausible, casino = suggestions
    page = admin_page
    menu = page.get_by_role("navigation", name="Main menu")
    menu.get_by_role("button", name="Resources (2)").click()
    menu.get_by_role("link", name="Suggestions (2)").click()
    expect(page.get_by_role("heading", name="Resource suggestions")).to_be_visible()

    open_actions(page, "Plausible").get_by_role("link", name="Approve as draft…").click()
    expect(page.get_by_role("heading", name="Approve “Plausible”")).to_be_visible()
    plausible.refresh_from_db()
    assert plausible.status == SuggestionStatus.PENDING  # asking changed nothing
    page.get_by_role("button", name="Approve as draft").click()
    expect(page.locator(".messages")).to_contain_text("“Plausible” is now a draft resource")
    plausible.refresh_from_db()
    assert plausible.status == SuggestionStatus.APPROVED
    draft = ResourcePage.objects.get(external_url="https://plausible.io/")
    assert (draft.title, draft.live) == ("Plausible", False)
    page.get_by_role("link", name="Edit the draft").click()
    expect(page.get_by_placeholder("Page title*")).to_have_value("Plausible")

    page.goto(f"{live_server.url}/admin/snippets/resources/resourcesuggestion/")
    open_actions(page, "Casino").get_by_role("link", name="Reject…").click()
    page.get_by_role("button", name="Reject").click()
    expect(page.get_by_text("Please say why")).to_be_visible()
    page.get_by_label("Reason").fill("Not about marketing.")
    page.get_by_role("button", name="Reject").click()
    expect(page.locator(".messages")).to_contain_text("“Casino” was rejected.")
    casino.refresh_from_db()
    assert (casino.status, casino.reject_reason) == (SuggestionStatus.REJECTED, "Not about marketing.")
    expect(page.get_by_role("row").filter(has_text="Casino")).to_contain_text("Rejected")
    # The visitor is told why (the form promised it); the test backend runs the worker's task at once.
    [told] = [message for message in mailoutbox if message.to == ["visitor@example.com"]]
    assert "Not about marketing." in told.body
