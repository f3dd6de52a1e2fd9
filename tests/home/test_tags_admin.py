"""The admin's Tags screen: editors see how often each tag is used, rename and delete tags, and visitors see it."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from taggit.models import Tag

from tests.admin_users import denied
from tests.factories import BlogIndexPageFactory, ResourceIndexPageFactory, ResourcePageFactory, add_post

pytestmark = pytest.mark.django_db

LIST = "wagtailsnippets_taggit_tag:list"
EDIT = "wagtailsnippets_taggit_tag:edit"
DELETE = "wagtailsnippets_taggit_tag:delete"


@pytest.fixture
def tagged(home_page):
    blog = BlogIndexPageFactory(parent=home_page, title="Blog", slug="blog")
    add_post(blog, tags=["launch", "seo"], title="Launch week", slug="launch-week")
    add_post(blog, tags=["launch"], title="After the launch", slug="after")
    directory = ResourceIndexPageFactory(parent=home_page)
    resource = ResourcePageFactory(parent=directory, title="Plausible")
    resource.tags.add("launch")
    resource.save_revision().publish()
    Tag.objects.create(name="unused", slug="unused")
    return blog


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_user("ed", "ed@example.com", "pw", is_staff=False)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    # Columns: the bulk-action checkbox, name, slug, "Used by".
    table = (tr.select("td") for tr in soup.select("tbody tr"))
    return {cells[1].a.get_text(strip=True): cells[3].get_text(strip=True) for cells in table}


def test_an_editor_sees_every_tag_with_how_often_it_is_used(client, tagged, editor):
    response = client.get(reverse(LIST))
    assert response.status_code == 200
    assert rows(response) == {"launch": "3", "seo": "1", "unused": "0"}


def test_tags_sort_by_use_and_search_by_name(client, tagged, editor):
    assert list(rows(client.get(reverse(LIST), {"ordering": "-usage"}))) == ["launch", "seo", "unused"]
    assert list(rows(client.get(reverse(LIST), {"q": "se"}))) == ["seo", "unused"]


def test_renaming_a_tag_renames_it_on_the_pages_visitors_see(client, tagged, editor):
    visitor = type(client)()
    assert "launch" in visitor.get("/blog/launch-week/").content.decode()  # stored in the page cache
    tag = Tag.objects.get(name="launch")
    response = client.post(reverse(EDIT, args=[tag.pk]), {"name": "go-live", "slug": "go-live"})
    assert response.status_code == 302
    page = visitor.get("/blog/launch-week/").content.decode()
    assert "go-live" in page and ">launch<" not in page
    assert visitor.get("/blog/tag/go-live/").status_code == 200


def test_a_name_another_tag_has_is_refused_with_a_message(client, tagged, editor):
    tag = Tag.objects.get(name="seo")
    response = client.post(reverse(EDIT, args=[tag.pk]), {"name": "launch", "slug": "seo"})
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Tag.objects.get(pk=tag.pk).name == "seo"


def test_deleting_a_tag_takes_it_off_posts_and_resources(client, tagged, editor):
    tag = Tag.objects.get(name="launch")
    assert client.get(reverse(DELETE, args=[tag.pk])).status_code == 200
    response = client.post(reverse(DELETE, args=[tag.pk]))
    assert response.status_code == 302
    assert not Tag.objects.filter(name="launch").exists()
    assert type(client)().get("/blog/tag/launch/").status_code == 404


def test_an_admin_user_without_tag_permissions_is_refused(client, tagged):
    user = get_user_model().objects.create_user("someone", "s@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert denied(client.get(reverse(LIST)))
    assert denied(client.post(reverse(DELETE, args=[Tag.objects.get(name="seo").pk])))
    assert Tag.objects.filter(name="seo").exists()


MERGE = "wagtailsnippets_taggit_tag:merge"


def merge(client, names, into):
    ids = [Tag.objects.get(name=name).pk for name in names]
    return client.post(reverse(MERGE), {"tags": ids, "into": Tag.objects.get(name=into).pk})


def test_merging_tags_moves_every_post_and_resource_to_the_tag_kept_and_visitors_see_it(client, tagged, editor):
    add_post(tagged, tags=["Launching", "launch"], title="Both", slug="both")
    add_post(tagged, tags=["Launching", "go-live"], title="Two sources", slug="two-sources")
    visitor = type(client)()
    assert "Launching" in visitor.get("/blog/both/").content.decode()  # stored in the page cache
    assert reverse(MERGE) in client.get(reverse(LIST)).content.decode()

    response = merge(client, ["Launching", "go-live", "launch"], into="launch")
    assert response.status_code == 302
    listing = BeautifulSoup(client.get(reverse(LIST)).content, "html.parser")
    assert "Merged Launching, go-live into “launch”: 5 pages carry it now." in listing.select_one(".messages").text
    assert rows(client.get(reverse(LIST))) == {"launch": "5", "seo": "1", "unused": "0"}
    page = visitor.get("/blog/both/").content.decode()
    assert "Launching" not in page and "/blog/tag/launch/" in page
    archive = visitor.get("/blog/tag/launch/").content.decode()
    assert "Two sources" in archive and "Both" in archive
    moved = visitor.get("/blog/tag/launching/")  # linked from elsewhere: sent on
    assert (moved.status_code, moved["Location"]) == (301, "/blog/tag/launch/")
    assert visitor.get("/blog/tag/go-live/rss/")["Location"] == "/blog/tag/launch/rss/"


def test_a_draft_keeps_its_merged_tag_when_it_is_published_later(client, tagged, editor):
    from blog.models import BlogPostPage

    post = BlogPostPage.objects.get(slug="after")
    post.tags.add("Launching")
    post.title = "After the launch, edited"
    post.save_revision()  # a draft: the live post still has only "launch"
    merge(client, ["Launching"], into="seo")
    BlogPostPage.objects.get(pk=post.pk).get_latest_revision().publish()
    assert sorted(BlogPostPage.objects.get(pk=post.pk).tags.names()) == ["launch", "seo"]


def test_merging_a_tag_into_itself_alone_is_refused_with_a_message(client, tagged, editor):
    response = merge(client, ["launch"], into="launch")
    assert response.status_code == 400
    assert "Choose at least one tag besides the one to keep." in response.content.decode()
    response = client.post(reverse(MERGE), {})
    assert "Choose the tags to merge." in response.content.decode()
    assert Tag.objects.count() == 3


def test_merging_needs_the_permission_to_delete_tags(client, tagged, editor):
    editor.groups.clear()
    change_tag = Permission.objects.get(codename="change_tag", content_type__app_label="taggit")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"), change_tag)
    assert reverse(MERGE) not in client.get(reverse(LIST)).content.decode()
    assert denied(merge(client, ["seo"], into="launch"))
    assert Tag.objects.filter(name="seo").exists()


def test_site_search_finds_posts_and_resources_by_a_tags_new_name_after_a_rename_or_a_merge(
    client, tagged, editor, django_capture_on_commit_callbacks
):
    def found(word):
        soup = BeautifulSoup(client.get("/search/", {"q": word}).content, "html.parser")
        return sorted(a.get_text(strip=True) for a in soup.select(".search-result__title a"))

    tag = Tag.objects.get(name="seo")
    with django_capture_on_commit_callbacks(execute=True):  # the worker's task runs at once here
        client.post(reverse(EDIT, args=[tag.pk]), {"name": "visibility", "slug": "visibility"})
    assert "Launch week" in " ".join(found("visibility"))
    with django_capture_on_commit_callbacks(execute=True):
        merge(client, ["launch"], into="visibility")
    assert "Plausible" in " ".join(found("visibility"))
    assert "Plausible" not in " ".join(found("launch"))
