"""/sitemap.xml, /robots.txt, redirects and the responses search engines see."""

from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import etree
from wagtail import hooks
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction, Site
from wagtailcache.cache import clear_cache

from home.models import RobotsSettings
from home.sitemaps import BaseUrlSitemap
from tests.factories import BlogPostPageFactory, ResourcePageFactory, StandardPageFactory, add_post
from tests.home.conftest import publish
from tests.home.test_seo import BASE

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def schema(name):
    return etree.XMLSchema(etree.parse(str(FIXTURES / name)))


def valid(response, xsd="sitemap.xsd"):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=3600"
    document = etree.fromstring(response.content)
    checker = schema(xsd)
    assert checker.validate(document), checker.error_log
    return document


def locations(document):
    return [loc.text for loc in document.findall(".//sm:loc", NS)]


def sitemap_index(client, **extra):
    index = valid(client.get("/sitemap.xml", **extra), "siteindex.xsd")
    assert etree.QName(index).localname == "sitemapindex"
    return locations(index)


def sitemap_files(client, **extra):
    """Every urlset /sitemap.xml lists, fetched from its <loc> (on BASE_URL) and checked against the schema."""
    files = sitemap_index(client, **extra)
    assert files and all(url.startswith(settings.BASE_URL + "/sitemap-") for url in files)
    return [valid(client.get(url.removeprefix(settings.BASE_URL), **extra)) for url in files]


def sitemap_locations(client, **extra):
    """Every <loc> in every file of the sitemap, in order, duplicates kept."""
    return [url for document in sitemap_files(client, **extra) for url in locations(document)]


def test_sitemap_lists_every_public_page_once_and_validates(client, tree):
    found = sitemap_locations(client)
    expected = {BASE + page.url for page in [tree.home, tree.blog, tree.directory, tree.about]}
    expected |= {BASE + page.url for page in tree.posts + tree.resources}
    assert set(found) == expected
    assert len(found) == len(expected)

    urls = [url for document in sitemap_files(client) for url in document.findall("sm:url", NS)]
    lastmods = {url.find("sm:loc", NS).text: url.find("sm:lastmod", NS).text for url in urls}
    for page in [tree.home, tree.about, tree.blog, *tree.posts, *tree.resources]:
        assert datetime.fromisoformat(lastmods[BASE + page.url]) == page.last_published_at


def test_sitemap_is_an_index_of_one_file_per_section(client, tree):
    # Nothing in the newsletter archive yet: no empty section.
    assert sitemap_index(client) == [BASE + "/sitemap-pages.xml"]
    index = etree.fromstring(client.get("/sitemap.xml").content)
    latest = max(page.last_published_at for page in [tree.home, tree.blog, tree.about, *tree.posts, *tree.resources])
    assert datetime.fromisoformat(index.find("sm:sitemap/sm:lastmod", NS).text) == latest


def test_sitemap_leaves_out_drafts_private_noindex_and_canonicalised_pages(client, tree):
    draft = StandardPageFactory(parent=tree.home, title="Draft", slug="draft", live=False)
    private = publish(StandardPageFactory(parent=tree.home, title="Private", slug="private"))
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    hidden = tree.about
    hidden.noindex = True
    publish(hidden)
    elsewhere = tree.resources[0]
    elsewhere.canonical_url = "https://other.example/original/"
    publish(elsewhere)

    found = set(sitemap_locations(client))
    for page in (draft, private, hidden, elsewhere):
        assert BASE + page.url not in found
    assert BASE + tree.posts[0].url in found


def test_sitemap_urls_are_on_base_url_not_request_host(client, tree, settings):
    settings.BASE_URL = "https://www.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    assert sitemap_index(client, HTTP_HOST="evil.example") == ["https://www.example.org/sitemap-pages.xml"]
    found = sitemap_locations(client, HTTP_HOST="evil.example")
    assert len(found) == 8 and all(url.startswith("https://www.example.org/") for url in found)


