"""The resources directory with 10,000 resources in 30 categories: in-process render time and queries per URL.

Usage: .venv/bin/python bench/resources_scale.py [--resources 10000] [--categories 30] [--repeat 20]
Uses a temporary SQLite database unless DATABASE_URL is set (then it must be a throwaway database).
Pages are bulk-created with computed tree paths (resources/bulk.py); add_child per page would take many minutes.
Prints a Markdown table for docs/performance.md: repeat visits (served by the page cache), and first visits right
after a resource's publish (the directory's summary rewritten, stored pages emptied, so each filter set
renders from the database).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

URLS = [
    "/",
    "/resources/",
    "/resources/?category=cat-7",
    "/resources/?category=cat-7&pricing=paid&sort=name",
    "/resources/?kind=service&tag=tag-3",
    "/resources/?q=number+42",
    "/resources/?sort=newest&page=50",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--categories", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="launchkit-resources-bench-"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{work / 'db.sqlite3'}")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "BASE_URL": "http://127.0.0.1:8000",
            "MEDIA_ROOT": str(work / "media"),
            # Its own page cache: the default, var/cache/pages, is the one `make run` serves from and this would empty.
            "PAGE_CACHE_DIR": str(work / "pages"),
            "STATIC_ROOT": str(work / "static"),
            "LOG_LEVEL": "ERROR",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from taggit.models import Tag

    from resources.bulk import bulk_create_resources
    from resources.models import Kind, Pricing, ResourceCategory, ResourceIndexPage

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    index = ResourceIndexPage.objects.get()
    categories = [
        ResourceCategory.objects.get_or_create(
            slug=f"cat-{n}", defaults={"name": f"Category {n}", "sort_order": 100 + n}
        )[0]
        for n in range(args.categories)
    ]
    tags = [Tag.objects.get_or_create(name=f"tag-{n}", slug=f"tag-{n}")[0] for n in range(50)]
    kinds, pricings = list(Kind.values), list(Pricing.values)
    started = time.perf_counter()
    bulk_create_resources(
        index,
        (
            {
                "title": f"Resource number {n}",
                "slug": f"bench-resource-{n}",
                "external_url": f"https://example.com/{n}/",
                "description": f"Resource number {n}, a useful thing for marketing what you build.",
                "category": categories[n % len(categories)],
                "kind": kinds[n % len(kinds)],
                "pricing": pricings[n % len(pricings)],
                "featured": n % 50 == 0,
            }
            for n in range(args.resources)
        ),
        tags=[[tags[n % 50], tags[(n * 7) % 50]] for n in range(args.resources)],
    )
    print(f"Created {args.resources} resources in {time.perf_counter() - started:.1f} s ({connection.vendor})")
    print()
    if connection.vendor == "postgresql":
        # Production tables have planner statistics (autovacuum); right after a bulk load they don't, and the
        # planner's nested loops then take seconds.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    client = Client()
    for url in URLS:
        client.get(url, HTTP_HOST="127.0.0.1")  # warm caches
    load = os.getloadavg()[0]
    print(f"Load average before timing: {load:.1f} on {os.cpu_count()} cores; `/` (the landing page) is the reference.")
    print()
    print(
        f"| URL ({args.resources:,} resources, {args.categories} categories) | median ms | p95 ms | queries "
        "| first after a publish: median ms | queries |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for url in URLS:
        client.get(url, HTTP_HOST="127.0.0.1")  # the previous URL's first visits purged the caches
        timings, queries = time_requests(client, url, args.repeat)
        # A resource's publish (untimed) marks the directory's summary stale and rewrites it once committed, as in
        # production; emptying the page cache then makes every filter set render from the database.
        cold, cold_queries = time_requests(client, url, max(3, args.repeat // 2), before=publish_a_resource)
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(
            f"| `{url}` | {statistics.median(timings):.1f} | {p95:.1f} | {queries} "
            f"| {statistics.median(cold):.1f} | {cold_queries} |"
        )


def publish_a_resource():
    from ops.cache import pages_cache
    from resources.models import ResourcePage

    ResourcePage.objects.live().order_by("pk").first().save_revision().publish()
    pages_cache().clear()


def time_requests(client, url, repeat, before=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(repeat):
        if before:
            before()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return sorted(timings), len(queries)


if __name__ == "__main__":
    main()
