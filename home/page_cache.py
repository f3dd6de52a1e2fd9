"""Full-page cache for anonymous visitors of Wagtail pages.

Only GET/HEAD requests without a session cookie are served from the cache, and only pages served by Wagtail with
status 200, HTML, no cookies of their own and no `private`/`no-store` Cache-Control are stored. The stored HTML holds a
placeholder where the page had its CSRF token; each cached response gets the visitor's own token (and the CSRF
cookie, set by CsrfViewMiddleware), so forms keep working without JavaScript.

Invalidation is by generation: publishing, unpublishing, moving or deleting a page, saving site settings, or a
subscriber's confirmed status changing starts a new generation, so every page showing that content (the page, its
index, the home page's latest posts and subscriber count, archives, pagination) is rendered afresh. With Redis the
generation lives in the shared cache; with the per-process memory cache it is the mtime of a stamp file, which every
process (and container sharing the data volume) sees.

With Redis, each process also keeps what it reads in a small memory cache of its own (the "local" cache alias): keys
hold the generation, so a local copy is never staler than the generation. Anonymous visitors' requests re-read the
generation from Redis at most every PAGE_CACHE_GENERATION_CHECK_SECONDS (default 1 s), so a page served from memory
costs no network round trip and a publish reaches every process within that second; requests with a session
(editors) always read it afresh.
"""

import hashlib
import logging
import os
import re
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.dispatch import Signal
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token

logger = logging.getLogger(__name__)

CSRF_PLACEHOLDER = "__launchkit_csrf_token__"
GENERATION_KEY = "pagecache:generation"
TOKEN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
# Headers replayed from a stored response (X-Frame-Options comes from middleware inside this one); HSTS, CSP and the
# other security headers are added by outer middleware on every response.
STORED_HEADERS = ("Content-Type", "Content-Language", "Link", "Vary", "X-Frame-Options")

# Sent for every page served from the cache, so per-view bookkeeping (e.g. server-side analytics) can still count it.
page_served_from_cache = Signal()


def cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def enabled():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def _shared_cache():
    return "locmem" not in cache().__class__.__module__


def _stamp_path():
    return Path(getattr(settings, "PAGE_CACHE_STAMP", settings.VAR_DIR / "page-cache.stamp"))


_known = threading.local()


def generation(fresh=False):
    if _shared_cache():
        interval = getattr(settings, "PAGE_CACHE_GENERATION_CHECK_SECONDS", 0)
        now = time.monotonic()
        if fresh or interval <= 0 or now - getattr(_known, "read_at", -interval) >= interval:
            _known.value, _known.read_at = cache().get(GENERATION_KEY) or "0", now
        return _known.value
    try:
        stat = _stamp_path().stat()
    except OSError:
        return "0"
    # purge() replaces the file, so its inode changes too, even on file systems with coarse timestamps.
    return f"{stat.st_ino}-{stat.st_mtime_ns}"


def purge(reason=""):
    """Start a new generation: every cached page is rendered afresh on its next request."""
    if _shared_cache():
        new = uuid.uuid4().hex
        cache().set(GENERATION_KEY, new, None)
        _known.value, _known.read_at = new, time.monotonic()
    else:
        path = _stamp_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            new = path.with_name(f"{path.name}.{uuid.uuid4().hex}")
            new.write_text(uuid.uuid4().hex)
            os.replace(new, path)
        except OSError as error:
            logger.warning("Could not update the page-cache stamp %s: %s", path, error)
    logger.debug("Page cache purged%s", f" ({reason})" if reason else "")


# A local copy lives this long at most, so PAGE_CACHE_SECONDS and the other TTLs still bound what has no signal.
LOCAL_SECONDS = 60


def local():
    return caches[getattr(settings, "PAGE_CACHE_LOCAL_ALIAS", "local")]


def read(key):
    """A generation-keyed entry: from this process's memory when it has it, else from the shared cache."""
    if not _shared_cache():
        return cache().get(key)
    value = local().get(key)
    if value is None:
        value = cache().get(key)
        if value is not None:
            local().set(key, value, LOCAL_SECONDS)
    return value


def write(key, value, seconds):
    cache().set(key, value, seconds)
    if _shared_cache():
        local().set(key, value, min(seconds, LOCAL_SECONDS))


def remember(name, compute, seconds=600):
    """compute()'s value, cached until the next generation: for data every view reads and only editors change."""
    try:
        key = f"pagecache:{generation()}:data:{name}"
        value = read(key)
    except Exception as error:  # a cache outage must not take pages down
        logger.warning("Page cache unavailable: %s", error)
        return compute()
    if value is None:
        value = compute()
        try:
            write(key, value, seconds)
        except Exception as error:
            logger.warning("Page cache unavailable: %s", error)
    return value


def cache_key(request, gen):
    raw = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"pagecache:{gen}:{hashlib.sha256(raw.encode()).hexdigest()}"


def excluded_path(path):
    return any(path.startswith(prefix) for prefix in getattr(settings, "PAGE_CACHE_EXCLUDE", ()))


def is_candidate(request):
    """Could this request be answered from the cache? Never for possible users: a session cookie means maybe."""
    return (
        enabled()
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        # A flash message waiting in its cookie must be shown by a real render.
        and CookieStorage.cookie_name not in request.COOKIES
        and "Authorization" not in request.headers
        and not excluded_path(request.path)
    )


def is_storable(request, response):
    if not getattr(request, "_page_cache_page", False) or request.method != "GET":
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)


def with_placeholder(request, content):
    """Replace every occurrence of this request's CSRF token with the placeholder."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content, False
    found = False

    def swap(match):
        nonlocal found
        if _unmask_cipher_token(match.group(0)) == secret:
            found = True
            return CSRF_PLACEHOLDER
        return match.group(0)

    return TOKEN_RE.sub(swap, content), found


class PageCacheMiddleware:
    """Serves stored pages to anonymous visitors. Goes right after CsrfViewMiddleware in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_candidate(request):
            return self.get_response(request)
        try:
            gen = generation()
            key = cache_key(request, gen)
        except DisallowedHost:
            return self.get_response(request)
        try:
            stored = read(key)
        except Exception as error:  # a cache outage must not take pages down
            logger.warning("Page cache unavailable: %s", error)
            return self.get_response(request)
        if stored is not None:
            return self.replay(request, stored)

        response = self.get_response(request)
        if is_storable(request, response):
            content = response.content.decode(response.charset or "utf-8")
            content, has_token = with_placeholder(request, content)
            stored = {
                "content": content,
                "csrf": has_token,
                "headers": {h: response[h] for h in STORED_HEADERS if h in response},
            }
            try:
                write(key, stored, settings.PAGE_CACHE_SECONDS)
                response["X-Page-Cache"] = "miss"
            except Exception as error:
                logger.warning("Page cache unavailable: %s", error)
        return response

    def replay(self, request, stored):
        content = stored["content"]
        if stored["csrf"]:
            # get_token marks the CSRF cookie for (re)sending; CsrfViewMiddleware sets it on the way out.
            content = content.replace(CSRF_PLACEHOLDER, get_token(request))
        response = HttpResponse(content)
        for header, value in stored["headers"].items():
            response[header] = value
        response["X-Page-Cache"] = "hit"
        page_served_from_cache.send(sender=self.__class__, request=request, response=response)
        return response
