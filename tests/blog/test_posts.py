import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from pytest_django.asserts import assertInHTML

from blog.models import WORDS_PER_MINUTE, BlogPostPage
from tests.blog.conftest import make_image
from tests.factories import add_post

pytestmark = pytest.mark.django_db


def test_hero_image_needs_alt_text(blog):
    post = BlogPostPage(title="No alt", slug="no-alt", summary="S", hero_image=make_image(), hero_alt="  ")
    with pytest.raises(ValidationError) as error:
        post.clean()
    assert "hero_alt" in error.value.message_dict
    post.hero_alt = "A blue rectangle"
    post.clean()  # a described image is fine, and so is no image at all
    BlogPostPage(title="Plain", slug="plain", summary="S").clean()


def test_reading_time_is_stored_on_save(blog):
    words = " ".join(["word"] * (WORDS_PER_MINUTE * 3))
    post = add_post(blog, title="Long", body=[("paragraph", f"<p>{words}</p>")])
    assert BlogPostPage.objects.values_list("reading_time", flat=True).get(pk=post.pk) == 4  # title + 3 minutes
    post.body = [("paragraph", "<p>Short now.</p>")]
    post.save_revision().publish()
    assert BlogPostPage.objects.get(pk=post.pk).reading_time == 1


def test_authors_keep_the_editors_order(post, authors):
    fresh = BlogPostPage.objects.get(pk=post.pk)
    assert [author.name for author in fresh.authors] == ["Sam Okafor", "Ada Park"]


def test_seo_uses_the_hero_image_and_summary(post):
    assert post.seo_image == post.hero_image
    assert post.seo_description == "Measure from day one."


def test_post_page_renders_everything(client, post):
    response = client.get(post.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Add analytics before you need them"
    assert [a.get_text() for a in soup.select(".post-author a")] == ["Sam Okafor", "Ada Park"]
    assert [a["href"] for a in soup.select("a[rel=tag]")] == ["/blog/tag/analytics/", "/blog/tag/launch/"]
    assert "1 min read" in soup.select_one(".page-header__meta").get_text()
    hero = soup.select_one(".post-hero img")
    assert hero["alt"] == "A blue rectangle"
    assert hero["width"] and hero["height"] and ".webp" in hero["srcset"] and hero["sizes"]
    assert hero.get("loading") != "lazy"  # above the fold
    # Code is highlighted on the server and escaped.
    code = soup.select_one(".code-block .highlight")
    assert code.select("span") and "<hi>" in code.get_text()
    assert b"<hi>" not in response.content
    assert soup.select_one(".quote-block blockquote").get_text(strip=True) == "Ship it."


def test_body_image_block_is_lazy_and_responsive(client, blog):
    image = make_image("inline")
    post = add_post(
        blog, title="Pictures", body=[("image", {"image": image, "alt": "A chart", "caption": "Weekly visits"})]
    )
    soup = BeautifulSoup(client.get(post.url).content, "html.parser")
    img = soup.select_one(".post-image img")
    assert img["alt"] == "A chart" and img["loading"] == "lazy" and img["width"] and ".webp" in img["srcset"]
    assert soup.select_one(".post-image figcaption").get_text() == "Weekly visits"


def test_related_posts_prefer_shared_tags_then_latest(client, blog):
    main = add_post(blog, title="Main", tags=["email", "launch"])
    both = add_post(blog, title="Both tags", tags=["email", "launch"])
    one = add_post(blog, title="One tag", tags=["launch"])
    add_post(blog, title="Unrelated old", tags=["other"])
    latest = add_post(blog, title="Unrelated latest")
    assert main.related_posts() == [both, one, latest]
    lonely = add_post(blog, title="No tags at all")
    assert len(lonely.related_posts()) == 3


def test_feed_autodiscovery_in_the_head_of_blog_pages_and_the_landing_page(client, post, home_page):
    rss = '<link rel="alternate" type="application/rss+xml" title="Blog (RSS)" href="http://testserver/blog/rss/">'
    atom = '<link rel="alternate" type="application/atom+xml" title="Blog (Atom)" href="http://testserver/blog/atom/">'
    for url in ["/", "/blog/", post.url]:
        head = str(BeautifulSoup(client.get(url).content, "html.parser").head)
        assertInHTML(rss, head)
        assertInHTML(atom, head)
    head = str(BeautifulSoup(client.get("/blog/tag/launch/").content, "html.parser").head)
    assertInHTML(
        '<link rel="alternate" type="application/rss+xml" title="Blog · launch (RSS)" '
        'href="http://testserver/blog/tag/launch/rss/">',
        head,
    )
