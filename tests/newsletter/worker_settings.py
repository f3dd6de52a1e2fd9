"""Settings for real `db_worker` processes started by tests: the test database, the database task backend and
the test's SMTP sink, all passed through the environment."""

import os

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DATABASES["default"]["NAME"] = os.environ["LAUNCHKIT_TEST_DB_NAME"]
DATABASES["default"].pop("TEST", None)
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["LAUNCHKIT_TEST_SMTP_PORT"])
NEWSLETTER_LEASE_SECONDS = int(os.environ.get("NEWSLETTER_LEASE_SECONDS", "3"))
NEWSLETTER_BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", "5"))
NEWSLETTER_THROTTLE = os.environ.get("NEWSLETTER_THROTTLE", "")
