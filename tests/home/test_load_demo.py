import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision, Site

from blog.models import BlogPostPage
from home.models import HomePage, NavigationSettings
from resources.models import ResourcePage

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": list(Page.objects.order_by("path").values_list("path", "title", "live")),
        "revisions": Revision.objects.count(),
        "sites": list(Site.objects.values_list("hostname", "port", "root_page_id", "site_name")),
    }


def test_load_demo_builds_the_site_and_is_idempotent(client):
    call_command("load_demo", stdout=None)
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first

    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert BlogPostPage.objects.live().count() >= 4
    assert ResourcePage.objects.live().exists()
    header = NavigationSettings.for_site(Site.objects.get()).header_links
    # The apps' `load_demo_content` hooks run in their order: blog, then resources.
    assert [link.value["page"].slug for link in header] == ["blog", "resources", "about"]

    assert client.get("/").status_code == 200
    post = BlogPostPage.objects.live().first()
    assert client.get(post.url).status_code == 200


def test_load_demo_keeps_editor_changes(client):
    call_command("load_demo")
    post = BlogPostPage.objects.live().first()
    post.title = "Edited by the editor"
    post.save_revision().publish()
    call_command("load_demo")
    post.refresh_from_db()
    assert post.title == "Edited by the editor"
