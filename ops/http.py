"""Small HTTP helpers shared by every app."""

from functools import wraps

from django.utils.cache import add_never_cache_headers, patch_cache_control
from wagtailcache.cache import nocache_page


def public_cache(response, max_age=60 * 60):
    """Cache-Control for feeds, sitemaps and robots.txt: shared caches may keep them for `max_age` seconds."""
    patch_cache_control(response, public=True, max_age=max_age)
    return response


def personal_data(view):
    """For pages that show or change one person's data (newsletter preferences, export, confirm, unsubscribe, delete):
    `Cache-Control: private, no-store` (with no-cache, must-revalidate, max-age=0) so no browser, proxy or CDN keeps
    them, and wagtail-cache is told to skip them, whatever else a response says."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.has_header("Cache-Control"):
            del response["Cache-Control"]  # a `public` from anywhere inside must not survive
        add_never_cache_headers(response)
        return response

    return nocache_page(wrapped)
