"""Fixtures for the SEO tests: a small published site with one page of every type."""

from types import SimpleNamespace

import pytest
from wagtail.models import Site
from wagtailseo.models import SeoSettings

from tests.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
)


def publish(page):
    """Publish through a revision, as an editor would, so last_published_at and signals are real."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page.specific


@pytest.fixture
def tree(home_page):
    seo = SeoSettings.for_site(Site.objects.get())
    seo.struct_org_type = "Organization"
    seo.struct_org_name = "Launchkit Ltd"
    seo.twitter_site = "launchkit"
    seo.save()
    home = publish(home_page)
    blog = publish(BlogIndexPageFactory(parent=home))
    posts = [publish(BlogPostPageFactory(parent=blog)) for _ in range(2)]
    directory = publish(ResourceIndexPageFactory(parent=home))
    resources = [publish(ResourcePageFactory(parent=directory)) for _ in range(2)]
    about = publish(StandardPageFactory(parent=home, title="About", slug="about", intro="Who we are and why."))
    return SimpleNamespace(
        home=home, blog=blog, posts=posts, directory=directory, resources=resources, about=about, seo=seo
    )
