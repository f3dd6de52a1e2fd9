"""Full-page caching: which requests wagtail-cache may store, the headers a CDN gets, and precise purging.

wagtail-cache's middleware stores whole responses for anonymous visitors, ignores tracking parameters
(WAGTAIL_CACHE_IGNORE_QS) and skips `private`/`no-cache` responses. This module and ops/wagtail_hooks.py add what is
particular to this site, see docs/performance.md:

- only responses that say `public` are stored: pages and their routes (PublicPagesMiddleware), sitemaps;
- only query strings that change a page (PAGE_CACHE_QUERY_PARAMS) are cached, at most PAGE_CACHE_MAX_VARIANTS per
  path, so random strings cannot flush the cache;
- public pages tell a CDN to keep them (`s-maxage`, `stale-while-revalidate`) and browsers to ask again;
- an edit purges the pages that show what changed, from wagtail-cache and from the CDN
  (wagtail.contrib.frontend_cache), found through the page tree and Wagtail's reference index.
"""

import hashlib
import logging
import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.dispatch import Signal
from django.utils.cache import patch_cache_control
from wagtail.models import Page, ReferenceIndex
from wagtailcache.cache import clear_cache

logger = logging.getLogger(__name__)

# Each path remembers which query strings it has cached (as short digests), up to PAGE_CACHE_MAX_VARIANTS.
VARIANTS_KEY = "pagecache:variants:{}"
SITEMAPS = r"^[a-z]+://[^/]+/sitemap"
# How many reference hops to follow from an edited object to the pages that show it (image → author → post).
REFERENCE_DEPTH = 3

# Sent after every purge: `exact` pages, `subtree` pages (with all below them), or `everything`. What a feature keeps
# beside its pages (the directory's summary) goes stale exactly when they do, so it listens here rather than to each
# kind of edit again.
pages_purged = Signal()


def pages_cache():
    return caches[settings.WAGTAIL_CACHE_BACKEND]


# --- What may be stored ------------------------------------------------------------------------------------------


def is_tracking_parameter(name):
    return any(re.match(pattern, name) for pattern in settings.WAGTAIL_CACHE_IGNORE_QS)


def page_parameters(request):
    """The query parameters that change what the page shows (tracking parameters left out)."""
    return sorted((name, value) for name, value in request.GET.items() if not is_tracking_parameter(name))


def is_cacheable_request(request):
    """Called through wagtail-cache's is_request_cacheable hook for requests it would otherwise cache."""
    if getattr(request, "is_dummy", False):
        # Wagtail's previews run a made-up request for the page's public URL through the middleware: a draft
        # stored under that URL would be served to visitors. (wagtail-cache checks is_preview, set too late.)
        return False
    if CookieStorage.cookie_name in request.COOKIES:
        return False  # a flash message waiting to be shown belongs to this visitor alone
    params = page_parameters(request)
    if not params:
        return True
    if any(name not in settings.PAGE_CACHE_QUERY_PARAMS for name, _ in params):
        return False
    return claim_variant(request.path, params)


def claim_variant(path, params):
    """True while this path has cached fewer than PAGE_CACHE_MAX_VARIANTS query strings, or already has this one."""
    digest = hashlib.sha256(repr(params).encode()).hexdigest()[:16]
    key = VARIANTS_KEY.format(hashlib.sha256(path.encode()).hexdigest()[:32])
    cache = pages_cache()
    known = cache.get(key) or []
    if digest in known:
        return True
    if len(known) >= settings.PAGE_CACHE_MAX_VARIANTS:
        return False
    cache.set(key, [*known, digest], settings.PAGE_CACHE_SECONDS)
    return True


# --- What browsers and CDNs are told -----------------------------------------------------------------------------


# Set on page responses for CacheControlMiddleware, which removes it: stored pages keep it, so hits are known too.
PAGE_MARK = "X-Page-Cache-Policy"
STORED = {"hit", "miss", "err"}


