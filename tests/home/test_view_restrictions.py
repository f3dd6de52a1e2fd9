"""BasePage answers Wagtail's view-restriction questions in fewer queries, with Wagtail's answers."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from home.models import StandardPage
from tests.factories import StandardPageFactory
from tests.home.conftest import publish

pytestmark = pytest.mark.django_db


def wagtail_restrictions(page):
    return set(Page.get_view_restrictions(page).values_list("pk", flat=True))


def ours(page):
    return set(page.get_view_restrictions().values_list("pk", flat=True))


@pytest.fixture
def section(tree):
    private = publish(StandardPageFactory(parent=tree.home, title="Members", slug="members"))
    inside = publish(StandardPageFactory(parent=private, title="Inside", slug="inside"))
    restriction = PageViewRestriction.objects.create(page=private, restriction_type="password", password="pw")
    return private, inside, restriction


def test_restrictions_match_wagtail(tree, section):
    _, inside, restriction = section
    for page in StandardPage.objects.all():
        assert ours(page) == wagtail_restrictions(page), page
    assert ours(inside) == {restriction.pk}
    assert ours(tree.about) == set()


def test_aliases_take_their_source_restrictions(tree, section):
    private, _, restriction = section
    alias = private.create_alias(parent=tree.home, update_slug="members-alias")
    alias_of_alias = alias.create_alias(parent=tree.home, update_slug="members-alias-2")
    for page in (alias, alias_of_alias):
        page = StandardPage.objects.get(pk=page.pk)
        assert ours(page) == wagtail_restrictions(page) == {restriction.pk}


def test_public_matches_wagtail(tree, section):
    private, inside, _ = section
    ids = set(StandardPage.objects.public().values_list("pk", flat=True))
    assert ids == set(PageQuerySet.public(StandardPage.objects.all()).values_list("pk", flat=True))
    assert private.pk not in ids and inside.pk not in ids and tree.about.pk in ids


def test_restricted_page_asks_for_the_password_and_is_not_stored(client, section):
    _, inside, _ = section
    for _ in range(2):
        response = client.get(inside.url)
        assert response.status_code == 200
        assert BeautifulSoup(response.content, "html.parser").find("input", attrs={"name": "password"})
        assert "private" in response["Cache-Control"]
