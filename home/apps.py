from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site"

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .sitemaps import invalidate_sitemaps

        # Any change to which pages are public, or where they live, makes the cached sitemaps stale.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(invalidate_sitemaps, dispatch_uid=f"seo-sitemap-{signal!r}")
        post_delete.connect(invalidate_sitemaps, sender=Page, dispatch_uid="seo-sitemap-delete")
