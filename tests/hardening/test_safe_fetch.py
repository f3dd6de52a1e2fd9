"""Server-side fetches (ops/fetch.py) never reach inside the network, end at a total deadline and read a capped body.

Real HTTP servers on loopback addresses, in threads. 127.0.0.2 plays "a public site" (allowed through
SAFE_FETCH_ALLOWED_HOSTS); 127.0.0.1 is the inside that must stay out of reach.
"""

import ipaddress
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ops import fetch as safe
from resources.linkcheck import check_url
from resources.prefill import PrefillError, fetch_metadata

pytestmark = pytest.mark.django_db

PAGE = b"<html><head><title>Inside</title></head><body>secret</body></html>"
DRIP_SECONDS = 30


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.hits.append(self.path)
        if self.path == "/page":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)
        elif self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", self.path.split("?to=", 1)[1])
            self.end_headers()
        elif self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<title>Huge</title>" + b"x" * (3 * 1024 * 1024))
        elif self.path == "/drip":
            # Headers at once, then a line a second: a per-read timeout would wait for all of it.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.drip(lambda: self.wfile.write(b"<p>more</p>\n"))
        elif self.path == "/drip-headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            self.drip(lambda: self.wfile.write(b"X-Slow: yes\r\n"))

    def drip(self, write):
        for _ in range(DRIP_SECONDS):
            if self.server.stopping.is_set():
                return
            try:
                write()
                self.wfile.flush()
            except OSError:
                return
            self.server.stopping.wait(1)


def serve(host):
    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    server.hits = []
    server.stopping = threading.Event()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.port = server.server_address[1]
    server.url = f"http://{host}:{server.port}"
    return server


@pytest.fixture
def inside():
    server = serve("127.0.0.1")
    yield server
    server.stopping.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def outside(settings):
    """A "public" site: 127.0.0.2, exempted the way an operator exempts an intranet host."""
    settings.SAFE_FETCH_ALLOWED_HOSTS = ["127.0.0.2"]
    server = serve("127.0.0.2")
    yield server
    server.stopping.set()
    server.shutdown()
    server.server_close()


def internal_forms(port):
    return [
        f"http://127.0.0.1:{port}/page",
        f"http://localhost:{port}/page",
        f"http://LOCALHOST.:{port}/page",
        f"http://[::1]:{port}/page",
        f"http://[::ffff:127.0.0.1]:{port}/page",
        f"http://2130706433:{port}/page",
        f"http://0x7f000001:{port}/page",
        f"http://0177.0.0.1:{port}/page",
        f"http://127.1:{port}/page",
        f"http://0.0.0.0:{port}/page",
        f"http://user:pass@127.0.0.1:{port}/page",
        f"http://user@127.0.0.2:{port}/page",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://100.64.0.1/",
        "http://[fd00::1]/",
        "http://[fe80::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://printer.local/",
        "http://224.0.0.1/",
        "http://[2002:7f00:1::]/",
    ]


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.31.0.1", "192.168.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1",  # noqa: S104
     "240.0.0.1", "255.255.255.255", "::1", "::", "fd00::1", "fe80::1", "ff02::1", "::ffff:127.0.0.1",
     "::ffff:10.0.0.1", "2002:7f00:1::", "64:ff9b::a00:1", "2001:db8::1", "fec0::1"],
)  # fmt: skip
def test_internal_and_special_addresses_are_not_public(address):
    assert not safe.is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.215.14", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_are_public(address):
    assert safe.is_public_address(ipaddress.ip_address(address))


def test_every_form_of_an_internal_address_is_refused_before_any_connection(inside, outside):
    for url in internal_forms(inside.port):
        with pytest.raises(safe.FetchError):
            safe.fetch(url, timeout=5)
    assert inside.hits == [] and outside.hits == []


def test_prefill_refuses_each_internal_form_within_a_second(inside):
    for url in internal_forms(inside.port):
        started = time.monotonic()
        with pytest.raises(PrefillError):
            fetch_metadata(url)  # a 5-second deadline: refusal must come long before it
        assert time.monotonic() - started < 1, url
    assert inside.hits == []


def test_the_editor_sees_why_in_the_prefill_answer(admin_client, inside):
    for url in internal_forms(inside.port):
        response = admin_client.get("/admin/resources/prefill/", {"url": url})
        assert response.status_code == 400, url
        body = response.json()
        assert body["ok"] is False and body["error"], url
    refused = admin_client.get("/admin/resources/prefill/", {"url": f"http://127.0.0.1:{inside.port}/page"}).json()
    assert refused["error"].startswith("127.0.0.1 is an address inside a private network")
    assert inside.hits == []


def test_a_public_page_redirecting_inside_is_refused_at_the_redirect(outside, inside):
    with pytest.raises(safe.Refused):
        safe.fetch(f"{outside.url}/redirect?to=http://127.0.0.1:{inside.port}/page", timeout=5)
    assert outside.hits and inside.hits == []
    with pytest.raises(PrefillError, match="private network"):
        fetch_metadata(f"{outside.url}/redirect?to=http://localhost:{inside.port}/page")


def test_redirects_between_allowed_pages_are_followed_and_recorded(outside):
    response = safe.fetch(f"{outside.url}/redirect?to=/page", timeout=5)
    assert (response.status, response.body) == (200, PAGE)
    assert response.history == [{"status": 302, "url": "/page"}]


def test_an_allowed_host_can_be_prefilled(settings, inside):
    settings.SAFE_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    assert fetch_metadata(f"{inside.url}/page")["title"] == "Inside"


def test_a_slow_drip_body_is_cut_at_the_total_deadline(outside):
    started = time.monotonic()
    with pytest.raises(PrefillError, match="didn't answer within 1 seconds"):
        fetch_metadata(f"{outside.url}/drip", timeout=1)
    assert time.monotonic() - started < DRIP_SECONDS / 2


def test_slowly_dripped_headers_are_cut_at_the_total_deadline(outside):
    started = time.monotonic()
    with pytest.raises(safe.TooSlow):
        safe.fetch(f"{outside.url}/drip-headers", timeout=1)
    assert time.monotonic() - started < DRIP_SECONDS / 2


def test_the_body_is_capped(outside):
    response = safe.fetch(f"{outside.url}/huge", timeout=5, max_bytes=1000)
    assert len(response.body) == 1000


def test_the_connection_goes_to_the_address_that_was_checked(outside, monkeypatch):
    """A name that answers a public address, then a private one (DNS rebinding), is looked up once per hop and the
    connection goes to the address checked."""
    answers = iter(["127.0.0.2", "127.0.0.1", "127.0.0.1"])
    real = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        if host == "rebind.example":
            return real(next(answers), port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    response = safe.fetch(f"http://rebind.example:{outside.port}/page", timeout=5)
    assert response.status == 200 and outside.hits == ["/page"]
    with pytest.raises(safe.Refused):
        safe.fetch(f"http://rebind.example:{outside.port}/page", timeout=5)


def test_link_checks_report_internal_links_as_refused(inside):
    result = check_url(f"http://127.0.0.1:{inside.port}/page")
    assert not result.ok and "private network" in result.error
    assert inside.hits == []


def test_link_checks_still_work_for_allowed_hosts(outside):
    result = check_url(f"{outside.url}/redirect?to=/page")
    assert result.ok and result.status_code == 200
    assert result.redirects == [{"status": 302, "url": "/page"}]
