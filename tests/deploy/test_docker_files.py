"""Static checks of the deployment files; docker/ci.sh builds and runs the image for real in CI."""

import re
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_dockerfile_is_multi_stage_non_root_with_healthcheck_and_no_secret_env():
    text = (ROOT / "Dockerfile").read_text()
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert lines[0] == "ARG PYTHON_IMAGE=python:3.11-slim-bookworm"
    assert len(re.findall(r"^FROM \$\{PYTHON_IMAGE\} AS \w+", text, re.M)) == 2
    assert re.search(r"^USER 10001:10001$", text, re.M)
    assert "useradd --system --uid 10001" in text and "--create-home" in text
    assert re.search(r"^HEALTHCHECK .*\n.*/healthz", text, re.M)
    assert "collectstatic" in text
    env_blocks = re.findall(r"^ENV (?:.*\\\n)*.*$", text, re.M)
    assert env_blocks and not any("SECRET" in block for block in env_blocks)
    assert "# syntax" not in text  # the classic builder must pull nothing


def test_dockerignore_keeps_secrets_and_local_state_out():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in (".env", ".git", ".venv", "var/"):
        assert entry in ignored


def test_gunicorn_config_reads_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    monkeypatch.setenv("PORT", "9123")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "45")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["workers"] == 5
    assert config["bind"] == "0.0.0.0:9123"
    assert config["timeout"] == 45
    assert config["max_requests"] > 0 and config["max_requests_jitter"] > 0
    assert config["accesslog"] == "-"


def test_compose_describes_the_stack():
    text = (ROOT / "compose.yaml").read_text()
    for service in ("web:", "worker:", "release:", "postgres:", "redis:"):
        assert re.search(rf"^  {service}", text, re.M), service
    assert text.count("condition: service_healthy") == 2  # in the shared x-app block: web, worker, release
    assert "run_worker" in text and "migrate" in text
    assert re.search(r"^volumes:\n  media:\n  postgres:", text, re.M)
