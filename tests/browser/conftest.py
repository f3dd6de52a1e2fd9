"""What every browser test shares: a Content-Security-Policy guard on every page it opens, and a signed-in editor.

The guard listens on the browser context, so pages a test opens itself (new tabs, previews, frames) are covered too;
a test fails at teardown if Chromium logged any CSP violation, with the messages in the failure.
"""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

ADMIN_PASSWORD = "correct horse battery"
CSP_WORDS = ("Content Security Policy", "Content-Security-Policy", "Refused to frame", "Refused to load")


def is_csp_violation(text):
    return any(word in text for word in CSP_WORDS)


class ConsoleLog:
    """Console messages and page errors of every page in the contexts it watches."""

    def __init__(self):
        self.messages = []

    def watch(self, context):
        context.on("console", lambda message: self.messages.append(f"{message.type}: {message.text}"))
        context.on("weberror", lambda error: self.messages.append(f"pageerror: {error.error}"))
        return context

    @property
    def csp_violations(self):
        return [text for text in self.messages if is_csp_violation(text)]


@pytest.fixture
def console_log():
    return ConsoleLog()


@pytest.fixture
def context(context, console_log):
    """pytest-playwright's context (behind the `page` fixture), watched for CSP violations."""
    console_log.watch(context)
    yield context


@pytest.fixture
def new_context(browser, console_log):
    """Open more contexts (another visitor, an editor) that the CSP guard watches too."""
    opened = []

    def open_context(**options):
        context = console_log.watch(browser.new_context(**options))
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


@pytest.fixture(autouse=True)
def no_csp_violations(request, console_log):
    yield
    if request.node.get_closest_marker("allow_csp_violations"):
        return
    violations = console_log.csp_violations
    assert not violations, "the browser logged CSP violations:\n" + "\n".join(violations)


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.com", ADMIN_PASSWORD)


def sign_in(page, base_url, username="editor", password=ADMIN_PASSWORD):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    # The dashboard itself, not just any page with a main element: a server error page has one too.
    expect(page.locator(".w-dashboard")).to_be_visible()
    return page


@pytest.fixture
def admin_page(page, live_server, editor, home_page):
    """A Chromium page signed in to the Wagtail admin as a superuser, on the dashboard.

    With the site's page tree in place (`home_page`): transactional tests flush the root page that migrations create,
    and Wagtail's dashboard cannot render without one (a state no real installation is ever in).
    """
    return sign_in(page, live_server.url)
