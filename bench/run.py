"""Serve the production configuration with gunicorn and measure pages against a static file with wrk.

Usage: .venv/bin/python bench/run.py [--duration 10] [--connections 16] [--modes cached tracked cold] [PATH ...]
Serves three times in one run, each time measuring the static file first:
- "cached": the full-page cache (wagtail-cache) on, as anonymous visitors get pages;
- "tracked": the same, with a fresh random fbclid and utm_campaign on every request, as visitors from social links
  and newsletters arrive (bench/tracked.lua);
- "cold": the page cache off: each page rendered from the database, as editors, visitors with a session and the
  first view after a publish get it.
Prints a Markdown table for docs/performance.md. Only ever targets 127.0.0.1.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DEFAULT_PAGES = [
    "/",
    "/blog/",
    "/blog/add-analytics-before-you-need-them/",
    "/resources/",
    "/resources/?category=analytics&sort=name",
]
STATIC = "/static/css/site.css"
TRACKED = Path(__file__).resolve().parent / "tracked.lua"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def parse_wrk(output):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {}
    for pct, value, unit in re.findall(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", output, re.M):
        latency[pct] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rps, latency.get("50"), latency.get("99"), int(non2xx.group(1)) if non2xx else 0


def wrk(url, duration, connections, script=None):
    extra = ["-s", str(script)] if script else []
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "--latency", *extra, url],
        capture_output=True,
        text=True,
        check=True,
    )
    return parse_wrk(result.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", default=DEFAULT_PAGES)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    modes = ["cached", "tracked", "cold"]
    parser.add_argument("--modes", nargs="+", choices=modes, default=modes)
    args = parser.parse_args()

    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")

    work = Path(tempfile.mkdtemp(prefix="launchkit-bench-"))
    port = free_port()
    env = production_env(work, port)
    manage = [PY, "manage.py"]
    for command in (["migrate", "--noinput", "-v0"], ["load_demo"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

    rows = []
    modes = {
        "cached": {"PAGE_CACHE": "true"},
        "tracked": {"PAGE_CACHE": "true"},
        "cold": {"PAGE_CACHE": "false"},
    }
    for mode in args.modes:
        rows += serve_and_measure({**env, **modes[mode]}, port, mode, args)
    shutil.rmtree(work, ignore_errors=True)

    setup = f"wrk -t2 -c{args.connections} -d{args.duration}s"
    print(f"gunicorn 2 workers, production settings, {setup}, {os.cpu_count()} cores")
    print()
    print("| Path | Caches | Requests/s | p50 (ms) | p99 (ms) | vs static | errors |")
    print("|---|---|---:|---:|---:|---:|---:|")
    static_rps = {}
    for path, mode, rps, p50, p99, errors in rows:
        if path == STATIC:
            static_rps[mode] = rps
        ratio = rps / static_rps[mode]
        print(f"| `{path}` | {mode} | {rps:.0f} | {p50:.1f} | {p99:.1f} | {ratio:.1%} | {errors} |")


def production_env(work, port):
    """Production settings on plain HTTP, with a throwaway database and files under `work` (a temporary folder)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "BASE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{work / 'db.sqlite3'}"),
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        # Its own page cache: the default, var/cache/pages, is the one `make run` serves from and this would empty.
        "PAGE_CACHE_DIR": str(work / "pages"),
        "LOG_LEVEL": "WARNING",
        # gunicorn reads ./gunicorn.conf.py: no access log and no worker recycling while measuring.
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_MAX_REQUESTS": "0",
    }


@contextmanager
def served(env, port):
    """gunicorn with 2 workers on 127.0.0.1:port, once /healthz answers; stopped on exit."""
    gunicorn = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
        + ["--no-control-socket", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        yield base
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


def serve_and_measure(env, port, mode, args):
    rows = []
    with served(env, port) as base:
        for path in [STATIC, *args.paths]:
            with urllib.request.urlopen(base + path, timeout=60) as response:
                state = response.headers.get("X-Wagtail-Cache", "-")
            if path != STATIC and mode != "cold" and state not in ("miss", "hit"):
                sys.exit(f"{path} is not cacheable (X-Wagtail-Cache: {state})")
            script = TRACKED if mode == "tracked" and path != STATIC else None
            rows.append((path, mode, *wrk(base + path, args.duration, args.connections, script)))
    return rows


if __name__ == "__main__":
    main()
