"""`PORT=9000 make run` links to port 9000: BASE_URL defaults to where `make run` serves, and the demo step moves a
local default Site there. A Site an editor gave a real domain stays as it is."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Site

ROOT = Path(__file__).resolve().parents[2]
MAKE = shutil.which("make") or "make"

pytestmark = pytest.mark.django_db


def make_prints(*args):
    """What the recipes `make` runs see as SERVE_URL (BASE_URL and SERVE_URL unset in the caller's environment)."""
    show = 'show-urls: ; @echo "$$SERVE_URL"'
    result = subprocess.run(
        [MAKE, "--no-print-directory", "--eval", show, "show-urls", *args],
        cwd=ROOT,
        env={key: value for key, value in os.environ.items() if key not in ("SERVE_URL", "BASE_URL")},
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return result.stdout.split()


@pytest.mark.skipif(not shutil.which(MAKE), reason="no make")
def test_make_passes_where_it_serves_as_serve_url():
    assert make_prints("PORT=8799") == ["http://127.0.0.1:8799"]
    assert make_prints("HOST=0.0.0.0", "PORT=9000") == ["http://127.0.0.1:9000"]
    assert make_prints("HOST=lab.local", "PORT=8001") == ["http://lab.local:8001"]


def settings_base_url(**env):
    """BASE_URL as the settings make it in a fresh process with this environment (no .env BASE_URL assumed)."""
    clean = {key: value for key, value in os.environ.items() if key not in ("SERVE_URL", "BASE_URL")}
    code = "from config.settings import dev; print(dev.BASE_URL)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean | env, capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout.strip()


@pytest.mark.skipif((ROOT / ".env").exists(), reason="a local .env may set BASE_URL")
def test_base_url_follows_serve_url_unless_base_url_is_set():
    assert settings_base_url() == "http://127.0.0.1:8000"
    assert settings_base_url(SERVE_URL="http://127.0.0.1:8799") == "http://127.0.0.1:8799"
    assert settings_base_url(SERVE_URL="http://127.0.0.1:8799", BASE_URL="https://example.com/") == (
        "https://example.com"
    )


def default_site():
    site = Site.objects.get(is_default_site=True)
    return site.hostname, site.port, site.root_url


def test_the_demo_step_moves_a_local_site_to_base_url(settings):
    settings.BASE_URL = "http://127.0.0.1:8000"
    call_command("load_demo")
    assert default_site() == ("127.0.0.1", 8000, "http://127.0.0.1:8000")

    settings.BASE_URL = "http://127.0.0.1:8799"
    call_command("load_demo")
    assert default_site() == ("127.0.0.1", 8799, "http://127.0.0.1:8799")

    settings.BASE_URL = "https://patchwork.example"
    call_command("load_demo")
    assert default_site() == ("patchwork.example", 443, "https://patchwork.example")


def test_a_site_with_a_real_domain_is_left_alone(settings):
    settings.BASE_URL = "http://127.0.0.1:8000"
    call_command("load_demo")
    Site.objects.update(hostname="patchwork.example", port=443)
    settings.BASE_URL = "http://127.0.0.1:8799"
    call_command("load_demo")
    assert default_site()[:2] == ("patchwork.example", 443)
