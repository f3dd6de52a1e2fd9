"""Every public page type parses as HTML without a single error."""

import html5lib
import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

PATHS = {
    "/": 200,
    "/blog/": 200,
    "/blog/add-analytics-before-you-need-them/": 200,
    "/resources/": 200,
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
