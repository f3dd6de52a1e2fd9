import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_logs_in_and_edits_with_no_csp_violations(page, live_server, home_page):
    get_user_model().objects.create_superuser("editor", "editor@example.com", "pw-for-browser-123")
    problems = []
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("pw-for-browser-123")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    # The page editor is the admin's heaviest screen: StreamField, Draftail, preview panel.
    page.goto(f"{live_server.url}/admin/pages/{home_page.pk}/edit/")
    expect(page.locator("form#page-edit-form")).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/")  # the public page with the editor's userbar
    page.wait_for_load_state("networkidle")
    csp = [text for text in problems if "Content Security Policy" in text or "Content-Security-Policy" in text]
    assert csp == [], "\n".join(csp)
    # The userbar's accessibility checker reports its findings through console.error; that is not a failure.
    errors = [text for text in problems if not text.startswith("axe.run results")]
    assert errors == [], errors
