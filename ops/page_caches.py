"""The `pages` cache backends: each process remembers which headers a URL's stored page varies on.

A page-cache hit through wagtail-cache (Django's cache-key scheme) reads the cache twice: first the URL's header
list (the names in the page's `Vary`), then the page stored under a key made from that list. The list is the same
for every page of this site and changes only when a response's `Vary` does, so each process keeps it for
PAGE_CACHE_HEADERS_SECONDS and a hit reads the shared cache once: one Redis round trip, or one file.

It stays fresh because the page itself is always read from the shared cache: a purge deletes the stored page, and
the next request misses and renders, whatever list the process remembered. The list is a tuple of header names,
never a model instance. (redis-py's server-assisted client-side caching would keep the page too, but needs Redis
7.4; Django's file cache has nothing like it.)
"""

import time

from django.conf import settings
from django.core.cache.backends.filebased import FileBasedCache
from django_redis.cache import RedisCache

# Django's prefix for the key holding a URL's header list (django.utils.cache.learn_cache_key).
HEADER_KEY = "views.decorators.cache.cache_header."
MAX_URLS = 2000  # the remembered lists are bounded, whatever URLs visitors make up


class RemembersHeaderLists:
    """Mixed into a cache backend: header-list keys are answered from this process's memory while fresh."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.header_lists = {}

    def get(self, key, default=None, *args, **kwargs):
        if not key.startswith(HEADER_KEY):
            return super().get(key, default, *args, **kwargs)
        remembered = self.header_lists.get(key)
        if remembered and remembered[0] > time.monotonic():
            return remembered[1]
        value = super().get(key, default, *args, **kwargs)
        if value is not default:
            self.remember(key, value)
        return value

    def set(self, key, value, *args, **kwargs):
        if key.startswith(HEADER_KEY):
            self.remember(key, value)
        return super().set(key, value, *args, **kwargs)

    def remember(self, key, value):
        if len(self.header_lists) >= MAX_URLS:
            self.header_lists.clear()
        self.header_lists[key] = (time.monotonic() + settings.PAGE_CACHE_HEADERS_SECONDS, value)

    def delete(self, key, *args, **kwargs):
        self.header_lists.pop(key, None)
        return super().delete(key, *args, **kwargs)

    def delete_many(self, keys, *args, **kwargs):
        for key in keys:
            self.header_lists.pop(key, None)
        return super().delete_many(keys, *args, **kwargs)

    def clear(self):
        self.header_lists.clear()
        return super().clear()


class PagesRedisCache(RemembersHeaderLists, RedisCache):
    """django-redis, for the scale-out configuration (REDIS_URL)."""


class PagesFileCache(RemembersHeaderLists, FileBasedCache):
    """Django's file cache, which every process on the machine shares, for the embedded configuration."""
