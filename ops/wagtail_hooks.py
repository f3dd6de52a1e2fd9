from wagtail import hooks

from . import cache


@hooks.register("is_request_cacheable")
def cache_known_query_strings_only(request, is_cacheable):
    """wagtail-cache has decided the visitor may share the page; we add which query strings and messages may."""
    return is_cacheable and cache.is_cacheable_request(request)
