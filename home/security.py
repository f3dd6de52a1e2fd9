"""The admin login rate limit. (The security headers are in ops/csp.py.)"""

import hashlib

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.shortcuts import render

# --- Admin login rate limit ------------------------------------------------------------------------------------
# Failed logins are counted in the cache (Redis in production, so every process shares the counts) per client IP
# and per username; past the limit, login POSTs get 429 until the window has passed.


def client_ip(request):
    """REMOTE_ADDR, or the address the trusted proxies in front (TRUSTED_PROXY_COUNT of them) saw."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _keys(request, username):
    user = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()[:32]
    return f"login-fail:ip:{client_ip(request)}", f"login-fail:user:{user}"


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
