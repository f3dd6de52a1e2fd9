from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"

    def ready(self):
        from django.db.models.signals import post_delete, post_init, post_save

        from .models import LinkHealth, link_health_deleted, link_health_saved, remember_dead

        post_init.connect(remember_dead, sender=LinkHealth, dispatch_uid="resources-health-init")
        post_save.connect(link_health_saved, sender=LinkHealth, dispatch_uid="resources-health-saved")
        post_delete.connect(link_health_deleted, sender=LinkHealth, dispatch_uid="resources-health-deleted")
