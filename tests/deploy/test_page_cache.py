"""The full-page cache as production runs it: wagtail-cache around Wagtail's serve view, purged by edits."""

import io
import time
import uuid

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from newsletter.forms import started_token
from newsletter.models import Subscriber
from resources.models import ResourceSuggestion
from tests.blog.conftest import make_image
from tests.factories import (
    AuthorFactory,
    BlogIndexPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    SubscriberFactory,
    add_post,
)
from tests.home.test_landing_page import FULL_BODY

pytestmark = pytest.mark.django_db

HEADER = "X-Wagtail-Cache"


@pytest.fixture
def site(home_page):
    home_page.body = FULL_BODY
    home_page.save_revision().publish()
    blog = BlogIndexPageFactory(parent=home_page, title="Blog", slug="blog")
    author = AuthorFactory(name="Ada Park", slug="ada")
    post = add_post(blog, title="First post", slug="first", authors=[author])
    directory = ResourceIndexPageFactory(parent=home_page, title="Resources", slug="resources")
    ResourcePageFactory(parent=directory, title="Segment")
    return {"home": home_page, "blog": blog, "post": post, "author": author, "directory": directory}


def status(url, client=None):
    return (client or Client()).get(url)[HEADER]


def warm(*urls):
    for url in urls:
        Client().get(url)
        assert status(url) == "hit", url


def test_a_second_anonymous_view_is_served_from_the_cache_without_queries(site):
    assert status("/") == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = Client().get("/")
    assert response[HEADER] == "hit" and response.status_code == 200
    assert len(queries) == 0
    # Security headers are added on the way out, stored page or not.
    assert "Content-Security-Policy" in response and response["X-Frame-Options"] == "DENY"


def test_public_pages_tell_a_cdn_to_keep_them_and_browsers_to_ask_again(site, settings):
    for response in (Client().get("/blog/first/"), Client().get("/blog/first/")):
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=0", f"s-maxage={settings.PAGE_CACHE_SECONDS}"} <= cache_control
        assert f"stale-while-revalidate={settings.PAGE_STALE_SECONDS}" in cache_control
        assert "Expires" not in response


def test_pages_carry_nothing_per_visitor_and_set_no_cookie(site):
    response = Client().get("/")
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_editors_get_fresh_private_pages(site):
    editor = Client()
    editor.force_login(get_user_model().objects.create_superuser("ed", "ed@example.com", "pw"))
    warm("/")
    response = editor.get("/")
    assert response[HEADER] == "skip"
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_tracking_parameters_share_the_plain_pages_entry(site):
    for url in ("/", "/blog/", "/blog/first/", "/resources/"):
        Client().get(url)
        for _ in range(3):
            tagged = f"{url}?fbclid={uuid.uuid4().hex}&utm_campaign={uuid.uuid4().hex}&gclid=x&mc_cid=1&ref=hn"
            assert status(tagged) == "hit", tagged


def test_query_strings_that_change_the_page_are_cached_per_value(site):
    assert status("/resources/?category=none") == "miss"
    assert status("/resources/?category=none") == "hit"
    assert status("/resources/?category=other") == "miss"
    # A parameter no page reads is never stored, so it cannot fill the cache.
    assert status("/resources/?nonsense=1") == "skip"
    assert status("/resources/?nonsense=1") == "skip"


def test_a_path_caches_a_limited_number_of_query_strings(site, settings):
    settings.PAGE_CACHE_MAX_VARIANTS = 3
    for n in range(3):
        assert status(f"/resources/?q=word{n}") == "miss"
    assert status("/resources/?q=word9") == "skip"
    assert status("/resources/?q=word1") == "hit"  # what is stored stays served
    assert status("/blog/?page=2") == "miss"  # other paths have their own allowance


def test_publishing_a_post_purges_it_its_listings_and_home_but_not_other_sections(site):
    warm("/", "/blog/", "/blog/first/", "/resources/")
    site["post"].title = "First post, revised"
    site["post"].save_revision().publish()
    assert status("/blog/first/") == "miss"
    assert status("/blog/") == "miss"
    assert status("/") == "miss"
    assert status("/resources/") == "hit"
    assert "First post, revised" in Client().get("/blog/").content.decode()


def test_a_new_post_shows_on_the_landing_page_and_the_blog_at_once(site):
    warm("/", "/blog/")
    add_post(site["blog"], title="Launch day", slug="launch-day").save_revision().publish()
    assert "Launch day" in Client().get("/").content.decode()
    assert "Launch day" in Client().get("/blog/").content.decode()


def test_unpublishing_and_moving_purge_the_old_places(site):
    warm("/blog/first/", "/blog/")
    site["post"].unpublish()
    assert Client().get("/blog/first/").status_code == 404
    assert "First post" not in Client().get("/blog/").content.decode()


def test_renaming_an_author_purges_the_posts_that_show_them(site):
    warm("/blog/first/", "/blog/", "/resources/")
    author = site["author"]
    author.name = "Ada Lovelace"
    author.save()
    assert "Ada Lovelace" in Client().get("/blog/first/").content.decode()
    assert status("/blog/") == "miss"  # the listing shows authors too
    assert status("/resources/") == "hit"


