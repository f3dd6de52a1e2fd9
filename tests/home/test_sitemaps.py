"""/sitemap.xml, /robots.txt, redirects and the responses search engines see."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import etree
from wagtail import hooks
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import PageViewRestriction, Site

from home.models import RobotsSettings
from home.sitemaps import invalidate_sitemaps
from tests.factories import BlogPostPageFactory, ResourcePageFactory, StandardPageFactory
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
    assert "max-age=3600" in response["Cache-Control"] and "public" in response["Cache-Control"]
    document = etree.fromstring(response.content)
    checker = schema(xsd)
    assert checker.validate(document), checker.error_log
    return document


def locations(document):
    return [loc.text for loc in document.findall(".//sm:loc", NS)]


def test_sitemap_lists_every_public_page_and_validates(client, tree):
    document = valid(client.get("/sitemap.xml"))
    expected = {BASE + page.url for page in [tree.home, tree.blog, tree.directory, tree.about]}
    expected |= {BASE + page.url for page in tree.posts + tree.resources}
    assert set(locations(document)) == expected
    assert len(locations(document)) == len(expected)

    lastmods = {url.find("sm:loc", NS).text: url.find("sm:lastmod", NS).text for url in document.findall("sm:url", NS)}
    for page in [tree.home, tree.about, *tree.posts]:
        assert lastmods[BASE + page.url] == page.last_published_at.replace(microsecond=0).isoformat()


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

    found = set(locations(valid(client.get("/sitemap.xml"))))
    for page in (draft, private, hidden, elsewhere):
        assert BASE + page.url not in found
    assert BASE + tree.posts[0].url in found


def test_sitemap_urls_are_on_base_url_not_request_host(client, tree, settings):
    settings.BASE_URL = "https://www.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    found = locations(valid(client.get("/sitemap.xml", HTTP_HOST="evil.example")))
    assert found and all(url.startswith("https://www.example.org/") for url in found)


def test_staging_has_no_sitemap_and_robots_disallows_all(client, tree, settings):
    settings.SEO_NOINDEX = True
    assert client.get("/sitemap.xml").status_code == 404
    assert "Disallow: /\n" in client.get("/robots.txt").content.decode()


def test_sitemap_index_when_a_section_passes_the_limit(client, tree, settings):
    settings.SEO_SITEMAP_MAX_URLS = 2
    index = valid(client.get("/sitemap.xml"), "siteindex.xsd")
    assert etree.QName(index).localname == "sitemapindex"
    section_urls = locations(index)
    # home: home + about + blog index + directory (app "blog" holds blog index and posts, and so on).
    assert all(url.startswith(BASE + "/sitemap-") for url in section_urls)
    assert BASE + "/sitemap-blog-1.xml" in section_urls and BASE + "/sitemap-blog-2.xml" in section_urls
    found = []
    for url in section_urls:
        document = valid(client.get(urlsplit(url).path))
        assert 1 <= len(locations(document)) <= 2
        found += locations(document)
    assert len(found) == len(set(found)) == 8
    assert client.get("/sitemap-blog-9.xml").status_code == 404
    assert client.get("/sitemap-nosuch-1.xml").status_code == 404


def test_sitemap_hook_adds_urls_that_are_not_pages(client, tree):
    def issues(request):
        return {"newsletter": [{"location": BASE + "/newsletter/archive/1/", "lastmod": None}]}

    with hooks.register_temporarily("register_sitemap_urls", issues):
        found = locations(valid(client.get("/sitemap.xml")))
    assert BASE + "/newsletter/archive/1/" in found


def test_page_hook_adds_archive_urls(client, tree, monkeypatch):
    blog_class = type(tree.blog)
    original = blog_class.get_sitemap_urls

    def with_archives(self, request=None):
        return original(self, request) + [{"location": BASE + self.url + "tag/launch/", "lastmod": None}]

    monkeypatch.setattr(blog_class, "get_sitemap_urls", with_archives)
    assert BASE + tree.blog.url + "tag/launch/" in locations(valid(client.get("/sitemap.xml")))


def test_sitemap_query_count_does_not_grow_with_pages(client, tree):
    def count():
        client.get("/sitemap.xml")
        invalidate_sitemaps()  # measure building it, not the cached copy
        with CaptureQueriesContext(connection) as queries:
            client.get("/sitemap.xml")
        return len(queries)

    before = count()
    for _ in range(10):
        publish(BlogPostPageFactory(parent=tree.blog))
        publish(ResourcePageFactory(parent=tree.directory))
    assert count() == before


def test_sitemap_is_cached_until_pages_change(client, tree):
    client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/sitemap.xml").content
    assert len(queries) <= 1  # at most the session/site lookup, never the page tree

    new = publish(BlogPostPageFactory(parent=tree.blog, title="Fresh", slug="fresh"))
    assert BASE + new.url in locations(valid(client.get("/sitemap.xml")))
    new.unpublish()
    assert BASE + new.url not in locations(valid(client.get("/sitemap.xml")))
    tree.posts[0].delete()
    assert len(client.get("/sitemap.xml").content) < len(first)


def test_sitemap_refuses_post(client, tree):
    assert client.post("/sitemap.xml").status_code == 405
    assert client.head("/sitemap.xml").status_code == 200


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