class PublicPagesMiddleware:
    """Marks Wagtail pages `public` so wagtail-cache may store them, and pages behind a view restriction `private`.
    Routable pages' sub-routes (archives, feeds) answer without Page.serve, so the mark is made here for every page
    and route, from what the before_serve_page hook noted (ops/wagtail_hooks.py).

    Sits right inside wagtail-cache's FetchFromCacheMiddleware, so it runs before the page is stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        public = getattr(request, "public_page", None)
        if getattr(request, "is_preview", False):
            public = False  # a draft: never a shared copy, whatever the page's restrictions
        if public is not None and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "public" if public else "private"
            response[PAGE_MARK] = "page"
        return response


class CacheControlMiddleware:
    """What pages tell others: CDNs keep public pages for PAGE_CACHE_SECONDS and may serve them stale while they
    fetch a fresh copy, and browsers revalidate. Pages wagtail-cache skipped (editors, previews) are private.

    It reads wagtail-cache's status header, so it sits outside wagtail-cache's UpdateCacheMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if PAGE_MARK not in response:
            return response
        del response[PAGE_MARK]
        if response.get(settings.WAGTAIL_CACHE_HEADER) in STORED and "public" in response["Cache-Control"]:
            del response["Cache-Control"]
            if "Expires" in response:
                del response["Expires"]
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PAGE_BROWSER_SECONDS,
                s_maxage=settings.PAGE_CACHE_SECONDS,
                stale_while_revalidate=settings.PAGE_STALE_SECONDS,
            )
        else:
            patch_cache_control(response, private=True)
        return response


# --- What an edit makes stale ------------------------------------------------------------------------------------


class Purge:
    """The pages to purge: `exact` ones (with their query strings) and `subtree` ones (with everything below)."""

    def __init__(self):
        self.exact, self.subtree = {}, {}

    def page(self, page):
        """The page and what lists it: its parent's whole section (listings, archives, siblings' "read next"), its
        other ancestors (the landing page's latest posts) and the pages that link to or embed it. Purging a page
        purges its children too: they show its title in breadcrumbs."""
        self.subtree[page.pk] = page
        parent = page.get_parent()
        if parent is not None and parent.depth > 1:
            # A site's home lists its sections but is no section itself: purging all below it would empty the site.
            (self.exact if parent.is_site_root() else self.subtree)[parent.pk] = parent
            for ancestor in parent.get_ancestors().filter(depth__gt=1):
                self.exact[ancestor.pk] = ancestor
        for referrer in pages_referring_to(page):
            self.exact.setdefault(referrer.pk, referrer)
        return self

    def object(self, instance):
        """A snippet, image or document: the pages that show it, and their listings."""
        for page in pages_referring_to(instance):
            self.page(page)
        return self

    def run(self):
        if not self.exact and not self.subtree:
            return  # a snippet or image no page shows (a subscriber, a new tag): nothing to purge or tell
        patterns = [exact_pattern(page) for page in self.exact.values()]
        patterns += [subtree_pattern(page) for page in self.subtree.values()]
        if self.subtree:
            patterns.append(SITEMAPS)  # a page that changed may have appeared, moved or gone
        purge_patterns([pattern for pattern in patterns if pattern])
        purge_frontend_cache([*self.exact.values(), *self.subtree.values()])
        pages_purged.send(Purge, exact=list(self.exact.values()), subtree=list(self.subtree.values()))


def page_path(page):
    """The page's path on its site ('/blog/post/'), or None for a page outside every site."""
    parts = page.get_url_parts()
    return parts[2] if parts else None


def exact_pattern(page):
    path = page_path(page)
    # wagtail-cache keys its keyring by absolute URI; any scheme and host, so one path on every hostname.
    return rf"^[a-z]+://[^/]+{re.escape(path)}(\?|$)" if path else None


def subtree_pattern(page):
    path = page_path(page)
    return rf"^[a-z]+://[^/]+{re.escape(path)}" if path else None


