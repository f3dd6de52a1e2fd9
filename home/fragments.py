"""Rendered template fragments, cached for every visitor until what they show changes.

The full-page cache (home/page_cache.py) serves anonymous GETs of a whole URL. Fragments speed up the rest: editors
and visitors with a session, and query strings the page cache has not stored. Like Ghost, which stores a
post's rendered HTML, a page's body is rendered once per publish rather than once per request; the site header and
footer, meta tags, JSON-LD, blog listings and the directory's results are cached the same way.

A fragment lives until the page-cache generation changes (publish, unpublish, move, delete, settings saved, the
subscriber count changed) or FRAGMENT_CACHE_SECONDS pass, so it is never staler than a cached page. Previews and
non-GET requests render afresh. A CSRF token inside a fragment is stored as a placeholder and replaced by the
visitor's own token, as the page cache does.
"""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.middleware.csrf import get_token

from . import page_cache

logger = logging.getLogger(__name__)


def seconds():
    return getattr(settings, "FRAGMENT_CACHE_SECONDS", 0)


def applies(request):
    return (
        seconds() > 0
        and request is not None
        and request.method in ("GET", "HEAD")
        and not getattr(request, "is_preview", False)
    )


def generation(request):
    """The page-cache generation, read once per request."""
    if not hasattr(request, "_fragment_generation"):
        # Editors see their publish at once, whichever process serves them.
        request._fragment_generation = page_cache.generation(fresh=settings.SESSION_COOKIE_NAME in request.COOKIES)
    return request._fragment_generation


def key(request, name, varies):
    raw = "\x1f".join([request.get_host(), name, *(str(value) for value in varies)])
    return f"fragment:{generation(request)}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached(request, name, varies, render):
    """The HTML `render()` returns, from the cache when this fragment was rendered in this generation."""
    if not applies(request):
        return render()
    try:
        cache_key = key(request, name, varies)
        stored = page_cache.read(cache_key)
    except DisallowedHost:
        return render()
    except Exception as error:  # a cache outage must not take pages down
        logger.warning("Fragment cache unavailable: %s", error)
        return render()
    if stored is not None:
        html, has_token = stored
        return html.replace(page_cache.CSRF_PLACEHOLDER, get_token(request)) if has_token else html

    html = render()
    content, has_token = page_cache.with_placeholder(request, str(html))
    try:
        page_cache.write(cache_key, (content, has_token), seconds())
    except Exception as error:
        logger.warning("Fragment cache unavailable: %s", error)
    return html
