"""Meta tags, social images, JSON-LD and the editors' SEO preview on every page type."""

import io
import json
import warnings
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image as PILImage
from pytest_django.asserts import assertInHTML
from wagtail.images.models import Image, Rendition
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtailseo.models import SeoSettings

from home.seo import CARD_DIR, DESCRIPTION_MAX, HEADLINE_MAX, TITLE_MAX, truncate
from tests.factories import BlogPostPageFactory, ResourcePageFactory
from tests.home.conftest import publish
from tests.pagecache import forget_stored_pages

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def every_page(tree):
    return [tree.home, tree.blog, tree.posts[0], tree.directory, tree.resources[0], tree.about]


def head(response):
    return BeautifulSoup(response.content, "html.parser").head


def meta(soup, **attrs):
    tag = soup.find("meta", attrs=attrs)
    assert tag is not None, f"no <meta {attrs}>"
    return tag["content"]


def json_ld(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]


def by_type(blocks, kind):
    return [block for block in blocks if block["@type"] == kind]


def fetch_image(client, url):
    """The image behind an absolute URL on BASE_URL, fetched through the site like a social network would."""
    assert url.startswith(BASE + "/media/"), url
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200
    return PILImage.open(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.parametrize("index", range(6))
def test_head_is_complete_on_every_page_type(client, tree, index):
    page = every_page(tree)[index]
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    canonical = BASE + page.url
    title = page.title if page.title == "Launchkit" else f"{page.title} · Launchkit"
    assertInHTML(f"<title>{title}</title>", html)
    assertInHTML(f'<link rel="canonical" href="{canonical}">', html)
    assertInHTML(f'<meta property="og:url" content="{canonical}">', html)
    assertInHTML(f'<meta property="og:title" content="{title}">', html)
    assertInHTML(f'<meta name="twitter:title" content="{title}">', html)
    assertInHTML('<meta name="twitter:card" content="summary_large_image">', html)
    assertInHTML('<meta name="twitter:site" content="@launchkit">', html)
    assertInHTML('<meta property="og:site_name" content="Launchkit">', html)
    assertInHTML('<meta property="og:image:width" content="1200">', html)
    assertInHTML('<meta property="og:image:height" content="630">', html)
    assertInHTML(f'<meta property="og:type" content="{page.seo_og_type}">', html)
    assertInHTML('<meta name="robots" content="noindex">', html, count=0)

    soup = head(response)
    description = meta(soup, name="description")
    assert description and len(description) <= DESCRIPTION_MAX
    assert meta(soup, property="og:description") == description == meta(soup, name="twitter:description")
    image_url = meta(soup, property="og:image")
    assert image_url == meta(soup, name="twitter:image")
    with fetch_image(client, image_url) as image:
        assert image.size == (1200, 630)
    # No tag anywhere in <head> is left empty.
    for tag in soup.find_all("meta"):
        if tag.get("content") is not None:
            assert tag["content"].strip(), tag


def test_post_head_has_article_tags(client, tree):
    post = tree.posts[0]
    html = client.get(post.url).content.decode()
    assertInHTML(f'<meta property="article:published_time" content="{post.date.isoformat()}">', html)
    assertInHTML('<meta name="author" content="Launchkit Ltd">', html)
    assertInHTML(f'<meta name="description" content="{post.summary}">', html)


def test_canonical_and_images_use_base_url_not_the_request_host(client, tree, settings):
    settings.BASE_URL = "https://www.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    response = client.get(tree.posts[0].url, HTTP_HOST="attacker.example")
    soup = head(response)
    assert soup.find("link", rel="canonical")["href"] == "https://www.example.org" + tree.posts[0].url
    assert meta(soup, property="og:image").startswith("https://www.example.org/media/")
    assert "attacker" not in response.content.decode()


def test_long_title_and_description_are_cut_at_a_word(client, tree):
    post = tree.posts[0]
    post.title = "A remarkably long title about marketing for developers who would rather write code all day long"
    post.summary = "word " * 100
    post = publish(post)
    soup = head(client.get(post.url))
    title = soup.title.string
    assert len(title) <= TITLE_MAX and title.endswith("…") and "Launchkit" not in title
    description = meta(soup, name="description")
    assert len(description) <= DESCRIPTION_MAX and description.endswith("word…")


def test_truncate_keeps_short_text_and_strips_markup():
    assert truncate("<p>Hello &amp; <b>welcome</b></p>", 60) == "Hello & welcome"
    assert truncate("x" * 80, 60) == "x" * 59 + "…"


def test_seo_title_wins_and_description_falls_back(client, tree):
    page = tree.about
    page.seo_title = "About the people behind Launchkit"
    page.intro = ""
    page.listing_summary = ""
    page = publish(page)
    soup = head(client.get(page.url))
    assert soup.title.string == "About the people behind Launchkit"
    # Nothing written at all: the page's title, never "About, on Launchkit." (the site's name repeated).
    assert meta(soup, name="description") == "About"
    blocks = json_ld(client.get(page.url))
    assert by_type(blocks, "WebPage")[0]["name"] == "About the people behind Launchkit"


def test_description_falls_back_to_the_pages_own_words(client, tree):
    page = tree.about
    page.intro = ""
    page.body = [("text", {"heading": "Who we are", "body": "<p>Two developers who ship release notes.</p>"})]
    page = publish(page)
    description = meta(head(client.get(page.url)), name="description")
    assert "Who we are" in description and "Two developers who ship release notes." in description


def test_social_card_is_drawn_once_per_title(client, tree):
    post = tree.posts[0]
    client.get(post.url)
    cards = set(default_storage.listdir(CARD_DIR)[1])
    images, renditions = Image.objects.count(), Rendition.objects.count()
    for _ in range(3):
        client.get(post.url)
    assert set(default_storage.listdir(CARD_DIR)[1]) == cards
    assert (Image.objects.count(), Rendition.objects.count()) == (images, renditions)

    post.title = "A brand new title"
    post = publish(post)
    url = meta(head(client.get(post.url)), property="og:image")
    assert set(default_storage.listdir(CARD_DIR)[1]) - cards == {url.rsplit("/", 1)[1]}


def test_editor_image_is_used_when_big_enough(client, tree):
    post = tree.posts[0]
    post.og_image = wagtail_factories.ImageFactory(file__width=1600, file__height=1000)
    post = publish(post)
    url = meta(head(client.get(post.url)), property="og:image")
    assert "/media/images/" in url
    with fetch_image(client, url) as image:
        assert image.size == (1200, 630)

    post.og_image = wagtail_factories.ImageFactory(file__width=400, file__height=300)
    post = publish(post)
    url = meta(head(client.get(post.url)), property="og:image")
    assert f"/media/{CARD_DIR}/" in url


def test_home_page_uses_the_default_social_image(client, tree):
    tree.seo.og_image_default = wagtail_factories.ImageFactory(file__width=1200, file__height=630)
    tree.seo.save()
    url = meta(head(client.get("/")), property="og:image")
    assert "/media/images/" in url
    # Other pages still get a card with their own title.
    assert f"/media/{CARD_DIR}/" in meta(head(client.get(tree.about.url)), property="og:image")


def test_no_twitter_handle_means_no_twitter_site_tag(client, tree):
    tree.seo.twitter_site = ""
    tree.seo.save()
    html = client.get(tree.about.url).content.decode()
    assert "twitter:site" not in html


def test_noindex_toggle_on_a_page(client, tree):
    page = tree.about
    page.noindex = True
    page = publish(page)
    assertInHTML('<meta name="robots" content="noindex">', client.get(page.url).content.decode())
    assertInHTML('<meta name="robots" content="noindex">', client.get(tree.blog.url).content.decode(), count=0)


def test_noindex_site_wide_for_staging(client, tree, settings):
    settings.SEO_NOINDEX = True
    for page in every_page(tree):
        assertInHTML('<meta name="robots" content="noindex">', client.get(page.url).content.decode())


# --- JSON-LD ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("index", range(6))
def test_json_ld_on_every_page_type(client, tree, index):
    page = every_page(tree)[index]
    blocks = json_ld(client.get(page.url))
    for block in blocks:
        assert block["@context"] == "https://schema.org"

    (org,) = by_type(blocks, "Organization")
    assert org["name"] == "Launchkit Ltd" and org["url"] == BASE + "/"

    (site,) = by_type(blocks, "WebSite")
    assert site["url"] == BASE + "/" and site["name"] == "Launchkit"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == BASE + "/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"

    crumbs = by_type(blocks, "BreadcrumbList")
    if page.pk == tree.home.pk:
        assert crumbs == []
    else:
        items = crumbs[0]["itemListElement"]
        assert [item["position"] for item in items] == list(range(1, len(items) + 1))
        assert items[0] == {"@type": "ListItem", "position": 1, "name": "Launchkit", "item": BASE + "/"}
        assert items[-1]["item"] == BASE + page.url and items[-1]["name"] == page.title
        assert all(item["name"] and item["item"].startswith(BASE + "/") for item in items)


def test_blog_posting(client, tree):
    post = tree.posts[0]
    post.seo_title = "The SEO headline, not the title"
    post = publish(post)
    (posting,) = by_type(json_ld(client.get(post.url)), "BlogPosting")
    assert posting["headline"] == "The SEO headline, not the title"
    assert len(posting["headline"]) <= HEADLINE_MAX
    assert posting["mainEntityOfPage"]["@id"] == BASE + post.url
    assert posting["datePublished"].startswith(post.date.date().isoformat())
    assert posting["dateModified"]
    assert posting["description"] == post.summary
    assert posting["image"] and all(url.startswith(BASE + "/media/") for url in posting["image"])
    assert posting["author"] and all(author["name"] for author in posting["author"])
    assert posting["publisher"]["name"] == "Launchkit Ltd"


def test_blog_posting_author_is_the_owner_as_a_person(client, tree, django_user_model):
    post = tree.posts[0]
    post.owner = django_user_model.objects.create_user("ada", first_name="Ada", last_name="Lovelace")
    post.save()
    (posting,) = by_type(json_ld(client.get(post.url)), "BlogPosting")
    assert posting["author"] == [{"@type": "Person", "name": "Ada Lovelace"}]
    assertInHTML('<meta name="author" content="Ada Lovelace">', client.get(post.url).content.decode())


def test_author_with_no_name_falls_back_to_the_organisation(client, tree, django_user_model):
    post = tree.posts[0]
    post.owner = django_user_model.objects.create_user("nameless")
    post.save()
    (posting,) = by_type(json_ld(client.get(post.url)), "BlogPosting")
    assert posting["author"][0]["@type"] == "Organization"
    assert posting["author"][0]["name"] == "Launchkit Ltd"


@pytest.mark.parametrize("which", ["blog", "directory"])
def test_index_pages_are_collection_pages_with_an_item_list(client, tree, which):
    index = getattr(tree, which)
    children = tree.posts if which == "blog" else tree.resources
    (collection,) = by_type(json_ld(client.get(index.url)), "CollectionPage")
    items = collection["mainEntity"]
    assert items["@type"] == "ItemList" and items["numberOfItems"] == len(children)
    assert {item["url"] for item in items["itemListElement"]} == {BASE + child.url for child in children}


def test_json_ld_escapes_script_endings(client, tree):
    page = tree.about
    page.title = "</script><script>alert(1)</script>"
    page = publish(page)
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)" not in html
    # Titles are plain text: the markup is dropped and what is left parses as JSON.
    assert by_type(json_ld(client.get(page.url)), "WebPage")[0]["name"] == "alert(1)"


