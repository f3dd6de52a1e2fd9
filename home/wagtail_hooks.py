from wagtail import hooks

from . import page_cache


@hooks.register("before_serve_page")
def mark_page_cacheable(page, request, serve_args, serve_kwargs):
    """Only pages Wagtail serves, to anonymous visitors, without view restrictions go into the page cache."""
    if page_cache.is_candidate(request) and not page.get_view_restrictions().exists():
        request._page_cache_page = True
