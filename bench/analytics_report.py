"""Time the 90-day analytics report over synthetic aggregates that represent 10 million page views.

Usage: .venv/bin/python bench/analytics_report.py [--views 10000000] [--paths 1000]
Uses DATABASE_URL if set (PostgreSQL), otherwise a fresh SQLite file. Runs in-process: the report's own cost,
then the whole admin page (rendering, charts) through Django's test client.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django():
    work = Path(tempfile.mkdtemp(prefix="launchkit-bench-report-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{work / 'db.sqlite3'}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def weights(n):
    # Zipf-like: a few pages and sources take most of the traffic, as on real sites.
    return [1 / (rank + 1) for rank in range(n)]


def split(total, keys, rng):
    w = weights(len(keys))
    scale = total / sum(w)
    return [(key, max(1, int(weight * scale * rng.uniform(0.8, 1.2)))) for key, weight in zip(keys, w, strict=True)]


def populate(total_views, n_paths, days, rng):
    from django.utils import timezone

    from analytics import recording
    from analytics.models import DailyEvent, DailyStat, Event
    from newsletter.models import Subscriber

    DailyStat.objects.all().delete()
    DailyEvent.objects.all().delete()
    Event.objects.all().delete()
    Subscriber.objects.all().delete()
    today = timezone.localdate()
    paths = ["/"] + [f"/blog/post-{n}/" for n in range(n_paths - 1)]
    referrers = [f"site-{n}.example" for n in range(300)]
    sources = ["(direct)", "hn", "newsletter", "twitter", "google.com"] + referrers[:295]
    campaigns = [f"{s} / social / launch-{n % 7}" for n, s in enumerate(sources[:200])]
    per_day = -(-total_views // days)
    rows = []
    for offset in range(days):
        day = today - timedelta(days=offset)
        views = per_day
        rows.append((day, "total", "", views, views // 3))
        for dimension, keys in (("path", paths), ("referrer", referrers), ("source", sources), ("utm", campaigns)):
            rows += [(day, dimension, key, v, max(1, v // 3)) for key, v in split(views, keys, rng)]
        rows += [(day, "device", key, v, v // 3) for key, v in split(views, ["desktop", "mobile", "tablet"], rng)]
    started = time.perf_counter()
    recording.add_stats(rows)
    insert_time = time.perf_counter() - started

    subscribers = []
    for offset in range(days):
        day = today - timedelta(days=offset)
        for n in range(60):
            created = timezone.make_aware(datetime(day.year, day.month, day.day, rng.randrange(24)))
            subscribers.append(
                Subscriber(
                    email=f"s{offset}-{n}@example.com",
                    created_at=created,
                    utm_source=rng.choice(["hn", "newsletter", "twitter", ""]),
                    referrer=rng.choice(["", "https://google.com/", "https://site-3.example/x"]),
                    source_path=rng.choice(paths[:50]),
                )
            )
    Subscriber.objects.bulk_create(subscribers, batch_size=1000)
    events = [
        DailyEvent(day=today - timedelta(days=offset), name="resource_click", target=str(n), count=rng.randrange(1, 50))
        for offset in range(days)
        for n in range(200)
    ]
    DailyEvent.objects.bulk_create(events, batch_size=1000)
    return len(rows), len(subscribers), insert_time


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return result, statistics.median(times), max(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--views", type=int, default=10_000_000)
    parser.add_argument("--paths", type=int, default=1000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_django()

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from analytics import reports

    rng = random.Random(7)  # noqa: S311 (synthetic data, not secrets)
    rows, subscribers, insert_time = populate(args.views, args.paths, args.days, rng)
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load; without it the planner guesses on an empty table's stats.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    start, end = reports.default_range(args.days)
    report, median, worst = timed(lambda: reports.build_report(start, end), args.repeat)

    User = get_user_model()
    user = User.objects.filter(username="bench").first() or User.objects.create_superuser("bench", "b@example.com", "x")
    client = Client()
    client.force_login(user)
    url = f"/admin/analytics/?period={args.days}"
    response, page_median, page_worst = timed(lambda: client.get(url), args.repeat)
    assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)

    vendor = connection.vendor
    print(f"{vendor}: {rows:,} aggregate rows for {report.views:,} views over {args.days} days, {args.paths} paths,")
    print(f"{subscribers:,} subscribers, {args.days * 200:,} resource-click rows; aggregates in {insert_time:.1f} s")
    print()
    print("| Database | What | median (ms) | worst (ms) | queries |")
    print("|---|---|---:|---:|---:|")
    print(f"| {vendor} | `build_report` {args.days} days | {median * 1000:.0f} | {worst * 1000:.0f} | |")
    print(f"| {vendor} | admin page `{url}` | {page_median * 1000:.0f} | {page_worst * 1000:.0f} | {len(queries)} |")
    print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
