"""Production: base.py plus the secrets an operator must provide."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env


def required(name, cast=str):
    value = env(name, default="")
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. Production needs it; see .env.example and the README's operator section."
        )
    return cast(value)


SECRET_KEY = required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = required("DJANGO_ALLOWED_HOSTS", cast=lambda value: [h.strip() for h in value.split(",") if h.strip()])
DEBUG = False
