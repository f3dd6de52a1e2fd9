from wagtail import hooks

from . import cache


@hooks.register("before_serve_page")
def note_public_page(page, request, serve_args, serve_kwargs):
    """Pages without a view restriction are public: ops.cache.PublicPagesMiddleware says so on the response."""
    # Pages of ours keep what they read, and Wagtail's check_view_restrictions (on_serve_page, next) reuses it.
    note = getattr(page, "note_view_restrictions", None)
    request.public_page = not (note() if note else page.get_view_restrictions().exists())


@hooks.register("is_request_cacheable")
def cache_known_query_strings_only(request, is_cacheable):
    """wagtail-cache has decided the visitor may share the page; we add which query strings and messages may."""
    return is_cacheable and cache.is_cacheable_request(request)


@hooks.register("is_response_cacheable")
def cache_public_pages_only(response, is_cacheable):
    """Only what says it is public (pages, feeds, sitemaps) and worked: never personal pages, errors or redirects."""
    return is_cacheable and response.status_code == 200 and "public" in response.get("Cache-Control", "")
