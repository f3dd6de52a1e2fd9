from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index
from wagtailseo.models import SeoType, TwitterCard

from home.models import BasePage

from .blocks import PostStreamBlock


class BlogIndexPage(BasePage):
    intro = models.TextField(blank=True, max_length=400)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPostPage"]
    max_count = 1

    posts_per_page = 10
    seo_item_list_source = "posts"  # JSON-LD: a CollectionPage whose ItemList is the newest posts

    @property
    def posts(self):
        return BlogPostPage.objects.child_of(self).listed().order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["posts"] = Paginator(self.posts, self.posts_per_page).get_page(request.GET.get("page"))
        return context


class BlogPostPage(BasePage):
    summary = models.TextField(max_length=300, help_text="One or two sentences for cards, feeds and search engines.")
    date = models.DateTimeField("published date", default=timezone.now)
    body = StreamField(PostStreamBlock(), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("summary"), FieldPanel("date"), FieldPanel("body")]

    search_fields = BasePage.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    seo_content_type = SeoType.ARTICLE
    seo_twitter_card = TwitterCard.LARGE
    seo_description_sources = ["search_description", "summary"]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "blog post"
