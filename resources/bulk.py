"""Create many published resources at once, computing treebeard paths instead of calling add_child per page.

For benchmarks and tests of scale only: no revisions, no search indexing, no signals (the directory's cached
pages are purged by hand).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page

from ops.cache import purge_pages

from .models import ResourcePage, ResourcePageTag, search_text_for


def child_path(parent, position):
    """The treebeard path of `parent`'s child number `position` (1-based), as add_child would give it."""
    return parent.path + Page.numconv_obj().int2str(position).rjust(Page.steplen, "0")


def new_resource(index_page, item, tag_names, position, now, content_type):
    resource = ResourcePage(**item)
    resource.search_text = search_text_for(resource.title, resource.description, tag_names)
    resource.path = child_path(index_page, position)
    resource.depth = index_page.depth + 1
    resource.numchild = 0
    resource.url_path = f"{index_page.url_path}{resource.slug}/"
    resource.content_type = content_type
    resource.locale_id = index_page.locale_id
    resource.live = True
    resource.has_unpublished_changes = False
    resource.draft_title = resource.title
    resource.first_published_at = resource.first_published_at or now
    resource.last_published_at = resource.first_published_at
    return resource


def insert_rows(batch):
    """Page rows in bulk, then each resource's own row with the Page row's id."""
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    child_fields = list(ResourcePage._meta.local_concrete_fields)
    table = connection.ops.quote_name(ResourcePage._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in child_fields)
    # Only quoted model metadata goes into the SQL; every value is a parameter.
    insert = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(child_fields))})"  # noqa: S608
    pages = Page.objects.bulk_create([Page(**{f.attname: getattr(r, f.attname) for f in page_fields}) for r in batch])
    for resource, page in zip(batch, pages, strict=True):
        resource.id = resource.page_ptr_id = page.pk
    with connection.cursor() as cursor:
        cursor.executemany(
            insert, [[f.get_db_prep_save(getattr(r, f.attname), connection) for f in child_fields] for r in batch]
        )


@transaction.atomic
def bulk_create_resources(index_page, items, tags=None, batch_size=500):
    """Add published ResourcePages under `index_page`. items: dicts of ResourcePage fields (title, slug, ...).

    tags: an optional list (one per item) of lists of taggit Tag objects. Returns the number created.
    """
    index_page = Page.objects.get(pk=index_page.pk)
    content_type = ContentType.objects.get_for_model(ResourcePage)
    now = timezone.now()
    items = list(items)
    tags = tags or [[] for _ in items]
    position = index_page.numchild
    for start in range(0, len(items), batch_size):
        batch = []
        for offset, item in enumerate(items[start : start + batch_size], start=start):
            position += 1
            names = [tag.name for tag in tags[offset]]
            batch.append(new_resource(index_page, item, names, position, now, content_type))
        insert_rows(batch)
        ResourcePageTag.objects.bulk_create(
            [
                ResourcePageTag(content_object_id=resource.pk, tag=tag)
                for resource, resource_tags in zip(batch, tags[start : start + batch_size], strict=True)
                for tag in resource_tags
            ]
        )
    Page.objects.filter(pk=index_page.pk).update(numchild=position)
    purge_pages([index_page], with_subtree=True)
    return len(items)
