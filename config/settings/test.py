"""Test settings: fast hashing, the immediate task backend, in-memory email, temporary media."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import DATABASES, RELEASE, env

DEBUG = False
SECRET_KEY = "test-only-insecure-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
BASE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = BASE_URL

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
TRUSTED_PROXY_COUNT = 0  # no proxy in front: X-Forwarded-For and X-Forwarded-Proto are ignored
SECURE_PROXY_SSL_HEADER = None
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="launchkit-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if env("REDIS_URL", default=""):
    # Keep concurrent test runs on one Redis apart (the same formula as base.py, for the processes tests start).
    CACHE_KEY_PREFIX = f"launchkit-test-{env('CACHE_KEY_PREFIX', default='')}"
    CACHES["default"]["KEY_PREFIX"] = CACHE_KEY_PREFIX
    CACHES["pages"]["KEY_PREFIX"] = f"{CACHE_KEY_PREFIX}-pages-{RELEASE}"
else:
    CACHES["pages"]["LOCATION"] = tempfile.mkdtemp(prefix="launchkit-test-pages-")

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A temporary file, not Django's shared-cache in-memory database: the live server
    # answers the admin's overlapping requests (the preview panel posts the form while its frame loads) in threads,
    # and shared-cache SQLite fails those at once with "database table is locked"; a file waits its turn (WAL and
    # busy_timeout, as in production).
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(tempfile.mkdtemp(prefix="launchkit-test-db-"), "db.sqlite3")}

# The caches stay on, as in production: tests/conftest.py empties them around every test.

LOGGING["root"]["level"] = "WARNING"
# Tests read the aggregates right after each beacon.
ANALYTICS_FLUSH_SECONDS = 0

# Newsletter: tests post forms instantly and send without waiting; tests that check these turn them back on.
NEWSLETTER_MIN_FILL_SECONDS = 0
NEWSLETTER_THROTTLE = ""
