"""The directory's stored summary: rewritten after every change that purges the directory, never shown stale."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from blog.models import BlogIndexPage
from resources.directory import refresh_summaries, store_summary
from resources.models import DirectorySummary, LinkHealth, ResourcePage, ResourceSettings
from tests.factories import BlogPostPageFactory, ResourcePageFactory
from tests.pagecache import forget_stored_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(directory):
    for title, category in [("Plausible", "analytics"), ("Indie Hackers", "communities")]:
        page = ResourcePageFactory(parent=directory, title=title, category=directory.categories[category])
        page.tags.add("launch")
        page.save_revision().publish()
    return directory


def summary_of(directory):
    return DirectorySummary.objects.get(index_page=directory)


def is_current(summary):
    return summary.computed_version == summary.version


def directory_page(client):
    soup = BeautifulSoup(client.get("/resources/").content, "html.parser")
    return {
        "titles": [a.get_text(strip=True) for a in soup.select("[data-directory-list] .card__title a")],
        "nav": {a.get_text(" ", strip=True) for a in soup.select(".directory__categories a")},
        "tags": {option.get_text(strip=True) for option in soup.select("select[name=tag] option[value]")},
    }


def publish_new(directory, title, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        page = ResourcePageFactory(parent=directory, title=title, category=directory.categories["analytics"], **fields)
        page.tags.add("launch", "analytics")
        page.save_revision().publish()
    return page


def test_the_first_render_stores_a_summary_the_next_one_reads(client, listed):
    first = directory_page(client)
    summary = summary_of(listed)
    assert is_current(summary)
    assert sorted(summary.data["page_ids"]) == sorted(ResourcePage.objects.values_list("pk", flat=True))
    forget_stored_pages()
    assert directory_page(client) == first
    assert first["titles"] == ["Indie Hackers", "Plausible"]
    assert first["nav"] == {"All 2", "Analytics 1", "Communities 1"}


def test_a_publish_rewrites_the_summary_once_committed(client, listed, django_capture_on_commit_callbacks):
    directory_page(client)
    publish_new(listed, "Fathom", django_capture_on_commit_callbacks)
    summary = summary_of(listed)
    assert is_current(summary)  # rewritten by the change, before any visitor asks
    assert {"name": "launch", "slug": "launch", "n": 3} in summary.data["tags"]
    page = directory_page(client)
    assert page["titles"] == ["Fathom", "Indie Hackers", "Plausible"]
    assert page["nav"] == {"All 3", "Analytics 2", "Communities 1"}


def test_between_a_change_and_the_rewrite_the_directory_is_never_stale(client, listed):
    directory_page(client)
    ResourcePage.objects.get(title="Plausible").unpublish()  # its rewrite on commit has not run yet
    assert not is_current(summary_of(listed))
    page = directory_page(client)
    assert page["titles"] == ["Indie Hackers"]
    assert page["nav"] == {"All 1", "Communities 1", "Analytics 0"}


def test_a_deleted_resource_leaves_the_summary(client, listed, django_capture_on_commit_callbacks):
    directory_page(client)
    with django_capture_on_commit_callbacks(execute=True):
        ResourcePage.objects.get(title="Plausible").delete()  # purged before the delete: rewritten after it
    assert is_current(summary_of(listed))
    assert directory_page(client)["titles"] == ["Indie Hackers"]


def test_a_summary_computed_before_a_change_is_not_stored_after_it(listed):
    seen = DirectorySummary.objects.get_or_create(index_page=listed)[0].version
    ResourcePage.objects.get(title="Plausible").unpublish()  # a change commits while an older computation runs
    store_summary(listed, seen, hide_dead=False)
    assert not is_current(summary_of(listed))
    refresh_summaries()
    summary = summary_of(listed)
    assert is_current(summary) and len(summary.data["page_ids"]) == 1


def test_a_change_elsewhere_leaves_the_directory_summary_alone(client, listed, home_page):
    directory_page(client)
    version = summary_of(listed).version
    blog = home_page.add_child(instance=BlogIndexPage(title="Blog", slug="blog"))
    BlogPostPageFactory(parent=blog, title="News").save_revision().publish()
    assert summary_of(listed).version == version


def test_a_summary_older_than_the_page_cache_is_computed_again(client, listed, settings):
    directory_page(client)
    # A change no signal reports (a raw update) shows, as in the page cache, within PAGE_CACHE_SECONDS.
    ResourcePage.objects.filter(title="Plausible").update(title="Plausible Analytics")
    DirectorySummary.objects.filter(index_page=listed).update(
        computed_at=timezone.now() - timedelta(seconds=settings.PAGE_CACHE_SECONDS + 1)
    )
    forget_stored_pages()
    assert directory_page(client)["titles"] == ["Indie Hackers", "Plausible Analytics"]


def test_hiding_dead_links_rewrites_the_summary_without_them(client, listed, django_capture_on_commit_callbacks):
    directory_page(client)
    plausible = ResourcePage.objects.get(title="Plausible")
    with django_capture_on_commit_callbacks(execute=True):
        LinkHealth.objects.create(resource=plausible, dead=True, consecutive_failures=5)
        settings_row = ResourceSettings.for_site(listed.get_site())
        settings_row.dead_links = "hide"
        settings_row.save()
    summary = summary_of(listed)
    assert is_current(summary) and summary.data["hide_dead"] is True
    assert directory_page(client)["titles"] == ["Indie Hackers"]


def test_a_tag_renamed_shows_in_the_directory_tags(client, listed, django_capture_on_commit_callbacks):
    from taggit.models import Tag

    directory_page(client)
    with django_capture_on_commit_callbacks(execute=True):
        tag = Tag.objects.get(name="launch")
        tag.name = "go-live"
        tag.save()
    assert "go-live" in {row["name"] for row in summary_of(listed).data["tags"]}
    assert "go-live (2)" in directory_page(client)["tags"]
