"""`PORT=<port> make run` end to end: a signup's confirmation email links to that port, and the link answers there.

The real `make run` in a subprocess (install steps marked done with -o, so the shared .venv is never touched) on a
fresh SQLite database in a temporary folder, with its emails written as files there. No BASE_URL anywhere: the
address must come from PORT alone.
"""

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
MAKE = shutil.which("make") or "make"
START_TIMEOUT = 420  # migrate and the demo's images on a fresh database, on a busy machine
CONFIRM_LINK = re.compile(r"https?://[^\s\"'<>)]+/newsletter/confirm/[^\s\"'<>)]+")

pytestmark = pytest.mark.skipif(not shutil.which(MAKE), reason="no make")


def get(url, data=None, headers=None, timeout=10):
    body = urllib.parse.urlencode(data).encode() if data else None
    request = urllib.request.Request(url, data=body, headers=headers or {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.read().decode()


def wait_for(condition, timeout, what, process):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"make run exited ({process.returncode}) while waiting for {what}")
        result = condition()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def listening(url):
    """Whether the server answers at all (any HTTP status): not yet up is a refused connection."""
    try:
        get(url, timeout=3)
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


@pytest.fixture
def make_run(tmp_path):
    """Start `make run` on a free port; yields (port, folder) and stops the whole process group afterwards."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in ("BASE_URL", "SERVE_URL", "REDIS_URL")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "PAGE_CACHE_DIR": str(tmp_path / "pages"),
        "ADMIN_PASSWORD": "make-run-test-password",
        "NEWSLETTER_MIN_FILL_SECONDS": "0",
    }
    log = (tmp_path / "make.log").open("w")
    process = subprocess.Popen(
        [MAKE, "-o", ".venv/.installed", "-o", ".venv/bin/activate", "run", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield port, tmp_path, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        log.close()


def test_make_run_on_another_port_sends_confirmation_links_to_that_port(make_run):
    port, folder, process = make_run
    base = f"http://127.0.0.1:{port}"
    wait_for(lambda: listening(f"{base}/robots.txt"), START_TIMEOUT, "the site to answer", process)

    started = json.loads(get(f"{base}/newsletter/subscribe/start/")[1])["started"]
    status, body = get(
        f"{base}/newsletter/subscribe/",
        {"email": "first-reader@example.com", "started": started},  # not in the demo: the waitlist has ada@
        {"Accept": "application/json"},
    )
    assert status == 200 and json.loads(body)["ok"], body

    def confirmation_link():
        for path in sorted((folder / "mail").glob("*.log")):
            found = CONFIRM_LINK.findall(path.read_text(errors="replace"))
            if found:
                return found[0]
        return None

    link = wait_for(confirmation_link, 60, "the worker to write the confirmation email", process)
    assert link.startswith(f"{base}/newsletter/confirm/"), link
    assert get(link)[0] == 200  # something listens there: the confirmation page

    # The default Site (canonicals, og:url, the sitemap) is on the same address.
    with sqlite3.connect(folder / "db.sqlite3") as db:
        assert db.execute("SELECT hostname, port FROM wagtailcore_site WHERE is_default_site").fetchone() == (
            "127.0.0.1",
            port,
        )
    home = BeautifulSoup(get(f"{base}/")[1], "html.parser")
    assert home.find("link", rel="canonical")["href"] == f"{base}/"
    assert home.find("meta", property="og:url")["content"] == f"{base}/"
    sitemap = get(f"{base}/sitemap.xml")[1]
    assert f"<loc>{base}/" in sitemap
    assert f"Sitemap: {base}/sitemap.xml" in get(f"{base}/robots.txt")[1]
