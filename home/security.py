"""Security headers and the admin login rate limit."""

import hashlib

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.shortcuts import render
from django.utils.module_loading import import_string


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp with a second, looser policy for the Wagtail admin, plus Permissions-Policy.

    The public site's policy (CONTENT_SECURITY_POLICY) allows no inline script; the admin's
    (ADMIN_CONTENT_SECURITY_POLICY) has the allowances Wagtail's editor needs and applies only under ADMIN_PATHS.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin_policy = getattr(settings, "ADMIN_CONTENT_SECURITY_POLICY", None)
        if not report_only and parts.config is None and admin_policy and is_admin_path(request.path_info):
            parts.config = admin_policy["DIRECTIVES"]
        return parts

    def process_response(self, request, response):
        if not is_admin_path(request.path_info) and "html" in response.get("Content-Type", ""):
            # Settings an editor changes (third-party analytics) add origins to the public policy per response.
            update = getattr(response, "_csp_update", None) or {}
            for source in dynamic_sources():
                for directive, origins in source(request).items():
                    update[directive] = [*update.get(directive, []), *origins]
            if update:
                response._csp_update = update
        response = super().process_response(request, response)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response


def dynamic_sources():
    return [import_string(path) for path in getattr(settings, "CSP_DYNAMIC_SOURCES", [])]


def is_admin_path(path):
    return path.startswith(tuple(getattr(settings, "ADMIN_PATHS", ("/admin/", "/django-admin/"))))


# --- Admin login rate limit ------------------------------------------------------------------------------------
# Failed logins are counted in the cache (Redis in production, so every process shares the counts) per client IP
# and per username; past the limit, login POSTs get 429 until the window has passed.


def _keys(request, username):
    user = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()[:32]
    return f"login-fail:ip:{request.META.get('REMOTE_ADDR', '')}", f"login-fail:user:{user}"


def _bump(key, window):
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def is_login_path(path):
    return path in getattr(settings, "LOGIN_RATE_LIMIT_PATHS", ("/admin/login/", "/django-admin/login/"))


def login_blocked(request, username):
    ip_key, user_key = _keys(request, username)
    counts = cache.get_many([ip_key, user_key])
    return counts.get(ip_key, 0) >= settings.LOGIN_RATE_LIMIT_PER_IP or (
        bool(username) and counts.get(user_key, 0) >= settings.LOGIN_RATE_LIMIT_PER_USERNAME
    )


class LoginRateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        post = request.method == "POST" and is_login_path(request.path_info)
        if post and login_blocked(request, request.POST.get("username", "")):
            minutes = max(1, settings.LOGIN_RATE_LIMIT_WINDOW // 60)
            response = render(request, "429.html", {"minutes": minutes}, status=429)
            response["Retry-After"] = str(settings.LOGIN_RATE_LIMIT_WINDOW)
            return response
        return self.get_response(request)


def count_failed_login(sender, credentials, request=None, **kwargs):
    if request is None or not is_login_path(request.path_info):
        return
    for key in _keys(request, credentials.get("username", "")):
        _bump(key, settings.LOGIN_RATE_LIMIT_WINDOW)


def reset_username_on_login(sender, request, user, **kwargs):
    if request is not None and is_login_path(request.path_info):
        cache.delete(_keys(request, user.get_username())[1])


def connect():
    user_login_failed.connect(count_failed_login, dispatch_uid="login-rate-limit-failed")
    user_logged_in.connect(reset_username_on_login, dispatch_uid="login-rate-limit-success")