def test_staging_has_no_sitemap_and_robots_disallows_all(client, tree, settings):
    settings.SEO_NOINDEX = True
    assert client.get("/sitemap.xml").status_code == 404
    assert client.get("/sitemap-pages.xml").status_code == 404
    assert "Disallow: /\n" in client.get("/robots.txt").content.decode()


def test_sitemap_splits_a_section_past_the_limit(client, tree, settings):
    settings.SEO_SITEMAP_MAX_URLS = 3
    files = sitemap_index(client)
    assert files == [BASE + "/sitemap-pages.xml", BASE + "/sitemap-pages.xml?p=2", BASE + "/sitemap-pages.xml?p=3"]
    sizes = [len(locations(document)) for document in sitemap_files(client)]
    assert sizes == [3, 3, 2]
    found = sitemap_locations(client)
    assert len(found) == len(set(found)) == 8
    assert client.get("/sitemap-pages.xml?p=2")["X-Wagtail-Cache"] == "hit"
    assert client.get("/sitemap-pages.xml?p=4").status_code == 404
    assert client.get("/sitemap-pages.xml?p=two").status_code == 404
    assert client.get("/sitemap-nosuch.xml").status_code == 404


class ExtraSitemap(BaseUrlSitemap):
    def items(self):
        return ["/newsletter/archive/1/", "/newsletter/archive/2/"]

    def location(self, item):
        return item


def test_sitemap_hook_adds_sections_of_urls_that_are_not_pages(client, tree, settings):
    settings.BASE_URL = "https://www.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    settings.SEO_SITEMAP_MAX_URLS = 1
    with hooks.register_temporarily("register_sitemaps", lambda: {"extra": ExtraSitemap}):
        files = sitemap_index(client, HTTP_HOST="evil.example")
        found = sitemap_locations(client, HTTP_HOST="evil.example")
    assert files[-2:] == ["https://www.example.org/sitemap-extra.xml", "https://www.example.org/sitemap-extra.xml?p=2"]
    assert found[-2:] == [
        "https://www.example.org/newsletter/archive/1/",
        "https://www.example.org/newsletter/archive/2/",
    ]
    assert len(found) == len(set(found)) == 10


def test_page_hook_adds_archive_urls(client, tree, monkeypatch):
    blog_class = type(tree.blog)
    original = blog_class.get_sitemap_urls

    def with_archives(self, request=None):
        return original(self, request) + [{"location": BASE + self.url + "tag/launch/", "lastmod": None}]

    monkeypatch.setattr(blog_class, "get_sitemap_urls", with_archives)
    assert BASE + tree.blog.url + "tag/launch/" in sitemap_locations(client)


def test_sitemap_query_count_does_not_grow_with_pages(client, tree):
    def count():
        clear_cache()  # measure building the sitemap, not wagtail-cache's copy
        with CaptureQueriesContext(connection) as queries:
            found = sitemap_locations(client)
        return len(found), len(queries)

    for _ in range(3):
        add_post(tree.blog, tags=["launch"])
    urls, five_posts = count()
    for _ in range(45):
        add_post(tree.blog, tags=["launch", "pricing"])
    for _ in range(5):
        publish(ResourcePageFactory(parent=tree.directory))
    more_urls, fifty_posts = count()
    assert more_urls == urls + 45 + 5 + 1  # the "pricing" tag archive
    assert fifty_posts == five_posts


