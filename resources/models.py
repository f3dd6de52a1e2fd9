from django.core.paginator import Paginator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from home.models import BasePage


class ResourceIndexPage(BasePage):
    intro = models.TextField(blank=True, max_length=400)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.ResourcePage"]
    max_count = 1

    resources_per_page = 30
    seo_item_list_source = "resources"  # JSON-LD: a CollectionPage whose ItemList is the directory

    @property
    def resources(self):
        return ResourcePage.objects.child_of(self).listed().order_by("-featured", "title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["resources"] = Paginator(self.resources, self.resources_per_page).get_page(request.GET.get("page"))
        return context


class ResourcePage(BasePage):
    # Not "url": that name is Page.url, the page's own address.
    external_url = models.URLField("URL", max_length=500)
    description = models.TextField(max_length=400, help_text="Why this resource is worth a visit.")
    featured = models.BooleanField(default=False)

    content_panels = BasePage.content_panels + [
        FieldPanel("external_url"),
        FieldPanel("description"),
        FieldPanel("featured"),
    ]

    search_fields = BasePage.search_fields + [index.SearchField("description")]
    seo_description_sources = ["search_description", "description"]

    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "resource"