def test_post_query_count_does_not_grow_with_content(client, tree):
    def count(url):
        client.get(url)  # warm caches (site root paths, social cards)
        forget_stored_pages()  # a first render, not a stored page
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = {page.url: count(page.url) for page in (tree.blog, tree.posts[0], tree.directory)}
    for _ in range(5):
        publish(BlogPostPageFactory(parent=tree.blog))
        publish(ResourcePageFactory(parent=tree.directory))
    after = {page.url: count(page.url) for page in (tree.blog, tree.posts[0], tree.directory)}
    assert after == before
    assert max(after.values()) <= 12, after


# --- The editors' SEO preview -------------------------------------------------------------------------------------


def preview_data(page, **changes):
    fields = {
        "title": page.title,
        "slug": page.slug,
        "intro": page.intro,
        "body": streamfield([]),
        "seo_title": "",
        "search_description": "",
        "canonical_url": "",
        "og_image": "",
        "listing_summary": "",
        "comments": inline_formset([]),
    }
    fields.update(changes)
    return nested_form_data(fields)


@pytest.mark.parametrize("mode", ["wagtail-seo", ""])
def test_seo_preview_through_the_admin(client, tree, admin_user, mode):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[tree.about.pk])
    title = "A draft title that is far too long for any search engine result page to show"
    response = client.post(url, preview_data(tree.about, title=title, intro="Short."))
    assert response.json()["is_valid"] is True
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # GuessedAtParserWarning became a 500 under -W error
        response = client.get(url, {"mode": mode})
    assert response.status_code == 200
    html = response.content.decode()
    if mode == "wagtail-seo":
        assert "Search Preview" in html
        assert truncate(title, TITLE_MAX) in html
        assert "The title is longer than 60 characters" in html
        assert "The description is short" in html
        assert "a card with the title" in html
    else:
        assert title in html


