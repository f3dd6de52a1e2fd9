"""A real web process for the deployment tests: gunicorn serving config.wsgi, as the Docker image does."""

import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def gunicorn(env, workers=1):
    """Serves with `env` on a free port once /healthz answers, yields its address, and kills it afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(workers), "--no-control-socket"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/healthz", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None, "the web process did not start"
                time.sleep(0.3)
        yield url
    finally:
        process.kill()
        process.wait(20)
