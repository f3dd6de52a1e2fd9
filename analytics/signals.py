from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .csp import forget_sources
from .models import AnalyticsSettings
from .templatetags.analytics_tags import SETTINGS_CACHE_KEY


@receiver([post_save, post_delete], sender=AnalyticsSettings)
def forget_cached_settings(sender, instance, **kwargs):
    cache.delete(SETTINGS_CACHE_KEY.format(instance.site_id))
    forget_sources()
