"""Fragment and route caches: what the full-page cache can't serve (editors, sessions, query strings, the first view
after a publish) is built from cached pieces, and is exactly as fresh as a cached page."""

from collections import Counter

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.cache.backends.base import BaseCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from home import page_cache
from newsletter.models import Subscriber
from tests.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    ResourceCategoryFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)
from tests.home.test_landing_page import FULL_BODY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fragments_on(settings):
    settings.PAGE_CACHE_SECONDS = 0  # what is measured here is everything but the full-page cache
    settings.FRAGMENT_CACHE_SECONDS = 600
    settings.ROUTE_CACHE_SECONDS = 600


@pytest.fixture
def site(home_page):
    home_page.body = FULL_BODY
    home_page.save_revision().publish()
    blog = BlogIndexPageFactory(parent=home_page, title="Blog", slug="blog")
    post = BlogPostPageFactory(parent=blog, title="First post", slug="first-post")
    directory = ResourceIndexPageFactory(parent=home_page, title="Resources", slug="resources")
    category = ResourceCategoryFactory(name="Analytics", slug="analytics")
    resource = ResourcePageFactory(parent=directory, title="Segment", slug="segment", category=category)
    page_cache.purge("factories publish without signals")
    return {"home": home_page, "blog": blog, "post": post, "resource": resource}


def html(response):
    return BeautifulSoup(response.content, "html.parser")


def without_tokens(response):
    soup = html(response)
    for field in soup.select("input[name=csrfmiddlewaretoken], input[name=started]"):
        field["value"] = ""
    return str(soup)


@pytest.mark.parametrize(
    "url", ["/", "/blog/", "/blog/first-post/", "/blog/?page=1", "/resources/", "/resources/?category=analytics&q=seg"]
)
def test_a_second_view_is_the_same_page_from_cached_pieces(site, url):
    first = Client().get(url)
    with CaptureQueriesContext(connection) as queries:
        second = Client().get(url)
    assert first.status_code == second.status_code == 200
    assert without_tokens(first) == without_tokens(second)
    # Routing, the header, footer, meta tags, body and listings are cached; listings still read their filters' data.
    assert len(queries) <= 2, [query["sql"][:120] for query in queries.captured_queries]


def test_query_count_does_not_grow_with_content(site):
    for n in range(12):
        BlogPostPageFactory(parent=site["blog"], title=f"Post {n}", slug=f"post-{n}")
    page_cache.purge("more posts")
    counts = []
    for _ in range(2):
        for url in ("/", "/blog/", "/blog/first-post/"):
            Client().get(url)
            with CaptureQueriesContext(connection) as queries:
                Client().get(url)
            counts.append(len(queries))
    assert counts[:3] == counts[3:] and max(counts) <= 2


def test_every_visitor_gets_their_own_working_csrf_token(site):
    Client().get("/")  # caches the body and footer with the first visitor's forms
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get("/")
    assert page_cache.CSRF_PLACEHOLDER not in response.content.decode()
    values = [field["value"] for field in html(response).select("input[name=csrfmiddlewaretoken]")]
    assert len(values) == 3
    post = visitor.post("/newsletter/subscribe/", {"email": "fragment@example.com", "csrfmiddlewaretoken": values[-1]})
    assert post.status_code == 302
    assert Subscriber.objects.filter(email="fragment@example.com").exists()


def test_signup_forms_keep_unique_ids_when_the_body_comes_from_the_cache(site):
    Client().get("/")
    soup = html(Client().get("/"))
    ids = Counter(element["id"] for element in soup.select("[id]"))
    assert [name for name, count in ids.items() if count > 1] == []
    assert soup.select_one("footer #signup-footer-email") is not None


def test_publishing_renews_the_page_its_listing_and_the_landing_page(site):
    for url in ("/", "/blog/", "/blog/first-post/", "/resources/"):
        Client().get(url)
    post = site["post"]
    post.title = "Renamed post"
    post.save_revision().publish()
    for url in ("/", "/blog/", "/blog/first-post/"):
        assert "Renamed post" in Client().get(url).content.decode(), url
    resource = site["resource"]
    resource.title = "Renamed resource"
    resource.save_revision().publish()
    assert "Renamed resource" in Client().get("/resources/").content.decode()


