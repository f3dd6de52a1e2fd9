"""What a beacon may add to the aggregates: this site's own pages and a bounded number of sources a day.

A beacon is a POST anyone can send, so whatever it says is checked before it becomes a key: a path must be a live
page or a known route of this site, an event's target a real resource or share channel (feature apps say which,
through the `register_analytics_beacon_event` hook), and a day keeps at most ANALYTICS_MAX_SOURCES_PER_DAY distinct
referrers, sources and campaigns. Anything else counts under OTHER, so the reports stay truthful and their size
stays bounded however many made-up values arrive.
"""

import threading
import time
from urllib.parse import urlsplit

from django.http import Http404
from django.urls import Resolver404, resolve, reverse
from wagtail import hooks
from wagtail.models import Site

OTHER = "(other)"
PATH_CACHE_SECONDS = 60
PATH_CACHE_SIZE = 5000


class PathAnswers:
    """A small per-process memo of path checks, so a popular page costs one lookup a minute, not one per view."""

    def __init__(self):
        self.lock = threading.Lock()
        self.answers = {}

    def get(self, key):
        with self.lock:
            found = self.answers.get(key)
        if found and found[1] > time.monotonic():
            return found[0]
        return None

    def put(self, key, answer):
        with self.lock:
            if len(self.answers) >= PATH_CACHE_SIZE:
                self.answers.clear()  # bounded memory: made-up paths can't grow it
            self.answers[key] = (answer, time.monotonic() + PATH_CACHE_SECONDS)

    def clear(self):
        with self.lock:
            self.answers.clear()


answers = PathAnswers()


def excluded_prefixes():
    return (reverse("wagtailadmin_home"), "/django-admin/", reverse("analytics:collect"))


def _page_route_is_known(request, path):
    """A live page of the request's site, or a routable page's sub-route; one with parameters (a tag archive)
    only where the page lists it in its sitemap, so a made-up slug is not a page."""
    site = Site.find_for_request(request)
    if site is None:
        return False
    components = [part for part in path.split("/") if part]
    try:
        page, args, _kwargs = site.root_page.localized.specific.route(request, components)
    except Http404:
        return False
    # RoutablePageMixin answers (view, view_args, view_kwargs); a plain page answers no arguments.
    if not args or not (args[1] or args[2]):
        return True
    return path in {urlsplit(entry["location"]).path for entry in page.get_sitemap_urls(request)}


def is_known_path(request, path):
    """Whether `path` (no query string) is a page or a fixed route of this site a visitor could have viewed."""
    host = request.get_host()
    cached = answers.get((host, path))
    if cached is not None:
        return cached
    known = False
    if not path.startswith(excluded_prefixes()):
        try:
            match = resolve(path)
        except Resolver404:
            match = None
        if match is not None and match.url_name == "wagtail_serve":
            known = _page_route_is_known(request, path)
        elif match is not None:
            # A fixed route (/search/, /newsletter/archive/); one with parameters (a token) could be anything.
            known = not match.args and not match.kwargs
    answers.put((host, path), known)
    return known


def page_path(request, path):
    return path if is_known_path(request, path) else OTHER


def beacon_events():
    """{event name: function(target) -> bool} that feature apps register for the beacon's click events."""
    events = {}
    for hook in hooks.get_hooks("register_analytics_beacon_event"):
        name, is_valid_target = hook()
        events[name] = is_valid_target
    return events


def is_valid_target(name, target):
    check = beacon_events().get(name)
    return bool(check and target and check(target))
