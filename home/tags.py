"""Tags, which the blog and the directory share: one admin screen where editors rename, merge and delete them.

Wagtail 7.4 has no tag screen (only Django's admin, for superusers). This is a snippet view set over taggit's `Tag`
with how often each tag is used. Renames and deletes already purge the pages that show the tag (blog/signals.py,
resources/models.py); home knows no feature app, so the through models are found from taggit's own relations.
"""

from django import forms
from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, IntegerField, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django_tasks import task
from taggit.models import Tag, TaggedItemBase
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.models import Page, Revision
from wagtail.search.index import insert_or_update_object
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet


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


def item_field(model):
    """The field of a tagged-item model that points at what carries the tag (a post, a resource)."""
    return next(field for field in model._meta.get_fields() if field.many_to_one and field.name != "tag")


def merge_tags(sources, target):
    """Give everything that carries one of `sources` the `target` tag instead, then delete `sources`.

    Drafts and scheduled versions get the target too: their tags live in the revision, which would otherwise drop a
    deleted tag when it is published. Saving the target at the end is what a rename does: the blog and the
    directory purge the pages that show it, and the directory's search text is rewritten (their Tag signals).
    Returns how many posts, resources and so on carry the target now.
    """
    sources = [tag for tag in sources if tag.pk != target.pk]
    with transaction.atomic():
        for model in tagged_item_models():
            item = item_field(model).name
            rows = model.objects.filter(tag__in=sources)
            # An item with a source and the target keeps one row, the target's.
            rows.filter(**{f"{item}__in": model.objects.filter(tag=target).values(item)}).delete()
            # Two sources on one item: keep one row of them (the lowest id), which becomes the target.
            keep = model.objects.filter(tag__in=sources).values(item).annotate(first=Min("pk")).values("first")
            rows.exclude(pk__in=keep).delete()
            rows.update(tag=target)
        retag_revisions(sources, target)
        slugs = [tag.slug for tag in sources]
        for tag in sources:
            tag.delete()
        target.save()
        # Apps whose addresses name a tag (the blog's tag archives) send the merged ones to the kept one.
        for hook in hooks.get_hooks("after_merge_tags"):
            hook(slugs, target)
    return sum(model.objects.filter(tag=target).count() for model in tagged_item_models())


def retag_revisions(sources, target):
    """The tags of drafts and scheduled versions, in their revisions' content (modelcluster's JSON of the page)."""
    source_ids = {tag.pk for tag in sources}
    relations = [item_field(model).remote_field.get_accessor_name() for model in tagged_item_models()]
    drafts = Page.objects.filter(has_unpublished_changes=True).values("latest_revision_id")
    pending = Revision.page_revisions.filter(Q(pk__in=drafts) | Q(approved_go_live_at__isnull=False))
    for revision in pending.iterator():
        if retag_content(revision.content, relations, source_ids, target.pk):
            revision.save(update_fields=["content"])


def retag_content(content, relations, source_ids, target_id):
    """Point a revision's tagged items at the target (once per item). Whether anything changed."""
    changed = False
    for relation in relations:
        items = content.get(relation)
        if not isinstance(items, list) or not any(item.get("tag") in source_ids for item in items):
            continue
        kept, seen = [], set()
        for item in items:
            tag = target_id if item.get("tag") in source_ids else item.get("tag")
            if tag not in seen:
                seen.add(tag)
                kept.append({**item, "tag": tag})
        content[relation] = kept
        changed = True
    return changed


def tagged_items(tag):
    """What carries `tag`, as [(model label, [primary keys])]: what a task can be given."""
    found = []
    for model in tagged_item_models():
        field = item_field(model)
        ids = list(model.objects.filter(tag=tag).values_list(field.attname, flat=True))
        if ids:
            found.append((field.related_model._meta.label, ids))
    return found


@receiver(post_save, sender=Tag)
@receiver(pre_delete, sender=Tag)
def reindex_on_tag_change(sender, instance, created=False, **kwargs):
    """Wagtail's search index holds the tag names of each post and resource (their search_fields): a tag renamed,
    merged into or deleted rewrites the entries of what carries it, in the worker (a tag may be on hundreds)."""
    if created:
        return
    items = tagged_items(instance)
    if items:
        transaction.on_commit(lambda: reindex.enqueue(items))


@task()
def reindex(items):
    """Rewrite the search index's entries of these objects ([(model label, [primary keys])])."""
    count = 0
    for label, ids in items:
        for obj in apps.get_model(label).objects.filter(pk__in=ids).iterator():
            insert_or_update_object(obj)
            count += 1
    return count


class MergeTagsForm(forms.Form):
    tags = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.none(),
        label="Merge these tags",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the tags to merge."},
    )
    into = forms.ModelChoiceField(
        queryset=Tag.objects.none(),
        label="Into this tag",
        help_text="It keeps its name and address; the others are deleted and what carried them carries this one.",
        error_messages={"required": "Choose the tag to keep."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tags = with_usage(Tag.objects.order_by("name"))
        for name in ("tags", "into"):
            self.fields[name].queryset = tags
            self.fields[name].label_from_instance = lambda tag: f"{tag.name} (used by {tag.usage})"

    def clean(self):
        cleaned = super().clean()
        tags, into = cleaned.get("tags"), cleaned.get("into")
        if tags is not None and into is not None and not [tag for tag in tags if tag.pk != into.pk]:
            raise forms.ValidationError("Choose at least one tag besides the one to keep.")
        return cleaned


def may_merge(permission_policy, user):
    """Merging changes every tag chosen and deletes all but one: it needs both permissions."""
    return all(permission_policy.user_has_permission(user, action) for action in ("change", "delete"))


class TagIndexView(IndexView):
    merge_url_name = None

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if may_merge(self.permission_policy, self.request.user):
            buttons.append(HeaderButton("Merge tags", url=reverse(self.merge_url_name), icon_name="tag"))
        return buttons


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

    index_view_class = TagIndexView

    def get_queryset(self, request):
        return with_usage(Tag.objects.all())

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(merge_url_name=self.get_url_name("merge"), **kwargs)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("merge/", self.merge_view, name="merge")]

    def merge_view(self, request):
        if not may_merge(self.permission_policy, request.user):
            raise PermissionDenied
        form = MergeTagsForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            into = form.cleaned_data["into"]
            merged = [tag.name for tag in form.cleaned_data["tags"] if tag.pk != into.pk]
            count = merge_tags(list(form.cleaned_data["tags"]), into)
            messages.success(request, f"Merged {', '.join(merged)} into “{into.name}”: {count} pages carry it now.")
            return redirect(self.get_url_name("list"))
        context = {"form": form, "header_title": "Merge tags", "list_url": reverse(self.get_url_name("list"))}
        return TemplateResponse(request, "home/admin/merge_tags.html", context, status=400 if form.errors else 200)
