"""Search results and social cards say something of their own: descriptions in the page's words, archives and later
listing pages with their own title, description and canonical URL, the newsletter archive treated like a page."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone

from newsletter.models import Campaign
from tests.factories import AuthorFactory, BlogIndexPageFactory, add_post

pytestmark = pytest.mark.django_db


def head(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    soup = BeautifulSoup(response.content, "html.parser")

    def meta(name):
        tag = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
        return tag["content"] if tag else None

    return {
        "title": soup.title.string.strip(),
        "description": meta("description"),
        "og:description": meta("og:description"),
        "og:title": meta("og:title"),
        "robots": meta("robots"),
        "canonical": soup.find("link", rel="canonical")["href"] if soup.find("link", rel="canonical") else None,
        "json_ld": [json.loads(tag.string) for tag in soup.find_all("script", type="application/ld+json")],
    }


@pytest.fixture
def demo(client):
    call_command("load_demo")


def test_every_demo_page_has_a_description_of_its_own(client, demo):
    paths = ["/", "/about/", "/privacy/", "/blog/", "/resources/", "/blog/add-analytics-before-you-need-them/"]
    descriptions = set()
    for path in paths:
        description = head(client, path)["description"]
        assert len(description) >= 50, path
        assert "Patchwork, on Patchwork" not in description and ", on " not in description, path
        descriptions.add(description)
    assert len(descriptions) == len(paths)


def test_without_an_editors_description_the_landing_page_is_described_by_its_hero(client, home_page):
    from home.demo import HOME_BODY

    home_page.body = HOME_BODY
    home_page.search_description = ""
    home_page.save_revision().publish()
    description = head(client, "/")["description"]
    assert description.startswith("Open beta") or "Release notes your users actually read" in description
    assert "Launchkit, on Launchkit" not in description


def test_tag_and_author_archives_have_their_own_title_description_and_canonical(client, demo):
    blog = head(client, "/blog/")
    tag = head(client, "/blog/tag/launch/")
    author = head(client, "/blog/author/ada-park/")
    assert tag["title"].startswith("Posts tagged “launch”") and author["title"].startswith("Posts by Ada Park")
    assert len({blog["description"], tag["description"], author["description"]}) == 3
    assert "launch" in tag["description"] and "Ada Park" in author["description"]
    assert tag["canonical"] == "http://testserver/blog/tag/launch/"
    assert author["canonical"] == "http://testserver/blog/author/ada-park/"
    assert tag["og:title"] == tag["title"]


def test_a_later_page_of_a_listing_is_its_own_canonical(client, home_page):
    blog = BlogIndexPageFactory(parent=home_page, intro="Notes from the team on launching products.")
    author = AuthorFactory(name="Ada Park", slug="ada")
    for number in range(blog.posts_per_page + 1):
        add_post(blog, title=f"Post {number}", authors=[author], tags=["launch"])
    first, second = head(client, "/blog/"), head(client, "/blog/?page=2")
    assert second["canonical"] == "http://testserver/blog/?page=2"
    assert first["canonical"] == "http://testserver/blog/"
    assert second["title"] != first["title"] and "page 2" in second["title"]
    assert second["description"] != first["description"]
    assert head(client, "/blog/?page=1")["canonical"] == "http://testserver/blog/"
    assert head(client, "/blog/tag/launch/?page=2")["canonical"] == "http://testserver/blog/tag/launch/?page=2"
    # Past the end the paginator shows the last page, and says so in its canonical URL.
    assert head(client, "/blog/?page=99")["canonical"] == "http://testserver/blog/?page=2"


@pytest.fixture
def issue(db):
    return Campaign.objects.create(
        subject="Launch week, in review",
        slug="launch-week",
        preheader="What shipped, what we learned and the numbers behind a week of launches.",
        status=Campaign.Status.SENT,
        finished_at=timezone.now(),
        in_archive=True,
    )


def test_the_newsletter_archive_and_its_issues_are_indexable_pages_with_meta(client, home_page, issue):
    archive = head(client, "/newsletter/archive/")
    assert archive["robots"] is None
    assert archive["title"].startswith("Newsletter archive")
    assert "Launch week, in review" in archive["description"]
    assert archive["canonical"] == "http://testserver/newsletter/archive/"
    main = next(block for block in archive["json_ld"] if block["@type"] == "CollectionPage")
    assert main["mainEntity"]["itemListElement"][0]["url"] == "http://testserver/newsletter/archive/launch-week/"

    detail = head(client, "/newsletter/archive/launch-week/")
    assert detail["robots"] is None
    assert detail["title"].startswith("Launch week, in review")
    assert detail["description"] == issue.preheader == detail["og:description"]
    assert detail["canonical"] == "http://testserver/newsletter/archive/launch-week/"
    assert any(block["@type"] == "BlogPosting" for block in detail["json_ld"])


def test_search_results_and_forms_stay_out_of_search_engines(client, home_page):
    assert head(client, "/search/?q=launch")["robots"] == "noindex"
    assert head(client, "/newsletter/subscribe/")["robots"] == "noindex"
