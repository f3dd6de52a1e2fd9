"""Measure the SEO machinery in-process: social card drawing, a post's first and warm views, /sitemap.xml as pages grow.

Usage: .venv/bin/python bench/seo.py [--pages 1000]
Uses a throwaway SQLite database and media directory; prints a Markdown table for docs/performance.md.
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


def timed(function, repeat=1):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - start) * 1000)
    return result, statistics.median(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="launchkit-bench-seo-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
            "MEDIA_ROOT": str(work / "media"),
            # Its own page cache: the default, var/cache/pages, is the one `make run` serves from and this would empty.
            "PAGE_CACHE_DIR": str(work / "pages"),
            "BASE_URL": "http://127.0.0.1:8000",
            "DJANGO_DEBUG": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from wagtailcache.cache import clear_cache

    from blog.models import BlogIndexPage, BlogPostPage
    from home.seo import render_card

    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    client = Client(HTTP_HOST="127.0.0.1:8000")
    rows = []

    _, card_ms = timed(lambda: render_card("Know who you are building for, and where", "Patchwork", "example.com"), 10)
    rows.append(("Draw one 1200x630 social card (Pillow, DejaVu Sans Bold)", f"{card_ms:.0f} ms", "0"))

    post = BlogPostPage.objects.live().first()

    def view(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return len(queries)

    queries, first_ms = timed(lambda: view(post.url))
    rows.append(("Post page, first view (draws its card)", f"{first_ms:.0f} ms", str(queries)))
    queries, warm_ms = timed(lambda: view(post.url), 20)
    rows.append(("Post page, warm (card cached)", f"{warm_ms:.0f} ms", str(queries)))

    def sitemap(built=True):
        # The index, then the file of pages it lists; built, or from wagtail-cache.
        if built:
            clear_cache()
        return view("/sitemap.xml") + view("/sitemap-pages.xml")

    queries, sitemap_ms = timed(sitemap, 10)
    total = BlogPostPage.objects.count()
    rows.append((f"/sitemap.xml and /sitemap-pages.xml, demo ({total} posts)", f"{sitemap_ms:.0f} ms", str(queries)))

    blog = BlogIndexPage.objects.get()
    now = timezone.now()
    for number in range(args.pages):
        blog.add_child(
            instance=BlogPostPage(
                title=f"Bench post {number}",
                slug=f"bench-post-{number}",
                summary="A post made by bench/seo.py.",
                live=True,
                first_published_at=now,
                last_published_at=now,
            )
        )
    queries, sitemap_ms = timed(sitemap, 5)
    rows.append((f"/sitemap.xml and /sitemap-pages.xml, +{args.pages} posts", f"{sitemap_ms:.0f} ms", str(queries)))
    queries, sitemap_ms = timed(lambda: sitemap(built=False), 20)
    rows.append((f"The same from wagtail-cache, +{args.pages} posts", f"{sitemap_ms:.1f} ms", str(queries)))
    queries, blog_ms = timed(lambda: view(blog.url), 10)
    rows.append((f"Blog index with ItemList JSON-LD, +{args.pages} posts", f"{blog_ms:.0f} ms", str(queries)))

    print(f"bench/seo.py --pages {args.pages}, dev settings, SQLite, {os.cpu_count()} cores, median of repeats")
    print()
    print("| What | Time | Queries |")
    print("|---|---:|---:|")
    for what, duration, queries in rows:
        print(f"| {what} | {duration} | {queries} |")


if __name__ == "__main__":
    main()
