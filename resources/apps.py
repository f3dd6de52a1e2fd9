from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published, page_unpublished

        from .models import ResourcePage, forget_tags_in_use

        for signal in (page_published, page_unpublished, post_delete):
            signal.connect(forget_tags_in_use, sender=ResourcePage, dispatch_uid=f"resources-tags-{id(signal)}")
