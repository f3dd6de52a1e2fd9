"""Production: base.py plus the secrets an operator must provide."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ANYMAIL, ESP, env


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

# Without a shared secret anymail accepts any webhook call: forged bounces would take subscribers off the list.
if ESP and not ANYMAIL.get("WEBHOOK_SECRET"):
    raise ImproperlyConfigured(
        f"ESP={ESP} is set but ANYMAIL_WEBHOOK_SECRET is not. Production needs it so that only your email service "
        "can report bounces and complaints: set it to a random 'user:password' and put those credentials in the "
        "webhook URL you give the service (docs/deploy.md)."
    )
