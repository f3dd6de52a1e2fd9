import pytest
from playwright.sync_api import expect

from tests.factories import AuthorFactory, BlogIndexPageFactory, add_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def post(home_page):
    blog = BlogIndexPageFactory(parent=home_page)
    return add_post(
        blog,
        title="Where to share what you wrote",
        slug="where-to-share",
        summary="Each place rewards a different style.",
        authors=[AuthorFactory(name="Ada Park", slug="ada")],
        tags=["distribution"],
        body=[("paragraph", "<p>Posting a link is not distribution.</p>")],
    )


def test_reader_reads_a_post_and_copies_its_link(browser, live_server, post):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{live_server.url}/blog/")
    page.get_by_role("link", name="Where to share what you wrote").click()
    expect(page.locator("h1")).to_have_text("Where to share what you wrote")
    expect(page.locator(".prose")).to_contain_text("Posting a link is not distribution.")

    button = page.get_by_role("button", name="Copy link")
    expect(button).to_be_visible()
    button.click()
    expect(page.locator("[data-copy-status]")).to_have_text("Link copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == (
        "http://testserver/blog/where-to-share/?utm_source=copy&utm_medium=social&utm_campaign=where-to-share"
    )
    hn = page.locator('[data-share-channel="hackernews"]')
    assert "utm_source%3Dhackernews" in hn.get_attribute("href")
    context.close()


def test_without_javascript_the_link_is_shown_to_copy_by_hand(browser, live_server, post):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/blog/where-to-share/")
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    field = page.get_by_label("Link to this post")
    expect(field).to_be_visible()
    expect(field).to_have_value(
        "http://testserver/blog/where-to-share/?utm_source=copy&utm_medium=social&utm_campaign=where-to-share"
    )
    context.close()


def test_blog_archives_and_search_pass_axe(browser, live_server, home_page):
    from axe_playwright_python.sync_playwright import Axe
    from django.core.management import call_command

    from blog.models import BlogPostPage

    call_command("load_demo")
    post = BlogPostPage.objects.get(slug="add-analytics-before-you-need-them")
    paths = [
        "/blog/tag/launch/",
        "/blog/author/ada-park/",
        "/search/?q=analytics",
        "/search/?q=%21%21%21",
        f"/blog/share/mastodon/{post.pk}/?instance=not+a+host",
    ]
    options = {
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
        "resultTypes": ["violations"],
    }
    problems = []
    for width, scheme in [(1280, "light"), (320, "dark")]:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        for path in paths:
            page.goto(live_server.url + path)
            for violation in Axe().run(page, options=options).response["violations"]:
                targets = [node["target"] for node in violation["nodes"]][:3]
                problems.append(f"{scheme} {path}: {violation['id']} ({violation['impact']}) {targets}")
            if page.evaluate("document.documentElement.scrollWidth - window.innerWidth") > 0:
                problems.append(f"{path}: scrolls sideways at {width}px")
        context.close()
    assert not problems, "\n".join(problems)
