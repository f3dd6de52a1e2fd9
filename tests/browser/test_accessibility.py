"""WCAG 2.2 AA with axe-core in a real Chromium, in light and dark mode, from 320 px up."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from home.demo import HOME_BODY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATHS = [
    "/",
    "/blog/",
    "/blog/add-analytics-before-you-need-them/",
    "/resources/",
    "/about/",
    "/newsletter/subscribe/",
    "/no-such-page/",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture
def demo_site(home_page):
    home_page.body = HOME_BODY
    home_page.save_revision().publish()
    call_command("load_demo")
    return home_page


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (320, "dark")], ids=["desktop-light", "phone-dark"])
def test_pages_pass_axe(browser, live_server, demo_site, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    axe = Axe()
    problems = []
    for path in PATHS:
        page.goto(live_server.url + path)
        results = axe.run(page, options=AXE_OPTIONS)
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{path}: {violation['id']} ({violation['impact']}) {targets}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"{path}: scrolls sideways by {overflow}px at {width}px")
    context.close()
    assert not problems, "\n".join(problems)


LISTING_PATHS = ["/blog/", "/blog/?page=2", "/blog/tag/launch/", "/blog/author/ada-park/", "/resources/"]


def test_listings_headings_skip_no_level(browser, live_server, demo_site):
    """Card titles sit one level below the page's headings: axe's heading-order (a best practice, not a WCAG tag)."""
    from blog.models import BlogPostPage
    from tests.factories import add_post

    blog = BlogPostPage.objects.live().first().get_parent()
    for number in range(12):  # a second page of posts
        add_post(blog.specific, title=f"Filler post {number}", tags=["launch"])
    page = browser.new_context().new_page()
    problems = []
    for path in LISTING_PATHS:
        page.goto(live_server.url + path)
        options = {"runOnly": {"type": "rule", "values": ["heading-order", "page-has-heading-one"]}}
        for violation in Axe().run(page, options=options).response["violations"]:
            problems.append(f"{path}: {violation['id']} {[node['target'] for node in violation['nodes']][:3]}")
    page.context.close()
    assert not problems, "\n".join(problems)