def test_sitemap_shows_published_unpublished_and_deleted_pages(client, tree):
    new = publish(BlogPostPageFactory(parent=tree.blog, title="Fresh", slug="fresh"))
    assert BASE + new.url in sitemap_locations(client)
    # Stored by wagtail-cache, and purged by ops.cache whenever a page changes.
    assert client.get("/sitemap-pages.xml")["X-Wagtail-Cache"] == "hit"
    new.unpublish()
    assert BASE + new.url not in sitemap_locations(client)
    gone = BASE + tree.posts[0].url
    tree.posts[0].delete()
    assert gone not in sitemap_locations(client)


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-pages.xml"])
def test_wagtail_cache_keeps_the_sitemap(client, tree, path):
    first = client.get(path)
    assert first["X-Wagtail-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        again = client.get(path)
    assert again["X-Wagtail-Cache"] == "hit"
    assert len(queries) == 0
    assert again.content == first.content
    valid(again, "siteindex.xsd" if path == "/sitemap.xml" else "sitemap.xsd")


def test_sitemap_refuses_post(client, tree):
    assert client.post("/sitemap.xml").status_code == 405
    assert client.head("/sitemap.xml").status_code == 200
    assert client.post("/sitemap-pages.xml").status_code == 405
    assert client.head("/sitemap-pages.xml").status_code == 200


# --- robots.txt ------------------------------------------------------------------------------------------------


def test_robots_txt(client, tree):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "max-age=3600" in response["Cache-Control"]
    body = response.content.decode()
    lines = body.splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines and "Disallow: /search/" in lines
    assert "Disallow: /" not in lines
    assert lines[-1] == f"Sitemap: {BASE}/sitemap.xml"


def test_robots_txt_is_editable_in_settings(client, tree):
    robots = RobotsSettings.for_site(Site.objects.get())
    robots.extra_rules = "Disallow: /private/\r\n\r\n# No AI crawlers\r\nUser-agent: GPTBot\r\nDisallow: /"
    robots.full_clean()
    robots.save()
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /search/\nDisallow: /private/\n\n# No AI crawlers\nUser-agent: GPTBot\nDisallow: /\n" in body
    assert body.endswith(f"\nSitemap: {BASE}/sitemap.xml\n")


def test_robots_rules_are_validated(tree):
    robots = RobotsSettings.for_site(Site.objects.get())
    robots.extra_rules = "Disallow: /ok/\n<html>nonsense</html>"
    with pytest.raises(ValidationError, match="nonsense"):
        robots.full_clean()


def test_robots_settings_form_in_admin(client, tree, admin_user):
    client.force_login(admin_user)
    site = Site.objects.get()
    url = reverse("wagtailsettings:edit", args=["home", "robotssettings", site.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"extra_rules": "not a rule"})
    assert response.status_code == 200 and "Each line must be a rule" in response.content.decode()
    response = client.post(url, {"extra_rules": "Disallow: /drafts/"})
    assert response.status_code == 302
    assert "Disallow: /drafts/" in client.get("/robots.txt").content.decode()


# --- Missing pages and redirects ---------------------------------------------------------------------------------


def test_missing_page_is_a_real_404(client, tree):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"<html" in response.content


def test_slug_change_creates_a_redirect(client, tree, django_capture_on_commit_callbacks):
    post = tree.posts[0]
    old_url = post.url
    post.slug = "a-new-slug"
    # Wagtail sends page_slug_changed once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        post = publish(post)
    assert Redirect.objects.filter(redirect_page=post, automatically_created=True).exists()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith("/blog/a-new-slug/")
    assert client.get(response["Location"]).status_code == 200


def test_redirects_csv_import(client, tree, admin_user):
    client.force_login(admin_user)
    csv = SimpleUploadedFile(
        "redirects.csv",
        b"from,to\n/old-pricing,https://www.example.org/about/\n/2019/launch,https://example.com/launch/\n",
    )
    response = client.post(reverse("wagtailredirects:start_import"), {"import_file": csv, "input_format": "0"})
    assert response.status_code == 200
    response = client.post(
        reverse("wagtailredirects:process_import"),
        {**response.context["form"].initial, "from_index": 0, "to_index": 1, "permanent": True},
    )
    # Every row imported: Wagtail goes back to the redirects list (it shows a summary only when rows failed).
    assert response.status_code == 302
    assert Redirect.objects.count() == 2
    response = client.get("/old-pricing")
    assert response.status_code == 301 and response["Location"] == "https://www.example.org/about/"
    assert client.get("/2019/launch/")["Location"] == "https://example.com/launch/"
