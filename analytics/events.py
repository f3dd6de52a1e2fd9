"""The public API other apps call to record an event tied to its page and source.

from analytics.events import record_event
record_event("resource_click", path=request.path, target=str(resource.pk), request=request)
record_event("resource_suggestion", path="/resources/suggest/", source="hn")
"""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from . import recording
from .sources import DIRECT, host_of, source_of

logger = logging.getLogger(__name__)


def own_hosts(request=None):
    hosts = {host_of(settings.BASE_URL)}
    if request is not None:
        hosts.add(request.get_host().split(":")[0].removeprefix("www."))
    return hosts


def visitor_today(request):
    """The request's cookieless visitor hash for today (address, user agent and host, with the day's salt)."""
    day = recording.today()
    user_agent = request.headers.get("User-Agent", "")[:500]
    return day, recording.visitor_hash(day, request.META.get("REMOTE_ADDR", ""), user_agent, request.get_host())


def first_click_today(request, name, target):
    """True the first time today this visitor clicks `target` (`name` says what kind of click): count only then.

    A database hiccup answers True, so the caller counts as it did before rather than failing the visitor.
    """
    try:
        day, visitor = visitor_today(request)
        return recording.first_today(day, visitor, name, str(target))
    except DatabaseError:
        logger.exception("Could not tell whether this %s was a repeat", name)
        return True


def record_event(name, *, path="", source="", target="", referrer="", utm_source="", request=None, when=None):
    """Count one event. `source` defaults to utm_source, else the referrer's host, else "(direct)".

    Never raises for bad values (they are trimmed) or a database hiccup (logged): analytics must not break the
    caller's request. The request, if given, is only used to tell this site's own host from a referrer.
    """
    name = str(name or "")[:40]
    if not name:
        raise ValueError("record_event needs a name")
    if not source:
        source = source_of(utm_source, referrer, own_hosts(request))
    path = str(path or "")[:255]
    try:
        recording.record_event_row(when or timezone.now(), name, path, str(source)[:200] or DIRECT, str(target)[:255])
    except DatabaseError:
        logger.exception("Could not record the analytics event %s", name)
