"""An editor publishes a post, lands on its Distribute screen, ticks two channels, and sees a visit from one
channel's tagged link counted on that channel's row."""

import re
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from analytics.models import DailyStat
from tests.factories import BlogIndexPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Headless Chromium says "HeadlessChrome", which the beacon rightly ignores as a bot; a visitor's browser does not.
DESKTOP_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


def wait_for(condition, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_editor_publishes_a_post_ticks_two_channels_and_sees_a_visit_on_its_row(
    admin_page, live_server, home_page, new_context
):
    home_page.save_revision().publish()
    blog = BlogIndexPageFactory(parent=home_page)
    blog.save_revision().publish()
    page = admin_page
    page.goto(f"{live_server.url}/admin/pages/add/blog/blogpostpage/{blog.pk}/")
    page.get_by_role("textbox", name="Title*").fill("Shipping notes")
    page.get_by_role("textbox", name="Summary*").fill("What we shipped, and how we told people.")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()

    # The first publish lands on the post's Distribute screen, with Wagtail's message.
    expect(page).to_have_url(re.compile(r"/admin/distribution/posts/\d+/$"))
    expect(page.get_by_text("Page 'Shipping notes' created and published.")).to_be_visible()
    hackernews = page.locator('tr[data-channel="hackernews"]')
    bluesky = page.locator('tr[data-channel="bluesky"]')
    expect(hackernews.locator("[data-stat]")).to_have_text(["0", "0", "0"])

    hackernews.get_by_label("Submission URL").fill("https://news.ycombinator.com/item?id=42")
    hackernews.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("Hacker News: done on")).to_be_visible()
    expect(hackernews.locator("[data-done]")).to_contain_text("Done on")
    expect(hackernews.locator("a[data-submission]")).to_have_attribute(
        "href", "https://news.ycombinator.com/item?id=42"
    )
    bluesky.get_by_role("button", name="Mark as done").click()
    expect(bluesky.locator("[data-done]")).to_contain_text("Done on")
    expect(page.get_by_text("2 of 10 channels done.")).to_be_visible()

    # A reader follows the Hacker News link (on this test's server) and the page's beacon counts the visit.
    link = urlsplit(hackernews.get_by_role("button", name="Copy link").get_attribute("data-copy"))
    assert "utm_source=hackernews" in link.query
    reader = new_context(user_agent=DESKTOP_CHROME).new_page()
    reader.goto(f"{live_server.url}{link.path}?{link.query}")
    expect(reader.locator("h1")).to_have_text("Shipping notes")
    assert wait_for(lambda: DailyStat.objects.filter(dimension="utm", key__startswith="hackernews / ").exists())

    page.reload()
    expect(hackernews.locator("[data-stat]")).to_have_text(["1", "1", "0"])
    expect(bluesky.locator("[data-stat]")).to_have_text(["0", "0", "0"])
    expect(hackernews.locator("[data-done]")).to_contain_text("Done on")


def test_a_campaign_link_s_preset_fills_its_tags_and_its_short_link_copies(admin_page, live_server, home_page):
    from distribution.models import CampaignLink

    page = admin_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(f"{live_server.url}/admin/snippets/distribution/campaignlink/add/")
    page.get_by_label("Preset").select_option("reddit")
    expect(page.get_by_role("textbox", name="UTM source")).to_have_value("reddit")
    expect(page.get_by_role("textbox", name="UTM medium")).to_have_value("social")

    link = CampaignLink.objects.create(page=home_page, source="talk", medium="slides", campaign="meetup", slug="talk")
    page.goto(f"{live_server.url}/admin/snippets/distribution/campaignlink/edit/{link.pk}/")
    button = page.locator('button[data-copy="http://testserver/l/talk/"]')
    button.click()
    expect(button).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == "http://testserver/l/talk/"


def test_the_distribute_screen_passes_axe(admin_page, live_server, home_page):
    from axe_playwright_python.sync_playwright import Axe

    from blog.demo import load_blog
    from distribution.demo import load_distribution
    from distribution.models import DistributionTick

    load_blog(home_page)
    load_distribution(home_page)
    post = DistributionTick.objects.first().page
    admin_page.goto(f"{live_server.url}/admin/distribution/posts/{post.pk}/")
    expect(admin_page.locator('tr[data-channel="hackernews"] [data-done]')).to_be_visible()
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
    results = Axe().run(admin_page, context=".distribution", options=options)
    problems = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]
    assert not problems, "\n".join(problems)
