"""A post has one description (its summary) and one alt text source (the image's description, unless overridden)."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from wagtail.models import Revision

from blog.models import BlogPostPage
from tests.blog.conftest import make_image
from tests.factories import add_post

pytestmark = pytest.mark.django_db


def meta(soup, key):
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"]


def described_image(description="Two hands holding a paper boat"):
    image = make_image("boat")
    image.description = description
    image.save()
    return image


def test_the_summary_feeds_cards_feeds_meta_and_social_tags(client, blog):
    add_post(blog, title="Boats", slug="boats", summary="Why we ship small boats, often, instead of one big ship.")
    page = BeautifulSoup(client.get("/blog/boats/").content, "html.parser")
    summary = "Why we ship small boats, often, instead of one big ship."
    assert meta(page, "description") == meta(page, "og:description") == meta(page, "twitter:description") == summary
    card = BeautifulSoup(client.get("/blog/").content, "html.parser").select_one(".card__text")
    assert card.get_text(strip=True) == summary
    assert summary in client.get("/blog/rss/").content.decode()


def test_the_search_description_overrides_the_summary_for_search_engines(client, blog):
    post = add_post(blog, title="Boats", slug="boats", summary="Why we ship small boats.")
    post.search_description = "Shipping small and often, explained with boats: a field guide for product teams."
    post.save_revision().publish()
    page = BeautifulSoup(client.get("/blog/boats/").content, "html.parser")
    assert meta(page, "description") == post.search_description
    card = BeautifulSoup(client.get("/blog/").content, "html.parser").select_one(".card__text")
    assert card.get_text(strip=True) == "Why we ship small boats."


def test_posts_have_no_listing_summary_field(admin_client, blog):
    post = add_post(blog, title="Boats", slug="boats")
    form = BeautifulSoup(admin_client.get(reverse("wagtailadmin_pages:edit", args=[post.pk])).content, "html.parser")
    assert form.find(attrs={"name": "summary"}) and form.find(attrs={"name": "search_description"})
    assert not form.find(attrs={"name": "listing_summary"})
    assert not hasattr(BlogPostPage, "listing_summary") or BlogPostPage.listing_summary is None


def test_image_alt_text_comes_from_the_image_library_unless_overridden(client, blog):
    add_post(blog, title="Boats", slug="boats", hero_image=described_image())
    page = BeautifulSoup(client.get("/blog/boats/").content, "html.parser")
    assert page.select_one(".post-hero img")["alt"] == "Two hands holding a paper boat"
    assert meta(page, "og:image:alt") == meta(page, "twitter:image:alt") == "Two hands holding a paper boat"

    post = BlogPostPage.objects.get(slug="boats")
    post.hero_alt = "A paper boat, folded from our first invoice"
    post.save_revision().publish()
    page = BeautifulSoup(client.get("/blog/boats/").content, "html.parser")
    assert page.select_one(".post-hero img")["alt"] == "A paper boat, folded from our first invoice"
    assert meta(page, "og:image:alt") == "A paper boat, folded from our first invoice"


def test_a_drawn_title_card_is_described_by_the_title(client, blog):
    add_post(blog, title="Boats", slug="boats")
    page = BeautifulSoup(client.get("/blog/boats/").content, "html.parser")
    assert meta(page, "og:image:alt") == "Boats"


def test_a_described_image_needs_no_alt_text_on_the_post(blog):
    BlogPostPage(title="Boat", slug="boat", summary="S", hero_image=described_image()).clean()


@pytest.mark.django_db(transaction=True)
def test_migration_merges_descriptions_and_moves_alt_text_without_losing_words(blog):
    image = make_image("harbour")
    both = add_post(blog, title="Both", slug="both", summary="The summary.", hero_image=image, hero_alt="A harbour")
    same = add_post(blog, title="Same", slug="same", summary="Say it once.")
    empty = add_post(blog, title="Empty", slug="empty", summary="Emptied below.")
    draft = add_post(blog, title="Draft", slug="draft", summary="Draft summary.")
    revision = draft.save_revision()

    executor = MigrationExecutor(connection)
    executor.migrate([("blog", "0003_seo_noindex")])
    with connection.cursor() as cursor:
        for post, text in [(both, "The card text."), (same, "Say it once."), (empty, "Only here.")]:
            cursor.execute("UPDATE blog_blogpostpage SET listing_summary = %s WHERE page_ptr_id = %s", [text, post.pk])
        cursor.execute("UPDATE blog_blogpostpage SET summary = '' WHERE page_ptr_id = %s", [empty.pk])
    Revision.objects.filter(pk=revision.pk).update(content={**revision.content, "listing_summary": "Draft card text."})
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    summaries = dict(BlogPostPage.objects.values_list("slug", "summary"))
    assert summaries["both"] == "The summary. The card text."
    assert summaries["same"] == "Say it once."
    assert summaries["empty"] == "Only here."
    revision.refresh_from_db()
    assert revision.content["summary"] == "Draft summary. Draft card text."
    assert "listing_summary" not in revision.content
    image.refresh_from_db()
    assert image.description == "A harbour"
    assert BlogPostPage.objects.get(pk=both.pk).hero_alt == ""  # the library says it now
