from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"

    def ready(self):
        from django.db.models.signals import post_delete, post_init, post_save, pre_delete
        from taggit.models import Tag

        from ops.cache import pages_purged

        from .directory import directory_purged
        from .models import (
            LinkHealth,
            ResourceCategory,
            category_changed,
            link_health_deleted,
            link_health_saved,
            remember_dead,
            remember_tagged_before_delete,
            tag_deleted,
            tag_renamed,
        )

        post_save.connect(category_changed, sender=ResourceCategory, dispatch_uid="resources-category-saved")
        post_delete.connect(category_changed, sender=ResourceCategory, dispatch_uid="resources-category-deleted")
        post_init.connect(remember_dead, sender=LinkHealth, dispatch_uid="resources-health-init")
        post_save.connect(link_health_saved, sender=LinkHealth, dispatch_uid="resources-health-saved")
        post_delete.connect(link_health_deleted, sender=LinkHealth, dispatch_uid="resources-health-deleted")
        # Tag names are part of each resource's search text.
        post_save.connect(tag_renamed, sender=Tag, dispatch_uid="resources-tag-renamed")
        pre_delete.connect(remember_tagged_before_delete, sender=Tag, dispatch_uid="resources-tag-deleting")
        post_delete.connect(tag_deleted, sender=Tag, dispatch_uid="resources-tag-deleted")
        # The directory's summary goes stale with its stored page.
        pages_purged.connect(directory_purged, dispatch_uid="resources-directory-purged")
