"""Every public page type parses as HTML without a single error."""

import html5lib
import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

pytestmark = pytest.mark.django_db

PATHS = {
    "/": 200,
    "/blog/": 200,
    "/blog/add-analytics-before-you-need-them/": 200,
    "/resources/": 200,
    "/resources/?category=analytics": 200,
    "/blog/tag/launch/": 200,
    "/blog/author/ada-park/": 200,
    "/resources/segment/": 200,
    "/about/": 200,
    "/newsletter/subscribe/": 200,
    "/newsletter/thanks/": 200,
    "/missing/": 404,
}


def test_pages_are_well_formed_html(client):
    call_command("load_demo")
    errors = []
    for path, status in PATHS.items():
        response = client.get(path)
        assert response.status_code == status, path
        parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
        parser.parse(response.content.decode())
        errors += [f"{path}: {code} {data}" for _position, code, data in parser.errors]
    assert not errors, "\n".join(errors)


def skipped_heading_levels(html):
    """Headings that come more than one level below the previous one (h1 then h3)."""
    levels = [
        int(tag.name[1]) for tag in BeautifulSoup(html, "html.parser").find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
    ]
    return [(before, after) for before, after in zip([1, *levels], levels, strict=False) if after > before + 1]


def test_listing_pages_skip_no_heading_level(client):
    call_command("load_demo")
    for path in [
        "/",
        "/blog/",
        "/blog/tag/launch/",
        "/blog/author/ada-park/",
        "/resources/",
        "/resources/?category=analytics",
    ]:
        html = client.get(path).content.decode()
        assert skipped_heading_levels(html) == [], path
        assert BeautifulSoup(html, "html.parser").select(".card__title"), path
