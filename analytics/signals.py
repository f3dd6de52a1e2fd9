from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .bounds import answers
from .csp import forget_sources
from .models import AnalyticsSettings
from .templatetags.analytics_tags import SETTINGS_CACHE_KEY


@receiver([post_save, post_delete], sender=AnalyticsSettings)
def forget_cached_settings(sender, instance, **kwargs):
    cache.delete(SETTINGS_CACHE_KEY.format(instance.site_id))
    forget_sources()


@receiver([page_published, page_unpublished, page_slug_changed, post_page_move])
def forget_known_paths(sender, **kwargs):
    """A page that went live, away or elsewhere: this process checks beacons' paths afresh (others within a minute)."""
    answers.clear()
