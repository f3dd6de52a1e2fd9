"""Previews: framed by the admin, styled under the public policy, never stored by the page cache."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from tests.deploy.test_security import directives
from tests.home.test_seo import preview_data

pytestmark = pytest.mark.django_db


def every_page(tree):
    return [tree.home, tree.blog, tree.posts[0], tree.directory, tree.resources[0], tree.about]


def page_types_in_tree(tree):
    return {type(page) for page in every_page(tree)}


def test_the_tree_has_a_page_of_every_type(tree):
    from django.apps import apps

    from home.models import BasePage

    concrete = {
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model is not Page and not model._meta.abstract
    }
    assert all(issubclass(model, BasePage) for model in concrete)
    assert page_types_in_tree(tree) == concrete


def assert_framed_by_the_admin_only(response, page):
    assert response.status_code == 200, page
    csp = directives(response["Content-Security-Policy"])
    assert csp["frame-ancestors"] == ["'self'"], page
    assert response["X-Frame-Options"] == "SAMEORIGIN", page
    # The rest is the public policy: the preview shows what visitors will see, under the same rules.
    assert csp["style-src"] == ["'self'"] and csp["script-src"] == ["'self'"], page
    assert "private" in response["Cache-Control"]


def test_every_page_type_previews_in_a_frame_of_the_admin(client, tree, admin_user):
    client.force_login(admin_user)
    for page in every_page(tree):
        # "View draft" renders through the same preview machinery as the panel (Page.make_preview_request).
        response = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
        assert_framed_by_the_admin_only(response, page)


@pytest.mark.parametrize("mode", ["", "wagtail-seo"])
def test_the_preview_panel_in_each_mode_may_be_framed_by_the_admin(client, tree, admin_user, mode):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[tree.about.pk])
    assert client.post(url, preview_data(tree.about, title="About us")).json()["is_valid"] is True
    response = client.get(url, {"mode": mode, "in_preview_panel": "true"})
    assert_framed_by_the_admin_only(response, tree.about)
    assert "About us" in response.content.decode()


def test_public_pages_still_refuse_every_frame(client, tree):
    for page in every_page(tree):
        response = client.get(page.url)
        assert directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'none'"], page
        assert response["X-Frame-Options"] == "DENY"


def test_seo_preview_is_styled_from_a_stylesheet_with_a_same_origin_image(client, tree, admin_user, settings):
    settings.BASE_URL = "https://www.example.com"
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[tree.about.pk])
    client.post(url, preview_data(tree.about))
    html = BeautifulSoup(client.get(url, {"mode": "wagtail-seo"}).content, "html.parser")
    assert not html.find("style") and not html.select("[style]")
    stylesheet = html.find("link", rel="stylesheet")["href"]
    assert stylesheet.endswith(".css")
    assert Client().get(stylesheet).status_code == 200
    image = html.select_one(".seo-social-img img")
    # The card is on BASE_URL, which need not be where the editor is: the preview asks its own host for it.
    assert image["src"].startswith("/media/social-cards/")
    assert image["alt"]


def test_a_preview_is_never_stored_by_the_page_cache(client, tree, admin_user):
    post = tree.posts[0]
    post.title = "Draft title nobody may see"
    post.save_revision()
    # An anonymous dummy request, as Wagtail makes for previews without an editor's request (no session to check).
    preview = post.make_preview_request()
    assert "Draft title nobody may see" in preview.content.decode()
    client.force_login(admin_user)
    client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[post.pk]), {"in_preview_panel": "true"})
    visitor = Client()
    first = visitor.get(post.url)
    assert "Draft title nobody may see" not in first.content.decode()
    assert first["X-Wagtail-Cache"] == "miss"
    second = visitor.get(post.url)
    assert second["X-Wagtail-Cache"] == "hit"
    assert "Draft title nobody may see" not in second.content.decode()
