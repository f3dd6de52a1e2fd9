"""First render of each page type after a publish (nothing in the page cache): in-process time and queries.

Usage: .venv/bin/python bench/cold_render.py [--repeat 20] [--posts 500] [--resources 10000] [--show-queries URL]

Production settings on a throwaway SQLite database (or DATABASE_URL, which must then be a throwaway database), the
demo content, then bulk content in three steps: the demo (6 posts), 500 posts, and 10,000 resources on top.
For each URL the process-level caches are warmed once (content types, Wagtail's site root paths, renditions), then
each of --repeat renders follows a resource's publish (which rewrites the directory's summary once committed, as in
production; untimed) and starts from an empty page cache (ops.cache.pages_cache().clear()).
Prints a Markdown table (median and p95 ms, queries, thousands of Python function calls) per content size; progress
goes to stderr. The function calls of one render (counted by cProfile, in a render of its own) do not move with the
machine's speed or its neighbours, so they compare two commits where milliseconds on a shared machine cannot.
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
    ("landing page", "/"),
    ("blog index", "/blog/"),
    ("blog index, page 2", "/blog/?page=2"),
    ("tag archive", "/blog/tag/launch/"),
    ("author archive", "/blog/author/ada-park/"),
    ("blog post", "/blog/add-analytics-before-you-need-them/"),
    ("standard page", "/about/"),
    ("directory", "/resources/"),
    ("directory, filtered", "/resources/?category=analytics&pricing=freemium&sort=name"),
    ("resource page", "/resources/segment/"),
]


def progress(message):
    print(message, file=sys.stderr, flush=True)


def setup(work):
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

    progress("migrate, collectstatic, load_demo…")
    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def add_posts(total):
    from wagtail.images import get_image_model

    from blog.models import Author, BlogIndexPage, BlogPostPage
    from tests.factories import bulk_posts

    blog = BlogIndexPage.objects.get()
    missing = total - BlogPostPage.objects.live().count()
    if missing > 0:
        images = list(get_image_model().objects.all()[:4])
        bulk_posts(blog, missing, authors=list(Author.objects.all()[:1]), tags=["launch"], images=images)


def add_resources(total):
    from taggit.models import Tag

    from resources.bulk import bulk_create_resources
    from resources.models import Kind, Pricing, ResourceCategory, ResourceIndexPage, ResourcePage

    index = ResourceIndexPage.objects.get()
    start = ResourcePage.objects.count()
    categories = [
        ResourceCategory.objects.get_or_create(
            slug=f"cat-{n}", defaults={"name": f"Category {n}", "sort_order": 100 + n}
        )[0]
        for n in range(30)
    ]
    tags = [Tag.objects.get_or_create(name=f"tag-{n}", slug=f"tag-{n}")[0] for n in range(50)]
    kinds, pricings = list(Kind.values), list(Pricing.values)
    count = total - start
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
            for n in range(count)
        ),
        tags=[[tags[n % 50], tags[(n * 7) % 50]] for n in range(count)],
    )


def measure(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ops.cache import pages_cache
    from resources.models import ResourcePage

    assert client.get(url).status_code == 200, url  # warm process-level caches, create renditions
    resource = ResourcePage.objects.live().order_by("pk").first()
    timings, queries = [], []
    for _ in range(repeat):
        resource.save_revision().publish()
        pages_cache().clear()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(captured))
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return statistics.median(timings), p95, max(queries), count_calls(client, url) / 1000


def count_calls(client, url):
    """Python function calls of one cold render: what it costs, independent of how fast the machine is today."""
    import cProfile
    import pstats

    from ops.cache import pages_cache

    pages_cache().clear()
    profile = cProfile.Profile()
    profile.runcall(client.get, url)
    return pstats.Stats(profile).total_calls


def is_ours_or_a_library(filename):
    if "site-packages" in filename:
        return "/django/" not in filename
    return str(ROOT) in filename and "/bench/" not in filename


def show_queries(client, url):
    """Each query of one cold render of `url`, with the project and library lines that made it."""
    import traceback

    from django.db import connection

    from ops.cache import pages_cache

    client.get(url)
    pages_cache().clear()
    stacks = []

    def record(execute, sql, params, many, context):
        frames = [
            f"{Path(frame.filename).name}:{frame.lineno} {frame.name}"
            for frame in traceback.extract_stack()[:-1]
            if frame.name != "__call__" and is_ours_or_a_library(frame.filename)
        ]
        stacks.append((sql, frames[-6:]))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        client.get(url)
    for n, (sql, frames) in enumerate(stacks, 1):
        print(f"{n:3} {sql[:160]}")
        for frame in frames:
            print(f"      {frame}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20, help="cold renders per URL (default 20)")
    parser.add_argument("--posts", type=int, default=500, help="posts in the second step (default 500)")
    parser.add_argument("--resources", type=int, default=10_000, help="resources in the third step (default 10000)")
    parser.add_argument("--show-queries", metavar="URL", help="print the SQL of one cold render of URL and stop")
    parser.add_argument("--demo-only", action="store_true", help="measure the demo content only")
    args = parser.parse_args()

    setup(Path(tempfile.mkdtemp(prefix="launchkit-cold-bench-")))
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    if args.show_queries:
        show_queries(client, args.show_queries)
        return

    steps = [("demo", lambda: None)]
    if not args.demo_only:
        steps += [(f"{args.posts} posts", lambda: add_posts(args.posts))]
        steps += [(f"+{args.resources:,} resources", lambda: add_resources(args.resources))]
    results = {}
    for name, grow in steps:
        progress(f"{name}: adding content…")
        grow()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        for _label, url in URLS:
            progress(f"{name}: {url}")
            results[(name, url)] = measure(client, url, args.repeat)

    names = [name for name, _ in steps]
    print(f"Cold renders ({args.repeat} per URL, {connection.vendor}): median ms / p95 ms / queries / k calls")
    print()
    print("| Page | URL | " + " | ".join(names) + " |")
    print("|---|---|" + "---:|" * len(names))
    for label, url in URLS:
        cells = ["{:.1f} / {:.1f} / {} / {:.1f}".format(*results[(name, url)]) for name in names]
        print(f"| {label} | `{url}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
