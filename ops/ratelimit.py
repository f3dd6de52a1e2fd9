"""Rate limits through django-ratelimit, in the default cache (Redis with REDIS_URL), failing open.

Each call counts one hit in a fixed window ("20/h": twenty per hour). Keys are the client's address, REMOTE_ADDR as
ops.clientip left it, or a value the caller gives (a normalised email address).
"""

import logging
from contextlib import suppress

from django.conf import settings
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django_ratelimit.core import is_ratelimited

log = logging.getLogger(__name__)


def over_limit(request, group, rate, value=None):
    """Count this request for `group`; True once `rate` is used up for its address (or for `value`, when given).

    No rate (an empty setting) limits nothing. Neither does a cache that is down: RATELIMIT_FAIL_OPEN covers a cache
    that answers nothing (django-redis with IGNORE_EXCEPTIONS), and a cache that raises is caught here.
    """
    if not rate:
        return False
    key = "ip" if value is None else (lambda group, request: value)
    try:
        return is_ratelimited(request, group=group, key=key, rate=rate, increment=True)
    except Exception as error:  # a cache outage must not block visitors
        log.warning("Rate limit %s not checked: %s", group, error)
        return False


def password_reset_paths():
    """Wagtail admin's password-reset form, and django-admin's when the project routes one."""
    paths = set()
    for name in ("wagtailadmin_password_reset", "admin_password_reset"):
        with suppress(NoReverseMatch):
            paths.add(reverse(name))
    return paths


class PasswordResetRateLimitMiddleware:
    """Each password-reset request sends an email: PASSWORD_RESET_RATE per client address and per email address.

    Over either limit the answer is 429 with the same page whether or not an account has that address.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = password_reset_paths()

    def __call__(self, request):
        if request.method == "POST" and request.path_info in self.paths and self.over_limit(request):
            return render(request, "429_password_reset.html", status=429)
        return self.get_response(request)

    @staticmethod
    def over_limit(request):
        rate = settings.PASSWORD_RESET_RATE
        email = request.POST.get("email", "").strip().lower()
        by_address = over_limit(request, "password_reset.ip", rate)
        by_email = bool(email) and over_limit(request, "password_reset.email", rate, email)
        return by_address or by_email
