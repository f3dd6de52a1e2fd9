"""An editor renames a tag from the admin's Tags screen, and a visitor sees the new name on the post."""

import pytest
from playwright.sync_api import expect

from tests.factories import BlogIndexPageFactory, add_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_renames_a_tag_and_the_post_shows_it(admin_page, live_server, home_page, new_context):
    blog = BlogIndexPageFactory(parent=home_page, title="Blog", slug="blog")
    add_post(blog, tags=["lanch"], title="Launch week", slug="launch-week")
    visitor = new_context().new_page()
    visitor.goto(f"{live_server.url}/blog/launch-week/")
    expect(visitor.locator("main")).to_contain_text("lanch")  # now stored in the page cache

    admin_page.get_by_role("link", name="Tags").click()
    row = admin_page.locator("tbody tr", has_text="lanch")
    expect(row).to_contain_text("1")  # used by one post
    row.get_by_role("link", name="lanch").click()
    admin_page.get_by_role("textbox", name="Name").fill("launch")
    admin_page.get_by_role("textbox", name="Slug").fill("launch")
    admin_page.get_by_role("button", name="Save").click()
    expect(admin_page.locator(".messages")).to_contain_text("updated")

    visitor.goto(f"{live_server.url}/blog/launch-week/")
    expect(visitor.locator("main")).to_contain_text("launch")
    expect(visitor.locator("main")).not_to_contain_text("lanch")


def test_an_editor_merges_duplicate_tags_and_the_posts_show_the_one_kept(
    admin_page, live_server, home_page, new_context
):
    blog = BlogIndexPageFactory(parent=home_page, title="Blog", slug="blog")
    add_post(blog, tags=["Launching"], title="Launch week", slug="launch-week")
    add_post(blog, tags=["launch"], title="After the launch", slug="after")
    visitor = new_context().new_page()
    visitor.goto(f"{live_server.url}/blog/launch-week/")
    expect(visitor.locator("main")).to_contain_text("Launching")  # now stored in the page cache

    admin_page.get_by_role("link", name="Tags").click()
    admin_page.get_by_role("link", name="Merge tags").click()
    admin_page.get_by_role("button", name="Merge").click()
    expect(admin_page.get_by_text("Choose the tags to merge.")).to_be_visible()
    admin_page.get_by_role("checkbox", name="Launching (used by 1)").check()
    admin_page.get_by_label("Into this tag").select_option(label="launch (used by 1)")
    admin_page.get_by_role("button", name="Merge").click()
    expect(admin_page.locator(".messages")).to_contain_text("Merged Launching into “launch”: 2 pages carry it now.")
    expect(admin_page.locator("tbody tr", has_text="Launching")).to_have_count(0)

    visitor.goto(f"{live_server.url}/blog/tag/launch/")
    expect(visitor.locator("main")).to_contain_text("Launch week")
    expect(visitor.locator("main")).to_contain_text("After the launch")
