import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.factories import ResourceCategoryFactory, ResourceIndexPageFactory

PAGE_HTML = b"""<!doctype html><html><head><title>  Local   Tool </title>
<meta name="description" content="A tool served by the test server.">
<link rel="shortcut icon" href="/static/icon.png"></head><body>Hi</body></html>"""


class Handler(BaseHTTPRequestHandler):
    hang_seconds = 3

    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", content_type="text/html; charset=utf-8", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.server.requests.append(("HEAD", self.path, self.headers.get("User-Agent")))
        if self.path == "/no-head":
            return self._send(405)
        return self.route()

    def do_GET(self):
        self.server.requests.append(("GET", self.path, self.headers.get("User-Agent")))
        return self.route()

    def route(self):
        path = self.path
        if path in ("/ok", "/no-head"):
            return self._send(200, b"<html><title>OK</title></html>")
        if path == "/moved":
            return self._send(301, headers={"Location": "/ok"})
        if path == "/missing":
            return self._send(404, b"not found")
        if path == "/broken":
            return self._send(500, b"oops")
        if path == "/hang":
            time.sleep(self.hang_seconds)
            return self._send(200, b"too late")
        if path == "/page":
            return self._send(200, PAGE_HTML)
        if path == "/bad-html":
            return self._send(
                200, b"<html><head><title>Broken <meta name=description content='x' <link rel=icon\x00\xff<<</"
            )
        if path == "/og":
            return self._send(
                200,
                b'<meta property="og:title" content="OG title"><meta property="og:description" content="OG text">',
            )
        if path == "/huge":
            return self._send(200, b"<title>Huge</title>" + b"x" * (2 * 1024 * 1024))
        if path == "/image":
            return self._send(200, b"\x89PNG....", content_type="image/png")
        return self._send(404, b"no route")


@pytest.fixture
def link_server(settings):
    """A real HTTP server on 127.0.0.1 answering 200, 301, 404, 500, one that hangs, and some HTML pages. The site
    fetches no loopback address unless allowed (ops/fetch.py), as here."""
    settings.SAFE_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def directory(home_page):
    index = ResourceIndexPageFactory(parent=home_page)
    index.categories = {
        slug: ResourceCategoryFactory(name=name, slug=slug, sort_order=order)
        for order, (slug, name) in enumerate([("analytics", "Analytics"), ("communities", "Communities")])
    }
    return index
