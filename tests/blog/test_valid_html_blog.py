"""The blog's extra pages parse as HTML without errors, like the page types in tests/home/test_valid_html.py."""

import html5lib
import pytest
from django.core.management import call_command

from blog.models import BlogPostPage

pytestmark = pytest.mark.django_db


def test_blog_pages_are_well_formed_html(client):
    call_command("load_demo")
    post = BlogPostPage.objects.get(slug="add-analytics-before-you-need-them")
    paths = {
        "/blog/tag/launch/": 200,
        "/blog/author/ada-park/": 200,
        "/blog/?page=abc": 200,
        "/search/": 200,
        "/search/?q=analytics": 200,
        "/search/?q=%21%21%21": 200,
        f"/blog/share/mastodon/{post.pk}/": 200,
        f"/blog/share/mastodon/{post.pk}/?instance=not+a+host": 400,
    }
    errors = []
    for path, status in paths.items():
        response = client.get(path)
        assert response.status_code == status, path
        parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
        parser.parse(response.content.decode())
        errors += [f"{path}: {code} {data}" for _position, code, data in parser.errors]
    assert not errors, "\n".join(errors)
