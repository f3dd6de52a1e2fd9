from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_public_pages_have_the_security_headers(client, home_page):
    response = client.get("/")
    csp = directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_admin_gets_its_own_policy(client, home_page):
    csp = directives(client.get(LOGIN)["Content-Security-Policy"])
    # Wagtail's date widgets and inline panels need inline script; that allowance stays in the admin.
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["frame-ancestors"] == ["'self'"]  # the preview panel frames the site
    public = directives(client.get("/")["Content-Security-Policy"])
    assert "'unsafe-inline'" not in public["script-src"]


def test_csp_is_extensible_from_settings(client, home_page, settings):
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            **settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
            "script-src": ["'self'", "https://plausible.io"],
        }
    }
    assert "https://plausible.io" in client.get("/")["Content-Security-Policy"]


def test_production_settings_are_strict():
    import importlib
    import os

    env = {"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "example.com"}
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        production = importlib.reload(importlib.import_module("config.settings.production"))
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.SECURE_SSL_REDIRECT
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SESSION_COOKIE_HTTPONLY and production.CSRF_COOKIE_HTTPONLY


def test_hsts_header_when_served_over_https(client, home_page, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def attempt(path, username, password, ip):
    return Client(REMOTE_ADDR=ip).post(path, {"username": username, "password": password})


def test_failed_logins_lock_that_username_from_that_address_only(settings):
    get_user_model().objects.create_superuser("admin", "admin@example.com", "right-password-123")
    statuses = [attempt(LOGIN, "admin", "wrong", "10.0.0.1").status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    # The right password from the locked address is refused too...
    blocked = attempt(LOGIN, "admin", "right-password-123", "10.0.0.1")
    assert blocked.status_code == 429
    assert "Too many login attempts" in blocked.content.decode()
    assert "15 minutes" in blocked.content.decode()
    assert int(blocked["Retry-After"]) == 15 * 60
    # ...but the admin elsewhere still logs in: a stranger cannot lock them out.
    assert attempt(LOGIN, "admin", "right-password-123", "10.0.0.2").status_code == 302
    # And the locked address may still try another account.
    assert attempt(LOGIN, "someone", "x", "10.0.0.1").status_code == 200


def test_django_admin_login_shares_the_lockout(settings):
    settings.AXES_FAILURE_LIMIT = 3
    get_user_model().objects.create_superuser("admin", "admin@example.com", "right-password-123")
    statuses = [attempt("/django-admin/login/", "admin", "wrong", "10.0.0.1").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert attempt("/django-admin/login/", "admin", "right-password-123", "10.0.0.1").status_code == 429
    assert attempt(LOGIN, "admin", "right-password-123", "10.0.0.1").status_code == 429
    assert attempt("/django-admin/login/", "admin", "right-password-123", "10.0.0.2").status_code == 302


def test_behind_a_proxy_the_lock_is_on_the_client_address_not_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    get_user_model().objects.create_superuser("admin", "admin@example.com", "right-password-123")

    def through_proxy(client_address, password, forged="192.0.2.1"):
        client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"{forged}, {client_address}")
        return client.post(LOGIN, {"username": "admin", "password": password}).status_code

    # One attacker forging a new header each time is still one address.
    statuses = [through_proxy("203.0.113.5", "wrong", forged=f"192.0.2.{n}") for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert through_proxy("203.0.113.5", "right-password-123") == 429
    # Everyone else behind the same proxy is not locked with them.
    assert through_proxy("203.0.113.6", "right-password-123") == 302


def test_a_successful_login_forgets_earlier_failures(settings):
    get_user_model().objects.create_superuser("admin", "admin@example.com", "right-password-123")
    for _ in range(4):
        assert attempt(LOGIN, "admin", "typo", "10.0.0.1").status_code == 200
    assert attempt(LOGIN, "admin", "right-password-123", "10.0.0.1").status_code == 302
    for _ in range(4):
        assert attempt(LOGIN, "admin", "typo", "10.0.0.1").status_code == 200
    assert attempt(LOGIN, "admin", "right-password-123", "10.0.0.1").status_code == 302


def test_the_lock_lifts_after_the_cool_off(settings):
    get_user_model().objects.create_superuser("admin", "admin@example.com", "right-password-123")
    for _ in range(5):
        attempt(LOGIN, "admin", "wrong", "10.0.0.1")
    assert attempt(LOGIN, "admin", "right-password-123", "10.0.0.1").status_code == 429
    long_ago = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    assert AccessAttempt.objects.filter(username="admin", ip_address="10.0.0.1").update(attempt_time=long_ago) == 1
    assert attempt(LOGIN, "admin", "right-password-123", "10.0.0.1").status_code == 302


def test_the_lockout_is_kept_in_the_database_not_the_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},  # remembers nothing
    }
    get_user_model().objects.create_superuser("admin", "admin@example.com", "right-password-123")
    statuses = [attempt(LOGIN, "admin", "wrong", "10.0.0.1").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]


def test_successful_login_works_and_bad_input_is_no_500(settings):
    get_user_model().objects.create_superuser("admin", "admin@example.com", "right-password-123")
    client = Client()
    assert client.post(LOGIN, {"username": "admin"}).status_code == 200  # missing password: the form says so
    assert client.post(LOGIN, {"username": "a" * 5000, "password": "\x00"}).status_code in (200, 400)
    response = client.post(LOGIN, {"username": "admin", "password": "right-password-123"})
    assert response.status_code == 302
