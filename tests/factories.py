import factory
import wagtail_factories
from django.utils import timezone

from blog.models import BlogIndexPage, BlogPostPage
from home.models import HomePage, StandardPage
from newsletter.models import Subscriber
from resources.models import ResourceIndexPage, ResourcePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    intro = "A plain page."

    class Meta:
        model = StandardPage


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Blog"
    slug = "blog"

    class Meta:
        model = BlogIndexPage


class BlogPostPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Post number {n}")
    summary = factory.LazyAttribute(lambda post: f"What {post.title} is about.")
    date = factory.LazyFunction(timezone.now)

    class Meta:
        model = BlogPostPage


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Resources"
    slug = "resources"

    class Meta:
        model = ResourceIndexPage


class ResourcePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Resource {n}")
    external_url = factory.Sequence(lambda n: f"https://example.com/tool-{n}/")
    description = "A useful tool."

    class Meta:
        model = ResourcePage


class SubscriberFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"reader{n}@example.com")

    class Meta:
        model = Subscriber


class ResourceCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = "resources.ResourceCategory"
