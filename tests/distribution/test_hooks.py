from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from distribution import wagtail_hooks
from distribution.digest import launch_checklist_items, weekly_digest_sections
from distribution.models import DistributionTick
from tests.admin_users import admin_editor
from tests.factories import StandardPageFactory, add_post

pytestmark = pytest.mark.django_db


def publish_request(user, action="action-publish", accept="text/html"):
    request = RequestFactory().post("/admin/pages/1/edit/", {action: "1"}, HTTP_ACCEPT=accept)
    request.user = user
    return request


def published_once(post):
    post.save_revision().publish()
    post.refresh_from_db()
    return post


def test_after_the_first_publish_the_editor_lands_on_the_distribute_screen(post, superuser):
    post = published_once(post)
    assert post.first_published_at == post.last_published_at
    response = wagtail_hooks.land_on_distribute_after_first_publish(publish_request(superuser), post)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/distribution/posts/{post.pk}/"


def test_later_publishes_drafts_autosaves_and_other_pages_stay_where_wagtail_sends_them(post, superuser, home_page):
    post = published_once(post)
    land = wagtail_hooks.land_on_distribute_after_first_publish
    assert land(publish_request(superuser, action="action-save"), post) is None
    assert land(publish_request(superuser, accept="application/json"), post) is None
    page = StandardPageFactory(parent=home_page)
    page.save_revision().publish()
    page.refresh_from_db()
    assert land(publish_request(superuser), page) is None
    post.last_published_at = post.first_published_at + timedelta(days=1)
    assert land(publish_request(superuser), post) is None


def test_the_hooks_are_registered_for_both_the_create_and_the_edit_view():
    from wagtail import hooks

    for name in ("after_create_page", "after_edit_page"):
        assert wagtail_hooks.land_on_distribute_after_first_publish in hooks.get_hooks(name)


def test_the_post_s_editor_header_and_listing_offer_distribute_to_its_editors(admin_client, post, home_page):
    response = admin_client.get(f"/admin/pages/{post.pk}/edit/")
    assert f"/admin/distribution/posts/{post.pk}/" in response.content.decode()
    response = admin_client.get(f"/admin/pages/{post.get_parent().pk}/")
    assert f"/admin/distribution/posts/{post.pk}/" in response.content.decode()
    outsider = admin_editor(username="outsider")
    assert list(wagtail_hooks.page_header_distribute_button(post, outsider, "edit")) == []
    page = StandardPageFactory(parent=home_page)
    assert (
        f"/admin/distribution/posts/{page.pk}/"
        not in admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    )


def test_the_digest_lists_posts_older_than_a_week_with_channels_nobody_ticked(blog):
    now = timezone.now()
    old = add_post(blog, title="Old enough", slug="old-enough")
    fresh = add_post(blog, title="Too fresh", slug="too-fresh")
    ancient = add_post(blog, title="Ancient", slug="ancient")
    done = add_post(blog, title="All done", slug="all-done")
    for post, age in ((old, 10), (fresh, 3), (ancient, 60), (done, 12)):
        type(post).objects.filter(pk=post.pk).update(first_published_at=now - timedelta(days=age))
    from distribution.channels import rows_for

    for row in rows_for(done):
        DistributionTick.objects.create(page=done, channel=row.channel.key, target=row.target)
    DistributionTick.objects.create(page=old, channel="hackernews")
    end = timezone.localdate() - timedelta(days=1)
    sections = weekly_digest_sections(end - timedelta(days=6), end)
    assert [section["heading"] for section in sections] == ["Not distributed yet"]
    (item,) = sections[0]["items"]
    assert item["text"].startswith(
        "“Old enough” (9 channels not done after a week): reddit, X: your account, X: the project's account"
    )
    assert "Hacker News" not in item["text"]
    assert item["url"] == f"http://testserver/admin/distribution/posts/{old.pk}/"


def test_the_digest_says_nothing_when_every_post_is_distributed(blog):
    assert weekly_digest_sections(timezone.localdate() - timedelta(days=7), timezone.localdate()) == []


def test_the_checklist_item_is_done_once_a_live_post_has_three_ticks(post, blog):
    first = add_post(blog, title="Earlier", slug="earlier")
    type(first).objects.filter(pk=first.pk).update(first_published_at=timezone.now() - timedelta(days=30))
    request = RequestFactory().get("/admin/")
    (item,) = launch_checklist_items(request)
    assert item == {
        "key": "distribution.first_post_distributed",
        "label": "First post distributed to three channels",
        "done": False,
        "url": f"/admin/distribution/posts/{first.pk}/",
        "order": 50,
    }
    for channel in ("hackernews", "facebook"):
        DistributionTick.objects.create(page=post, channel=channel)
    assert not launch_checklist_items(request)[0]["done"]
    DistributionTick.objects.create(page=post, channel="reddit", target="django")
    assert launch_checklist_items(request)[0]["done"]
    post.unpublish()
    assert not launch_checklist_items(request)[0]["done"]


def test_without_posts_the_checklist_points_to_the_posts_list(home_page):
    (item,) = launch_checklist_items(RequestFactory().get("/admin/"))
    assert item["url"] == "/admin/distribution/posts/"


def test_the_sidebar_has_one_distribution_section_with_its_screens(superuser):
    from wagtail.admin.menu import admin_menu

    request = RequestFactory().get("/admin/")
    request.user = superuser
    (section,) = [item for item in admin_menu.menu_items_for_request(request) if item.label == "Distribution"]
    assert [(item.label, str(item.url)) for item in section.menu.menu_items_for_request(request)] == [
        ("Posts to distribute", "/admin/distribution/posts/"),
        ("Campaign links", "/admin/snippets/distribution/campaignlink/"),
        ("Campaigns report", "/admin/distribution/campaigns/"),
    ]
