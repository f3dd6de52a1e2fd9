"""One client address for every feature: ops.clientip rewrites REMOTE_ADDR from TRUSTED_PROXY_COUNT."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ops.clientip import ClientAddressMiddleware

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def address_seen(rf, forwarded=None, remote="10.0.0.1"):
    """REMOTE_ADDR as the views behind the middleware see it."""
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    request = rf.get("/", REMOTE_ADDR=remote, **headers)
    seen = {}

    def view(request):
        seen["address"] = request.META["REMOTE_ADDR"]
        return None

    ClientAddressMiddleware(view)(request)
    return seen["address"]


def test_without_a_proxy_the_forwarded_header_is_ignored(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert address_seen(rf, "203.0.113.9", remote="198.51.100.7") == "198.51.100.7"
    assert address_seen(rf, "1.1.1.1, 203.0.113.9", remote="198.51.100.7") == "198.51.100.7"
    assert address_seen(rf, remote="198.51.100.7") == "198.51.100.7"


def test_behind_one_proxy_the_client_is_the_address_the_proxy_appended(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert address_seen(rf, "203.0.113.9") == "203.0.113.9"
    # The client sent its own header; the proxy appended the real address after it.
    assert address_seen(rf, "6.6.6.6, 203.0.113.9") == "203.0.113.9"
    assert address_seen(rf, "6.6.6.6, 7.7.7.7, 203.0.113.9") == "203.0.113.9"
    # A request that reached the app without the proxy keeps the address it came from.
    assert address_seen(rf, remote="198.51.100.7") == "198.51.100.7"


def test_behind_two_proxies_the_client_is_second_from_the_end(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    # CDN appends the client, the load balancer appends the CDN; REMOTE_ADDR is the load balancer.
    assert address_seen(rf, "203.0.113.9, 192.0.2.50") == "203.0.113.9"
    assert address_seen(rf, "6.6.6.6, 203.0.113.9, 192.0.2.50") == "203.0.113.9"
    # Straight to the load balancer, past the CDN: the one entry is the address the load balancer saw.
    assert address_seen(rf, "203.0.113.9") == "203.0.113.9"


def test_a_spoofed_header_with_more_entries_than_proxies_cannot_choose_the_address(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    spoofed = ", ".join(f"192.0.2.{n}" for n in range(1, 30))
    assert address_seen(rf, f"{spoofed}, 203.0.113.9") == "203.0.113.9"


def test_the_forwarded_header_is_cleaned_to_what_the_proxies_added(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    ClientAddressMiddleware(lambda request: None)(request)
    assert request.headers["X-Forwarded-For"] == "203.0.113.9"


def settings_in_a_fresh_process(module, **environment):
    env = {key: value for key, value in os.environ.items() if key != "TRUSTED_PROXY_COUNT"}
    env.update({"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "example.com", **environment})
    code = f"import {module} as s; print(s.TRUSTED_PROXY_COUNT, s.SECURE_PROXY_SSL_HEADER)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_one_setting_decides_the_proxy_headers_production_trusts():
    production = "config.settings.production"
    assert settings_in_a_fresh_process(production) == "1 ('HTTP_X_FORWARDED_PROTO', 'https')"
    assert settings_in_a_fresh_process(production, TRUSTED_PROXY_COUNT="2") == "2 ('HTTP_X_FORWARDED_PROTO', 'https')"
    assert settings_in_a_fresh_process(production, TRUSTED_PROXY_COUNT="0") == "0 None"
    assert settings_in_a_fresh_process("config.settings.dev") == "0 None"
