"""Small HTTP helpers shared by every app."""

from django.utils.cache import patch_cache_control


def public_cache(response, max_age=60 * 60):
    """Cache-Control for feeds, sitemaps and robots.txt: shared caches may keep them for `max_age` seconds."""
    patch_cache_control(response, public=True, max_age=max_age)
    return response
