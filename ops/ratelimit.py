"""Rate limits through django-ratelimit, in the default cache (Redis with REDIS_URL), failing open.

Each call counts one hit in a fixed window ("20/h": twenty per hour). Keys are the client's address, REMOTE_ADDR as
ops.clientip left it, or a value the caller gives (a normalised email address).
"""

import logging

from django_ratelimit.core import is_ratelimited

log = logging.getLogger(__name__)


def over_limit(request, group, rate, value=None):
    """Count this request for `group`; True once `rate` is used up for its address (or for `value`, when given).

    No rate (an empty setting) limits nothing. Neither does a cache that is down: RATELIMIT_FAIL_OPEN covers a cache
    that answers nothing, and django-redis raises instead, so that is caught here.
    """
    if not rate:
        return False
    key = "ip" if value is None else (lambda group, request: value)
    try:
        return is_ratelimited(request, group=group, key=key, rate=rate, increment=True)
    except Exception as error:  # a cache outage must not block visitors
        log.warning("Rate limit %s not checked: %s", group, error)
        return False
