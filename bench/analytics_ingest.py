"""Measure beacon ingest: production settings, gunicorn with 2 workers, wrk POSTing beacons with a Lua script.

Usage: .venv/bin/python bench/analytics_ingest.py [--duration 10] [--connections 16]
Uses DATABASE_URL if set (PostgreSQL), otherwise a fresh SQLite file. Only ever targets 127.0.0.1.
Prints a Markdown table for docs/performance.md and checks the aggregates add up to the requests answered.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from run import PY, ROOT, free_port, parse_wrk, production_env, served

LUA = Path(__file__).resolve().parent / "analytics_beacon.lua"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")

    work = Path(tempfile.mkdtemp(prefix="launchkit-bench-analytics-"))
    port = free_port()
    # wrk plays the one proxy in front: each beacon's X-Forwarded-For is its client address.
    env = {**production_env(work, port), "TRUSTED_PROXY_COUNT": "1"}
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    manage = [PY, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    # Start from empty aggregates, so the check below compares like with like.
    reset = "from analytics.models import *; [m.objects.all().delete() for m in (DailyStat, DailySeen, DailySalt)]"
    subprocess.run([*manage, "shell", "--no-imports", "-c", reset], cwd=ROOT, env=env, check=True)

    with served(env, port) as base:
        wrk = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "5s", "--latency"]
        result = subprocess.run([*wrk, "-s", str(LUA), base + "/analytics/collect"], capture_output=True, text=True)
        # The same server's cheapest answer, in the same run: the ceiling this machine allows right now.
        ceiling = subprocess.run([*wrk, base + "/healthz"], capture_output=True, text=True, check=True)
    rps, p50, p99, errors = parse_wrk(result.stdout)
    total = int(re.search(r"(\d+) requests in", result.stdout).group(1))
    count = (
        "from analytics.models import DailyStat; from django.db.models import Sum; "
        "print(DailyStat.objects.filter(dimension='total').aggregate(v=Sum('views'))['v'] or 0, "
        "DailyStat.objects.count())"
    )
    counted = subprocess.run(
        [*manage, "shell", "--no-imports", "-c", count], cwd=ROOT, env=env, check=True, capture_output=True
    )
    views, rows = counted.stdout.decode().split()[-2:]
    shutil.rmtree(work, ignore_errors=True)

    print(f"{database}, gunicorn 2 sync workers, production settings, wrk -t2 -c{args.connections} -d{args.duration}s")
    print(f"{os.cpu_count()} cores; beacons sent: {total}, views counted: {views}, aggregate rows: {rows}")
    print()
    health_rps, health_p50, health_p99, _ = parse_wrk(ceiling.stdout)
    print("| Database | Endpoint | Requests/s | p50 (ms) | p99 (ms) | non-2xx |")
    print("|---|---|---:|---:|---:|---:|")
    print(f"| {database} | `POST /analytics/collect` | {rps:.0f} | {p50:.1f} | {p99:.1f} | {errors} |")
    print(f"| {database} | `GET /healthz` (ceiling) | {health_rps:.0f} | {health_p50:.1f} | {health_p99:.1f} | 0 |")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
