"""Tags, which the blog and the directory share: one admin screen where editors rename and delete them.

Wagtail 7.4 has no tag screen (only Django's admin, for superusers). This is a snippet view set over taggit's `Tag`
with how often each tag is used. Renames and deletes already purge the pages that show the tag (blog/signals.py,
resources/models.py); home knows no feature app, so the through models are found from taggit's own relations.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet


def tagged_item_models():
    """Every model that tags something with taggit's `Tag` (posts, resources, …), via Django's public _meta API."""
    return [
        relation.related_model
        for relation in Tag._meta.related_objects
        if issubclass(relation.related_model, TaggedItemBase)
    ]


def with_usage(tags):
    """Each tag with `usage`: how many things carry it, one subquery per tagged model (no join multiplying rows)."""
    usage = Value(0)
    for model in tagged_item_models():
        count = model.objects.filter(tag=OuterRef("pk")).order_by().values("tag").annotate(n=Count("pk")).values("n")
        usage = usage + Coalesce(Subquery(count, output_field=IntegerField()), 0)
    return tags.annotate(usage=usage)


class TagViewSet(SnippetViewSet):
    model = Tag
    icon = "tag"
    menu_label = "Tags"
    menu_order = 260
    add_to_admin_menu = True
    copy_view_enabled = False  # a copy would need a new name and slug anyway: "Add tag" is the same thing
    list_display = ["name", "slug", Column("usage", label="Used by", sort_key="usage")]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    panels = [
        FieldPanel("name", help_text="Renaming a tag renames it on every post and resource that carries it."),
        FieldPanel("slug", help_text="The tag's address: /blog/tag/<slug>/ and the directory's tag filter."),
    ]

    def get_queryset(self, request):
        return with_usage(Tag.objects.all())
