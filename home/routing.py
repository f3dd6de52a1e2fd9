"""Wagtail's page routing, remembered per URL until the page tree changes.

Routing a URL costs Wagtail a site lookup and two queries per path segment (the child by slug, then its specific
page): about half of an uncached page view. The site and the specific page a URL routes to are cached on the
page-cache generation, which every publish, unpublish, move, delete and site change renews (home/signals.py), so a
cached route is never staler than a cached page. The page then routes what is left of the path itself (a
RoutablePageMixin sub-route), and view restrictions, hooks and serve() run exactly as before.
"""

import logging

from django.conf import settings
from django.http import Http404
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from . import fragments, page_cache

logger = logging.getLogger(__name__)


def enabled(request):
    return getattr(settings, "ROUTE_CACHE_SECONDS", 0) > 0 and request.method in ("GET", "HEAD")


def serve(request, path):
    """Wagtail's serve view, with the site and the route taken from the cache when they are there."""
    if enabled(request):
        try:
            route_from_cache(request, path)
        except Exception as error:  # a cache outage must not take pages down
            logger.warning("Route cache unavailable: %s", error)
    return wagtail_views.serve(request, path)


def _key(request, kind, *parts):
    gen = fragments.generation(request)
    return ":".join(["route", gen, kind, request._get_raw_host(), str(request.get_port()), *parts])


def cached_site(request):
    key = _key(request, "site")
    site = page_cache.read(key)
    if site is None:
        site = Site.find_for_request(request)
        if site is not None:
            page_cache.write(key, site, settings.ROUTE_CACHE_SECONDS)
    request._wagtail_site = site
    return site


def route_from_cache(request, path):
    site = cached_site(request)
    if site is None:
        return
    components = [component for component in path.split("/") if component]
    key = _key(request, "page", "/".join(components))
    hit = page_cache.read(key)
    if hit is None:
        result = Page.route_for_request(request, path)
        if result is not None:
            # Stored before serve() touches it: every hit unpickles its own fresh copy.
            page = result[0]
            page_cache.write(key, (page, page.depth - site.root_page.depth), settings.ROUTE_CACHE_SECONDS)
        return
    page, consumed = hit
    try:
        request._wagtail_route_for_request = page.route(request, components[consumed:])
    except Http404:
        request._wagtail_route_for_request = None


def any_view_restrictions():
    """Does any page have a view restriction? Most sites have none, and knowing it saves two queries per page view."""
    from wagtail.models import PageViewRestriction

    if getattr(settings, "ROUTE_CACHE_SECONDS", 0) <= 0:
        return True
    try:
        key = f"route:{page_cache.generation()}:any-view-restrictions"
        found = page_cache.read(key)
    except Exception as error:  # a cache outage must not take pages down
        logger.warning("Route cache unavailable: %s", error)
        return True
    if found is None:
        found = PageViewRestriction.objects.exists()
        try:
            page_cache.write(key, found, settings.ROUTE_CACHE_SECONDS)
        except Exception as error:
            logger.warning("Route cache unavailable: %s", error)
    return found
