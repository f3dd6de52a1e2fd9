"""Local development: `make run` and `make dev`. Loosens base.py for plain HTTP on 127.0.0.1."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production-0123456789")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
TRUSTED_PROXY_COUNT = 0  # no proxy in front: X-Forwarded-For and X-Forwarded-Proto are ignored
SECURE_PROXY_SSL_HEADER = None
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Serve straight from the source folders so edits show without collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Wagtail logs every page action at INFO; that buries `make run`'s admin login.
LOGGING["loggers"]["wagtail"] = {"level": "WARNING"}
