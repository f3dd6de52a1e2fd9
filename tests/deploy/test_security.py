import pytest
from django.contrib.auth import get_user_model
from django.test import Client

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


def test_admin_login_is_rate_limited_per_username(settings):
    settings.LOGIN_RATE_LIMIT_PER_USERNAME = 3
    get_user_model().objects.create_superuser("admin", "admin@example.com", "right-password-123")
    for n in range(3):
        # Different addresses: the username limit holds across IPs.
        response = Client(REMOTE_ADDR=f"10.0.0.{n}").post(LOGIN, {"username": "admin", "password": "wrong"})
        assert response.status_code == 200
    blocked = Client(REMOTE_ADDR="10.0.0.9").post(LOGIN, {"username": "admin", "password": "right-password-123"})
    assert blocked.status_code == 429
    assert "Too many login attempts" in blocked.content.decode()
    assert int(blocked["Retry-After"]) == settings.LOGIN_RATE_LIMIT_WINDOW
    # Another account is not locked by someone guessing this one.
    other = Client(REMOTE_ADDR="10.0.0.10").post(LOGIN, {"username": "someone", "password": "x"})
    assert other.status_code == 200


def test_admin_login_is_rate_limited_per_ip(settings):
    settings.LOGIN_RATE_LIMIT_PER_IP = 4
    client = Client(REMOTE_ADDR="10.1.1.1")
    for n in range(4):
        assert client.post(LOGIN, {"username": f"user{n}", "password": "wrong"}).status_code == 200
    assert client.post(LOGIN, {"username": "fresh", "password": "wrong"}).status_code == 429
    assert Client(REMOTE_ADDR="10.1.1.2").post(LOGIN, {"username": "fresh", "password": "x"}).status_code == 200


def test_successful_login_works_and_bad_input_is_no_500(settings):
    get_user_model().objects.create_superuser("admin", "admin@example.com", "right-password-123")
    client = Client()
    assert client.post(LOGIN, {"username": "admin"}).status_code == 200  # missing password: the form says so
    assert client.post(LOGIN, {"username": "a" * 5000, "password": "\x00"}).status_code in (200, 400)
    response = client.post(LOGIN, {"username": "admin", "password": "right-password-123"})
    assert response.status_code == 302
