"""In-process render time and query count of the blog pages, on the demo database (var/db.sqlite3 or DATABASE_URL).

Usage: DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python bench/blog_render.py [--repeat 50]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PATHS = [
    "/blog/",
    "/blog/add-analytics-before-you-need-them/",
    "/blog/tag/launch/",
    "/blog/author/ada-park/",
    "/blog/rss/",
    "/blog/atom/",
    "/search/?q=analytics",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    print("| Path | median ms | p90 ms | queries |")
    print("|---|---:|---:|---:|")
    for path in PATHS:
        assert client.get(path).status_code == 200, path
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        timings.sort()
        p90 = timings[int(len(timings) * 0.9) - 1]
        print(f"| `{path}` | {statistics.median(timings):.1f} | {p90:.1f} | {len(queries)} |")


if __name__ == "__main__":
    main()