def test_the_directory_script_gets_the_cached_results_alone(site):
    Client().get("/resources/?category=analytics")
    partial = Client().get("/resources/?category=analytics", HTTP_X_REQUESTED_WITH="fetch")
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode()
    assert html(partial).select_one("[data-directory-list]").get_text().count("Segment") >= 1


def test_unpublished_and_moved_pages_leave_their_cached_routes(site):
    post = site["post"]
    assert Client().get("/blog/first-post/").status_code == 200
    post.slug = "new-address"
    post.save_revision().publish()
    assert Client().get("/blog/new-address/").status_code == 200
    assert Client().get("/blog/first-post/").status_code in (301, 302, 404)
    post.unpublish()
    assert Client().get("/blog/new-address/").status_code == 404


def test_a_new_view_restriction_is_enforced_at_once(site):
    assert Client().get("/blog/first-post/").status_code == 200
    PageViewRestriction.objects.create(page=site["blog"], restriction_type="password", password="secret-words")
    response = Client().get("/blog/first-post/")
    assert response.status_code == 200
    assert html(response).select_one("input[name=password]") is not None
    assert html(response).select_one("article") is None


def test_a_site_hostname_change_reroutes(site):
    Client().get("/")
    Site.objects.filter(is_default_site=True).update(is_default_site=False)  # no signal: stays cached
    current = Site.objects.get()
    current.is_default_site = True
    current.hostname = "example.org"
    current.save()  # a signal: routes and fragments are renewed
    assert Client(HTTP_HOST="testserver").get("/").status_code == 200  # the default site still answers


def test_previews_show_the_draft_not_the_cached_body(site):
    Client().get("/blog/first-post/")
    post = site["post"]
    post.summary = "A draft summary nobody has published."
    response = post.make_preview_request()
    assert "A draft summary nobody has published." in response.content.decode()
    assert "A draft summary nobody has published." not in Client().get("/blog/first-post/").content.decode()


def test_editors_see_cached_content_with_their_user_bar(site):
    editor = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw-123456789")
    Client().get("/blog/first-post/")
    client = Client()
    client.force_login(editor)
    response = client.get("/blog/first-post/")
    assert response.status_code == 200
    assert "First post" in response.content.decode()
    assert html(response).select_one("wagtail-userbar, [data-wagtail-userbar], .wagtail-userbar") is not None


class BrokenCache(BaseCache):
    """A cache server that is down."""

    def __init__(self, location, params):
        super().__init__(params)

    def get(self, *args, **kwargs):
        raise ConnectionError("cache down")

    set = add = delete = get


def test_pages_render_when_the_cache_is_down(site, settings):
    settings.CACHES = {
        **settings.CACHES,
        "broken": {"BACKEND": "tests.deploy.test_fragment_cache.BrokenCache"},
    }
    settings.PAGE_CACHE_ALIAS = "broken"
    for url in ("/", "/blog/", "/blog/first-post/"):
        response = Client().get(url)
        assert response.status_code == 200, url


def test_fragments_off_render_everything(site, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    settings.ROUTE_CACHE_SECONDS = 0
    Client().get("/")
    with CaptureQueriesContext(connection) as queries:
        assert Client().get("/").status_code == 200
    assert len(queries) > 5


def test_directory_categories_and_settings_changes_show_at_once(site):
    from resources.models import ResourceCategory, ResourceSettings

    Client().get("/resources/")
    category = ResourceCategory.objects.get(slug="analytics")
    category.name = "Measuring"
    category.save()
    assert "Measuring" in html(Client().get("/resources/")).select_one(".directory__categories").get_text()
    settings = ResourceSettings.for_site(Site.objects.get())
    settings.dead_links = "archive" if settings.dead_links == "hide" else "hide"
    settings.save()
    with CaptureQueriesContext(connection) as queries:
        Client().get("/resources/")
    assert any("resources_resourcesettings" in query["sql"] for query in queries.captured_queries)
