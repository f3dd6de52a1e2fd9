"""Purge the page cache (and a CDN, when configured) whenever what anonymous visitors see changes."""

from django.conf import settings
from django.db.models.signals import post_delete, post_init, post_migrate, post_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import page_cache


def purge_listings_from_frontend_cache(page):
    """Wagtail's frontend_cache purges the page itself; the listings that show it (its parent, the site's home)
    are purged here."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        batch.add_page(parent.specific)
    site = page.get_site()
    if site is not None and site.root_page_id != getattr(parent, "pk", None):
        batch.add_page(site.root_page.specific)
    batch.purge()


def page_changed(sender, instance, **kwargs):
    page_cache.purge(f"page {instance.pk} {kwargs.get('signal_name', '')}".strip())
    purge_listings_from_frontend_cache(instance)


def page_moved(sender, instance, **kwargs):
    page_cache.purge(f"page {instance.pk} moved")


def page_deleted(sender, instance, **kwargs):
    if getattr(instance, "live", False):
        page_cache.purge(f"page {instance.pk} deleted")


def setting_saved(sender, instance, created=False, **kwargs):
    # A settings row created on first read holds the defaults the page already showed.
    if not created and isinstance(instance, BaseSiteSetting | BaseGenericSetting):
        page_cache.purge(f"{sender.__name__} changed")


# The landing page can show the live number of confirmed subscribers: purge when a subscriber enters or leaves that
# state. Confirmations are rare, human-paced events, so this costs little; PAGE_CACHE_SECONDS bounds anything that
# bypasses signals (bulk updates).
def remember_subscriber_status(sender, instance, **kwargs):
    # __dict__, not the attribute: a deferred status must not cost a query per loaded row.
    instance._page_cache_confirmed = instance.__dict__.get("status") == "confirmed"


def subscriber_saved(sender, instance, created=False, **kwargs):
    confirmed = instance.status == "confirmed"
    if confirmed != (False if created else getattr(instance, "_page_cache_confirmed", False)):
        page_cache.purge("subscriber count changed")
    instance._page_cache_confirmed = confirmed


def subscriber_deleted(sender, instance, **kwargs):
    if instance.status == "confirmed":
        page_cache.purge("subscriber count changed")


def site_changed(sender, instance, **kwargs):
    # Cached routes (home/routing.py) remember which site a hostname belongs to and where its root page is.
    page_cache.purge(f"site {instance.pk} changed")


def restriction_changed(sender, instance, **kwargs):
    # Whether any page is private is cached (home/routing.py); cached pages never hold private ones.
    page_cache.purge(f"view restriction on page {instance.page_id} changed")


def release(sender, **kwargs):
    # The release step runs migrate: pages rendered by the previous release's templates must go.
    if sender.label == "home":
        page_cache.purge("release")


def connect():
    from wagtail.models import Page, PageViewRestriction, Site

    from newsletter.models import Subscriber

    post_migrate.connect(release, dispatch_uid="pagecache-release")
    page_published.connect(page_changed, dispatch_uid="pagecache-published")
    page_unpublished.connect(page_changed, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(page_moved, dispatch_uid="pagecache-moved")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="pagecache-deleted")
    post_save.connect(setting_saved, dispatch_uid="pagecache-settings")
    post_save.connect(site_changed, sender=Site, dispatch_uid="pagecache-site-saved")
    post_delete.connect(site_changed, sender=Site, dispatch_uid="pagecache-site-deleted")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="pagecache-restriction-saved")
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="pagecache-restriction-deleted")
    post_init.connect(remember_subscriber_status, sender=Subscriber, dispatch_uid="pagecache-subscriber-init")
    post_save.connect(subscriber_saved, sender=Subscriber, dispatch_uid="pagecache-subscriber-saved")
    post_delete.connect(subscriber_deleted, sender=Subscriber, dispatch_uid="pagecache-subscriber-deleted")