def test_renaming_or_deleting_a_tag_purges_the_sections_whose_pages_use_it(site):
    post = site["post"]
    post.tags.add("launch")
    post.save_revision().publish()
    resource = site["directory"].get_children().specific().get()
    resource.tags.add("launch")
    resource.save_revision().publish()
    warm("/blog/first/", "/blog/tag/launch/", "/resources/", "/")
    tag = Tag.objects.get(name="launch")
    tag.name = "Launch day"
    tag.save()
    assert "Launch day" in Client().get("/blog/first/").content.decode()
    assert status("/blog/tag/launch/") == "miss"
    assert "Launch day" in Client().get("/resources/").content.decode()
    assert status("/") == "hit"  # the landing page shows no tags
    warm("/blog/first/", "/resources/")
    tag.delete()
    assert "Launch day" not in Client().get("/blog/first/").content.decode()
    assert "Launch day" not in Client().get("/resources/").content.decode()


def test_a_tag_no_page_uses_purges_nothing(site):
    warm("/blog/first/", "/resources/")
    Tag.objects.create(name="unused", slug="unused").delete()
    assert status("/blog/first/") == "hit" and status("/resources/") == "hit"


def test_editing_an_image_purges_the_pages_that_show_it(site):
    image = make_image("Hero")
    post = site["post"]
    post.hero_image, post.hero_alt = image, "A hero"
    post.save_revision().publish()
    warm("/blog/first/", "/resources/")
    image.title = "Hero, cropped"
    image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 10, 10, 5, 5
    image.save()
    assert status("/blog/first/") == "miss"
    assert status("/resources/") == "hit"


def test_editing_a_document_purges_the_pages_that_link_to_it(site):
    document = get_document_model().objects.create(title="Price list", file=ContentFile(b"v1", name="prices.txt"))
    about = StandardPageFactory(parent=site["home"], title="About", slug="about")
    link = f'<p><a linktype="document" id="{document.pk}">Prices</a></p>'
    about.body = [("text", {"heading": "", "body": link})]
    about.save_revision().publish()
    warm("/about/", "/resources/")
    document.file.save("prices-2027.txt", io.BytesIO(b"v2"))
    document.save()
    assert status("/about/") == "miss"
    assert "prices-2027" in Client().get("/about/").content.decode()
    assert status("/resources/") == "hit"


def test_a_subscriber_count_change_purges_only_the_pages_showing_the_count(site):
    SubscriberFactory.create_batch(2, status="confirmed")
    warm("/", "/blog/", "/blog/first/")
    subscriber = SubscriberFactory(status="pending")
    subscriber.status = Subscriber.Status.CONFIRMED
    subscriber.save()
    soup = BeautifulSoup(Client().get("/").content, "html.parser")
    assert soup.select_one("[data-subscriber-count]").get_text(strip=True) == "3"
    assert status("/blog/") == "hit" and status("/blog/first/") == "hit"
    # A pending signup changes no count: nothing is purged.
    SubscriberFactory(status="pending")
    assert status("/") == "hit"


def test_private_pages_are_never_stored(site):
    PageViewRestriction.objects.create(page=site["blog"], restriction_type=PageViewRestriction.PASSWORD, password="x")
    for _ in range(2):
        response = Client().get("/blog/first/")
        assert response[HEADER] == "skip"
        assert "private" in response["Cache-Control"]


def test_a_waiting_flash_message_is_shown_not_cached(site):
    client = Client()
    client.cookies["messages"] = "anything"
    assert client.get("/")[HEADER] == "skip"


def test_an_instant_signup_copied_from_a_cached_page_creates_no_subscriber(site, settings):
    settings.NEWSLETTER_MIN_FILL_SECONDS = 2
    warm("/")
    page = Client().get("/")
    form = BeautifulSoup(page.content, "html.parser").select_one("form[data-signup-form]")
    fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    bot = Client(enforce_csrf_checks=True)
    bot.post(form["action"], {**fields, "email": "bot@example.com"}, HTTP_ACCEPT="application/json")
    # Even with a time fetched the way the page's script does, an instant post is refused.
    started = bot.get(form["data-token-url"]).json()["started"]
    bot.post(form["action"], {**fields, "email": "bot@example.com", "started": started})
    assert not Subscriber.objects.filter(email="bot@example.com").exists()

    person = Client(enforce_csrf_checks=True)
    started = started_token(time.time() - 8)  # fetched when the form came into view, eight seconds ago
    response = person.post(form["action"], {**fields, "email": "person@example.com", "started": started})
    assert response.status_code == 302
    assert Subscriber.objects.filter(email="person@example.com").exists()


def test_the_suggestion_form_is_never_stored_and_refuses_instant_posts(site, settings):
    settings.RESOURCES_SUGGEST_MIN_SECONDS = 3
    client = Client()
    for _ in range(2):
        response = client.get("/resources/suggest/")
        assert response[HEADER] != "hit"
        assert "no-store" in response["Cache-Control"]
    form = BeautifulSoup(response.content, "html.parser").select_one("form[method=post]")
    fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    fields.update({"url": "https://new.example/", "name": "New tool", "why": "Useful.", "email": ""})
    client.post("/resources/suggest/", fields)
    assert not ResourceSuggestion.objects.exists()


def test_without_redis_every_process_on_the_machine_shares_stored_pages(site, settings):
    if "filebased" not in settings.CACHES["pages"]["BACKEND"]:
        pytest.skip("with Redis every process shares the cache by design")
    warm("/blog/")
    # Another process opens the same folder: it sees the stored page, and a purge there reaches this one.
    other = FileBasedCache(settings.CACHES["pages"]["LOCATION"], {})
    assert "keyring" in other
    other.clear()
    assert status("/blog/") == "miss"
