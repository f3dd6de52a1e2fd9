from ops.cache import pages_cache


def forget_stored_pages():
    """Empty the page cache, as a publish does for the pages it changes, before measuring a first render.

    pages_cache().clear() on Redis is FLUSHDB: it would also empty the default cache in the same database (Wagtail's
    site root paths, analytics settings, the subscriber count), which no publish does. delete_pattern keeps to the
    page cache's own key prefix.
    """
    cache = pages_cache()
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()
