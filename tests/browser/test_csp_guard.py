import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_editor_signs_in_and_the_dashboard_logs_no_csp_violation(admin_page, console_log):
    expect(admin_page.get_by_role("heading", level=1)).to_be_visible()
    assert console_log.csp_violations == []


@pytest.mark.allow_csp_violations
def test_the_guard_sees_an_inline_script_the_policy_blocks(page, live_server, home_page, console_log):
    page.goto(f"{live_server.url}/")
    page.evaluate(
        """() => { const s = document.createElement("script"); s.textContent = "1"; document.body.append(s); }"""
    )
    page.wait_for_timeout(200)
    assert console_log.csp_violations, console_log.messages