def test_load_demo_fills_seo_settings_once(client):
    from django.core.management import call_command

    call_command("load_demo")
    seo = SeoSettings.for_site(Site.objects.get(is_default_site=True))
    assert seo.struct_org_name and seo.struct_org_type == "Organization" and seo.twitter_site
    assert (seo.og_image_default.width, seo.og_image_default.height) == (1200, 630)
    images = Image.objects.count()
    seo.twitter_site = "edited"
    seo.save()
    call_command("load_demo")
    seo = SeoSettings.for_site(Site.objects.get(is_default_site=True))
    assert seo.twitter_site == "edited" and Image.objects.count() == images


def test_seo_preview_of_a_page_not_saved_yet(client, tree, admin_user):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:preview_on_add", args=["home", "standardpage", tree.home.pk])
    data = nested_form_data(
        {
            "title": "Brand new page",
            "slug": "brand-new-page",
            "intro": "An introduction long enough to count as a proper description for search engines.",
            "body": streamfield([]),
            "seo_title": "",
            "search_description": "",
            "canonical_url": "",
            "og_image": "",
            "listing_summary": "",
            "comments": inline_formset([]),
        }
    )
    assert client.post(url, data).json()["is_valid"] is True
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        response = client.get(url, {"mode": "wagtail-seo"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Brand new page · Launchkit" in html
    assert "http://testserver/brand-new-page/" in html


def test_card_renders_without_system_fonts(monkeypatch, settings):
    """A slim image without fonts-dejavu-core still gets cards, in Pillow's own scalable font."""
    from home import seo

    settings.SEO_CARD_FONTS = []
    monkeypatch.setattr(seo, "FONT_CANDIDATES", ["/nonexistent/font.ttf"])
    seo.card_font.cache_clear()
    try:
        png = seo.render_card("Ünïcode and a rather long title that has to wrap over lines", "Launchkit", "example.com")
    finally:
        seo.card_font.cache_clear()
    with PILImage.open(io.BytesIO(png)) as image:
        assert image.size == (1200, 630) and image.format == "PNG"


def test_canonical_of_a_routable_sub_route_is_its_own_path(tree, rf):
    """Blog tag/author archives (RoutablePageMixin) get their own canonical URL, on BASE_URL."""
    blog = tree.blog
    request = rf.get(blog.url + "tag/launch/?page=2")
    request.routable_resolver_match = SimpleNamespace(route="tag/<slug:slug>/")
    blog.get_context(request)
    assert blog.seo_canonical_url == BASE + blog.url + "tag/launch/"

    index = type(blog).objects.get(pk=blog.pk)
    request = rf.get(index.url)
    request.routable_resolver_match = SimpleNamespace(route="")
    index.get_context(request)
    assert index.seo_canonical_url == BASE + index.url