def pages_referring_to(instance):
    """Live pages that reference `instance`, directly or through up to REFERENCE_DEPTH snippets (Wagtail's index)."""
    page_type = ContentType.objects.get_for_model(Page)
    page_ids, frontier, seen = set(), [instance], set()
    for _ in range(REFERENCE_DEPTH):
        rows = set()
        for target in frontier:
            references = ReferenceIndex.get_references_to(target).values_list("base_content_type", "object_id")
            rows.update(references)
        rows -= seen
        seen |= rows
        page_ids |= {object_id for content_type, object_id in rows if content_type == page_type.pk}
        frontier = referring_objects(row for row in rows if row[0] != page_type.pk)
        if not frontier:
            break
    return list(Page.objects.live().filter(pk__in=page_ids))


def referring_objects(rows):
    objects = []
    for content_type_id, object_id in rows:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        found = model.objects.filter(pk=object_id).first() if model else None
        if found is not None:
            objects.append(found)
    return objects


def purge_patterns(patterns):
    """Delete every stored URL matching one of the regular expressions. A cache outage leaves pages to expire."""
    try:
        # Without its keyring wagtail-cache would clear the whole backend; with none there is nothing to find anyway.
        if patterns and "keyring" in pages_cache():
            # One alternation: clear_cache fails on a URL that two of its patterns match.
            clear_cache(urls=["|".join(f"(?:{pattern})" for pattern in patterns)])
    except Exception as error:
        logger.warning("Could not purge the page cache: %s", error)


def purge_frontend_cache(pages):
    if not settings.WAGTAILFRONTENDCACHE or not pages:
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_pages(pages)
    batch.purge()


def purge_page(page):
    Purge().page(page).run()


def purge_pages(pages, with_subtree=False):
    """Purge these pages only (with their query strings, and everything below them if `with_subtree`)."""
    purge = Purge()
    for page in pages:
        (purge.subtree if with_subtree else purge.exact)[page.pk] = page
    purge.run()


def purge_site():
    """Everything: site settings, the site record or a release changed what every page shows."""
    purge_patterns([r"^"])
    pages_purged.send(Purge, exact=[], subtree=[], everything=True)


# --- When -------------------------------------------------------------------------------------------------------


def page_changed(sender, instance, **kwargs):
    purge_page(instance)


def page_moved(sender, instance, parent_page_before=None, **kwargs):
    purge_page(instance)
    if parent_page_before is not None:
        purge_pages([parent_page_before], with_subtree=True)  # the old address and the old section's listings


def page_deleted(sender, instance, **kwargs):
    if instance.live:
        purge_page(instance)


def is_content_model(model):
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.snippets.models import get_snippet_models

    return issubclass(model, AbstractImage | AbstractDocument) or model in get_snippet_models()


def content_changed(sender, instance, **kwargs):
    """A snippet, image or document saved or about to be deleted: the pages that show it."""
    if kwargs.get("raw") or not is_content_model(sender):
        return
    Purge().object(instance).run()


def setting_saved(sender, instance, created=False, **kwargs):
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    # A settings row created on first read holds the defaults the pages already showed.
    if not created and isinstance(instance, BaseSiteSetting | BaseGenericSetting):
        purge_site()


def site_changed(sender, **kwargs):
    purge_site()


def restriction_changed(sender, instance, **kwargs):
    purge_page(instance.page)


def release(sender, **kwargs):
    # The release step runs migrate: pages rendered by the previous release's templates must go.
    if sender.label == "ops":
        purge_site()


def connect():
    from django.db.models.signals import post_migrate, post_save, pre_delete
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_migrate.connect(release, dispatch_uid="pagecache-release")
    page_published.connect(page_changed, dispatch_uid="pagecache-published")
    page_unpublished.connect(page_changed, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(page_moved, dispatch_uid="pagecache-moved")
    pre_delete.connect(page_deleted, sender=Page, dispatch_uid="pagecache-deleted")
    post_save.connect(content_changed, dispatch_uid="pagecache-content-saved")
    pre_delete.connect(content_changed, dispatch_uid="pagecache-content-deleted")
    post_save.connect(setting_saved, dispatch_uid="pagecache-settings")
    for signal in (post_save, pre_delete):
        signal.connect(site_changed, sender=Site, dispatch_uid=f"pagecache-site-{signal!r}")
        signal.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid=f"pagecache-view-{signal!r}")
