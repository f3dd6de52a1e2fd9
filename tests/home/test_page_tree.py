import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from blog.models import BlogIndexPage, BlogPostPage
from home.models import HomePage, StandardPage
from resources.models import ResourceIndexPage, ResourcePage


class TestPageTree(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {BlogIndexPage, ResourceIndexPage, StandardPage})

    def test_indexes_live_under_home(self):
        self.assertAllowedParentPageTypes(BlogIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(ResourceIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(BlogIndexPage, {BlogPostPage})
        self.assertAllowedSubpageTypes(ResourceIndexPage, {ResourcePage})

    def test_leaf_pages_take_no_children(self):
        self.assertAllowedSubpageTypes(BlogPostPage, set())
        self.assertAllowedSubpageTypes(ResourcePage, set())
        self.assertAllowedParentPageTypes(BlogPostPage, {BlogIndexPage})
        self.assertAllowedParentPageTypes(ResourcePage, {ResourceIndexPage})

    def test_standard_pages_nest(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanNotCreateAt(BlogIndexPage, StandardPage)


@pytest.mark.parametrize("model", [HomePage, BlogIndexPage, ResourceIndexPage])
def test_single_pages_are_limited_to_one(model):
    assert model.max_count == 1
