"""The waitlist on the landing page, and the blog and directory hidden as the editor chose until the launch."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from home.models import HomePage
from launch.models import LaunchSettings, Visibility
from tests.factories import BlogIndexPageFactory, BlogPostPageFactory, ResourceIndexPageFactory, ResourcePageFactory
from tests.home.test_landing_page import FULL_BODY
from tests.pagecache import forget_stored_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def landing(home_page):
    home_page.body = FULL_BODY
    home_page.save_revision().publish()
    return HomePage.objects.get(pk=home_page.pk)


@pytest.fixture
def sections(home_page):
    blog = BlogIndexPageFactory(parent=home_page, title="Blog", slug="blog")
    BlogPostPageFactory(parent=blog, title="First post", slug="first-post")
    directory = ResourceIndexPageFactory(parent=home_page, title="Resources", slug="resources")
    ResourcePageFactory(parent=directory, title="A tool", slug="a-tool")
    return blog, directory


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def edit(launch, **fields):
    """As an editor saves the setting (its post_save purges the page cache)."""
    for name, value in fields.items():
        setattr(launch, name, value)
    launch.save()


def test_with_pre_launch_off_the_landing_page_is_unchanged(client, landing):
    page = soup(client.get("/"))
    assert page.select_one("[data-waitlist]") is None
    assert page.select_one(".hero") is not None


def test_with_pre_launch_on_the_waitlist_replaces_the_hero_with_a_readable_countdown(client, landing, launch):
    page = soup(client.get("/"))
    waitlist = page.select_one("[data-waitlist]")
    assert waitlist.h1.get_text() == "Something new is coming"
    assert len(page.select(".hero")) == 1  # the page's own hero is gone
    time = waitlist.select_one("[data-countdown] time")
    assert time["datetime"] == launch.launch_at.isoformat()
    assert "UTC" in time.get_text()  # the date and time themselves: readable without JavaScript
    assert waitlist.select_one("form[data-signup-form] input[name=ref]") is not None
    assert waitlist.select_one("button[type=submit]").get_text() == "Join the waitlist"
    assert page.find("script", src="/static/launch/countdown.js") is not None
    assert not [s for s in page.find_all("script") if not s.get("src") and s.get("type") != "application/ld+json"]
    # The other sections stay.
    assert page.select_one(".section--signup") is not None


def test_the_cached_landing_page_changes_when_the_setting_does(landing, launch):
    visitor = Client()
    assert b"data-waitlist" in visitor.get("/").content
    assert visitor.get("/").headers.get("X-Wagtail-Cache") == "hit"
    edit(launch, headline="Almost there")
    assert b"Almost there" in visitor.get("/").content
    edit(launch, prelaunch=False)
    assert b"data-waitlist" not in visitor.get("/").content


def test_a_referral_parameter_gets_the_same_cached_page(landing, launch):
    visitor = Client()
    visitor.get("/")
    assert visitor.get("/?ref=abc123").headers.get("X-Wagtail-Cache") == "hit"


def test_noindexed_blog_says_noindex_and_leaves_the_sitemap(client, sections, launch):
    edit(launch, blog_visibility=Visibility.NOINDEX)
    for url in ("/blog/", "/blog/first-post/"):
        response = client.get(url)
        assert response.status_code == 200
        assert soup(response).find("meta", attrs={"name": "robots", "content": "noindex"}) is not None
    assert soup(client.get("/resources/")).find("meta", attrs={"name": "robots"}) is None
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    assert "/blog/" not in sitemap and "/resources/a-tool/" in sitemap


def test_private_directory_is_not_found_for_visitors_but_editors_see_it(client, admin_client, sections, launch):
    edit(launch, directory_visibility=Visibility.PRIVATE)
    assert client.get("/resources/").status_code == 404
    assert client.get("/resources/a-tool/").status_code == 404
    assert admin_client.get("/resources/a-tool/").status_code == 200
    assert client.get("/blog/first-post/").status_code == 200
    assert "/resources/" not in client.get("/sitemap-pages.xml").content.decode()
    assert not PageViewRestriction.objects.exists()  # nothing an editor would have to undo


def test_after_the_launch_every_section_is_public_again(client, sections, launch):
    edit(launch, blog_visibility=Visibility.PRIVATE, directory_visibility=Visibility.NOINDEX)
    assert client.get("/blog/").status_code == 404
    edit(launch, prelaunch=False)
    assert client.get("/blog/").status_code == 200
    assert soup(client.get("/resources/")).find("meta", attrs={"name": "robots"}) is None
    assert "/blog/" in client.get("/sitemap-pages.xml").content.decode()


def sitemap_queries(client):
    forget_stored_pages()  # a first render, not a stored file
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sitemap-pages.xml").status_code == 200
    return len(queries)


def test_hidden_sections_cost_no_extra_query_per_page_in_the_sitemap(client, sections, launch):
    edit(launch, directory_visibility=Visibility.NOINDEX)  # the blog's posts are listed, each asked for its URLs
    blog, _ = sections
    client.get("/sitemap-pages.xml")
    few = sitemap_queries(client)
    for n in range(10):
        BlogPostPageFactory(parent=blog, title=f"Post {n}", slug=f"post-{n}")
    assert sitemap_queries(client) == few


def test_the_settings_form_says_the_time_zone_and_refuses_pre_launch_without_a_date(admin_client, home_page):
    from wagtail.models import Site

    url = f"/admin/settings/launch/launchsettings/{Site.objects.get().pk}/"
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Time zone: UTC." in response.content.decode()
    data = {
        "prelaunch": "on",
        "launch_at": "",
        "announcement": "",
        "headline": "Soon",
        "text": "",
        "button_label": "Join",
        "blog_visibility": "public",
        "directory_visibility": "noindex",
    }
    response = admin_client.post(url, data)
    assert "Pre-launch needs a launch date and time." in response.content.decode()
    data["launch_at"] = "2030-01-02 10:00"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    saved = LaunchSettings.objects.get()
    assert saved.prelaunch and saved.launch_at.year == 2030 and saved.directory_visibility == "noindex"


def test_a_private_section_leaves_the_landing_sections_and_the_search(client, admin_client, sections, launch):
    from tests.home.test_landing_page import FULL_BODY

    home = HomePage.objects.get()
    home.body = FULL_BODY
    home.save_revision().publish()
    assert "/blog/first-post/" in client.get("/").content.decode()
    assert "A tool" in client.get("/search/?q=useful").content.decode()
    edit(launch, blog_visibility=Visibility.PRIVATE, directory_visibility=Visibility.PRIVATE)
    assert "/blog/first-post/" not in client.get("/").content.decode()
    assert "A tool" not in client.get("/search/?q=useful").content.decode()
    assert "A tool" in admin_client.get("/search/?q=useful").content.decode()
    edit(launch, prelaunch=False)
    assert "A tool" in client.get("/search/?q=useful").content.decode()


def test_a_private_sections_links_leave_the_header_and_footer_for_visitors_but_not_for_editors(
    client, admin_client, sections, launch
):
    from wagtail.models import Site

    from home.models import NavigationSettings

    blog, directory = sections
    nav = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    nav.header_links = [("link", {"page": blog, "label": "", "external_url": ""})]
    nav.header_cta = [("link", {"page": directory, "label": "Browse", "external_url": ""})]
    nav.footer_links = [
        ("link", {"page": blog, "label": "", "external_url": ""}),
        ("link", {"page": None, "label": "Elsewhere", "external_url": "https://example.com/"}),
    ]
    nav.save()

    def links(response, where):
        return [a["href"] for a in soup(response).select(f"{where} a") if not a["href"].endswith(".xml")]

    assert "/blog/" in links(client.get("/"), ".site-nav")
    edit(launch, blog_visibility=Visibility.PRIVATE, directory_visibility=Visibility.PRIVATE)
    assert links(client.get("/"), ".site-nav") == []
    assert links(client.get("/"), ".site-footer__links") == ["https://example.com/"]
    assert links(admin_client.get("/"), ".site-nav") == ["/blog/", "/resources/"]
    edit(launch, blog_visibility=Visibility.NOINDEX)  # public again, only out of search engines
    assert links(client.get("/"), ".site-nav") == ["/blog/"]
