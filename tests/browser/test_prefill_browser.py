"""Adding a resource: pasting its address fills in the title, description and icon from the page itself."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from tests.factories import ResourceIndexPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOOL_PAGE = b"""<!doctype html><html><head><title>Local Tool</title>
<meta name="description" content="Counts visitors without cookies.">
<link rel="icon" href="/icon.png"></head><body>Hi</body></html>"""


class ToolSite(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        status, body = (200, TOOL_PAGE) if self.path == "/tool" else (404, b"no such page")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def tool_site(settings):
    # The prefill fetcher refuses loopback addresses unless they are listed here.
    settings.SAFE_FETCH_ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    server = ThreadingHTTPServer(("127.0.0.1", 0), ToolSite)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def directory(home_page):
    return ResourceIndexPageFactory(parent=home_page)


def add_resource_form(page, live_server, directory):
    page.goto(f"{live_server.url}/admin/pages/add/resources/resourcepage/{directory.pk}/")
    return page.get_by_role("textbox", name="URL*")


def test_pasting_an_address_fills_title_description_and_icon(directory, tool_site, admin_page, live_server):
    page = admin_page
    address = add_resource_form(page, live_server, directory)
    address.fill(f"{tool_site}/tool")
    address.press("Tab")
    expect(page.get_by_role("status").filter(has_text="Filled in the title, description, icon")).to_be_visible()
    expect(page.get_by_placeholder("Page title*")).to_have_value("Local Tool")
    expect(page.locator("#id_description")).to_have_value("Counts visitors without cookies.")
    expect(page.locator("#id_favicon_url")).to_have_value(f"{tool_site}/icon.png")


def test_an_address_that_fails_tells_the_editor(directory, tool_site, admin_page, live_server):
    page = admin_page
    address = add_resource_form(page, live_server, directory)
    address.fill(f"{tool_site}/gone")
    address.press("Tab")
    expect(page.get_by_role("status").filter(has_text="Couldn't fill in")).to_contain_text(
        "The site answered with an error (404)"
    )
    expect(page.get_by_placeholder("Page title*")).to_have_value("")
