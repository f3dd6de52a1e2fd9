"""Editors' journeys through the Wagtail admin in Chromium: the live preview panel, publishing and scheduling.

The CSP guard (conftest) fails each test on any violation, including a preview the browser refuses to frame.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page.specific


@pytest.fixture
def pages(home_page):
    """One published page of every page type (tests/home/test_preview.py checks the list is complete)."""
    home = publish(home_page)
    blog = publish(BlogIndexPageFactory(parent=home, intro="Notes from the team."))
    post = publish(BlogPostPageFactory(parent=blog, title="A post to preview"))
    directory = publish(ResourceIndexPageFactory(parent=home))
    resource = publish(ResourcePageFactory(parent=directory, title="A resource to preview"))
    about = publish(StandardPageFactory(parent=home, title="About us", slug="about"))
    return [home, blog, post, directory, resource, about]


def open_preview_panel(page, base_url, wagtail_page):
    page.goto(f"{base_url}/admin/pages/{wagtail_page.pk}/edit/")
    toggle = page.get_by_role("button", name="Toggle preview")
    toggle.click()
    # Open, not toggled: a closed panel keeps its last frame (the old title) and stops updating, so a test that
    # closed it by mistake would wait for a change that can never come.
    try:
        expect(toggle).to_have_attribute("aria-expanded", "true", timeout=5_000)
    except AssertionError:
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
    return page.frame_locator("#w-preview-iframe")


# Wagtail's unsaved-changes controller (w-unsaved, which tells the preview panel and autosave about an edit) takes the
# form's starting values 2 s after it connects, once per connect, and on the page editor it connects twice: the form's
# w-init controller takes itself out of data-controller once it has run, which moves w-unsaved to another position in
# that attribute, and Stimulus then disconnects and reconnects every controller after the change. The first connect's
# read is never cancelled, so the form is read twice, tens of milliseconds apart (more on a loaded machine). An edit
# typed between the two reads becomes the starting value: to Wagtail it is no edit at all, so no w-unsaved:add, no
# preview update, no autosave. That is what the failures of the preview journey were (no update request after typing).
# This script counts the reads that connects schedule and the reads done, from the events Wagtail dispatches.
COUNT_STARTING_VALUE_READS = """
(() => {
    const reads = { scheduled: 0, done: 0 };
    window.launchkitStartingValueReads = reads;
    // w-unsaved dispatches "ready" in connect(), right after scheduling its read if it has no starting values yet.
    document.addEventListener("w-unsaved:ready", (event) => {
        if (event.target.matches("[data-edit-form]") && !reads.done) reads.scheduled += 1;
    });
    document.addEventListener("w-unsaved:watch-edits", (event) => {
        if (event.target.matches("[data-edit-form]")) reads.done += 1;
    });
})();
"""


def count_starting_value_reads(page):
    """Before opening the editor: see the comment above COUNT_STARTING_VALUE_READS."""
    page.add_init_script(COUNT_STARTING_VALUE_READS)


def wait_until_edits_are_watched(page):
    """Wagtail's unsaved-changes controller (which tells the preview panel to refresh) reads the form's starting
    values a moment after the editor opens, twice (see COUNT_STARTING_VALUE_READS), and the panel ignores a change that
    arrives before its first update has finished (`ready`) or while the panel is closed (`shouldAutoUpdate`). A person
    is never that fast; a test waits for all of them instead of sleeping: w-init gone from the form (no reconnect to
    come) and every read that a connect scheduled done."""
    assert page.evaluate("Boolean(window.launchkitStartingValueReads)"), "count_starting_value_reads() before goto"
    page.wait_for_function(
        """() => {
            const app = window.wagtail.app;
            const reads = window.launchkitStartingValueReads;
            const form = document.querySelector("[data-edit-form]");
            if (!app || !form) return false;
            const unsaved = app.getControllerForElementAndIdentifier(form, "w-unsaved");
            const panel = document.querySelector("[data-controller~='w-preview']");
            const preview = panel && app.getControllerForElementAndIdentifier(panel, "w-preview");
            const allRead = Boolean(reads && reads.scheduled && reads.done >= reads.scheduled);
            return Boolean(
                allRead && !form.matches("[data-controller~='w-init']") && unsaved && unsaved.initialFormData
                && preview && preview.ready && preview.shouldAutoUpdate && !preview.updatePromise
            );
        }"""
    )


def is_preview_update(response):
    return response.request.method == "POST" and "/preview/" in response.url


def preview_answer(response):
    try:
        return (response.status, response.text()[:500])
    except Exception as error:  # the page moved on before the body was read
        return (response.status, repr(error))


def test_every_page_type_shows_in_the_preview_panel(admin_page, live_server, pages):
    for wagtail_page in pages:
        preview = open_preview_panel(admin_page, live_server.url, wagtail_page)
        # Chromium leaves a refused frame empty: the page's own heading proves it was framed and rendered.
        expect(preview.locator("h1").first).to_contain_text(wagtail_page.title)
        expect(preview.locator("footer.site-footer")).to_have_count(1)


def test_the_seo_preview_mode_renders_styled_in_the_panel(admin_page, live_server, pages):
    post = pages[2]
    preview = open_preview_panel(admin_page, live_server.url, post)
    expect(preview.locator("h1")).to_have_text("A post to preview")
    admin_page.get_by_label("Preview mode").select_option("wagtail-seo")
    title = preview.locator(".seo-title")
    expect(title).to_contain_text("A post to preview")
    # Its stylesheet applied: the search result's title is blue, as in a search engine.
    expect(title).to_have_css("color", "rgb(26, 13, 171)")
    card = preview.locator(".seo-social-img img")
    expect(card).to_have_js_property("complete", True)
    assert card.evaluate("image => image.naturalWidth") == 1200  # the generated card loaded, not a broken image


def test_editor_edits_and_publishes_the_landing_page_watching_the_preview(admin_page, live_server, pages, browser):
    count_starting_value_reads(admin_page)
    preview = open_preview_panel(admin_page, live_server.url, pages[0])
    expect(preview.locator("h1")).to_have_text("Launchkit")
    wait_until_edits_are_watched(admin_page)
    # What the panel's updates answered, for the failure message: a form the preview refused says why here.
    answers = []
    admin_page.on("response", lambda r: answers.append(r) if is_preview_update(r) else None)
    title = admin_page.get_by_role("textbox", name="Title*")
    title.clear()
    title.press_sequentially("Launch faster with Launchkit")
    title.press("Tab")
    # The panel refreshes itself from the form (Wagtail's auto-update: a debounce, a POST, a new frame), which on a
    # busy machine takes longer than Playwright's default five seconds.
    try:
        expect(preview.locator("h1")).to_have_text("Launch faster with Launchkit", timeout=20_000)
    except AssertionError as error:
        said = [preview_answer(response) for response in answers]
        raise AssertionError(f"{error}\nThe preview panel's updates answered: {said}") from error

    admin_page.get_by_role("button", name="More actions").click()
    admin_page.get_by_role("button", name="Publish").click()
    expect(admin_page.get_by_text("Page 'Launch faster with Launchkit' has been published.")).to_be_visible()

    visitor = browser.new_context().new_page()
    visitor.goto(live_server.url + "/")
    expect(visitor.locator("h1")).to_have_text("Launch faster with Launchkit")
    visitor.context.close()


def test_editor_writes_schedules_and_sees_a_post_go_live(admin_page, live_server, pages, browser):
    blog = pages[1]
    admin_page.goto(f"{live_server.url}/admin/pages/add/blog/blogpostpage/{blog.pk}/")
    admin_page.get_by_role("textbox", name="Title*").fill("Our spring release")
    admin_page.get_by_role("textbox", name="Summary*").fill("Everything that shipped this spring, in one place.")

    go_live = timezone.localtime() + timedelta(hours=1)
    admin_page.get_by_role("button", name="Toggle status").click()
    admin_page.get_by_role("button", name="Set schedule").click()
    dialog = admin_page.get_by_role("dialog", name="Set publishing schedule")
    admin_page.get_by_role("textbox", name="Go live date/time").fill(go_live.strftime("%Y-%m-%d %H:%M"))
    # From the keyboard, as the date picker's calendar may still lie over the button.
    dialog.get_by_role("button", name="Save schedule").press("Enter")
    expect(admin_page.get_by_text("Page 'Our spring release' created.")).to_be_visible()

    admin_page.get_by_role("button", name="More actions").click()
    admin_page.get_by_role("button", name="Schedule to publish").click()
    expect(admin_page.get_by_text("Page 'Our spring release' has been scheduled for publishing.")).to_be_visible()

    visitor = browser.new_context().new_page()
    visitor.goto(live_server.url + "/blog/")
    expect(visitor.get_by_role("link", name="Our spring release")).to_have_count(0)

    # An hour later Wagtail's publish_scheduled (which the project's scheduler runs every minute) publishes it.
    later = timezone.now() + timedelta(hours=1, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    visitor.goto(live_server.url + "/blog/")
    visitor.get_by_role("link", name="Our spring release").click()
    expect(visitor.locator("h1")).to_have_text("Our spring release")
    visitor.context.close()
