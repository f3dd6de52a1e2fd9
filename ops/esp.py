"""The email service provider's webhooks (bounces, complaints), routed only when they can be trusted.

anymail accepts any webhook call while ANYMAIL_WEBHOOK_SECRET is empty (it only warns), so with the default settings
anyone could POST a made-up hard bounce and take a subscriber off the list for good. Here:

- a webhook answers only for the configured ESP and only once ANYMAIL_WEBHOOK_SECRET is set; every other address
  under /anymail/ is not found (404), so a site that sends no mail through an ESP has no webhook at all;
- anymail checks the shared secret (HTTP Basic): wrong credentials are refused (400) before any event is read;
- a body the ESP's parser cannot read (invalid JSON, the wrong shape) answers 400, not 500;
- config/settings/production.py refuses to start with an ESP and no secret, and `check --deploy` warns (checks below).
"""

import logging
from functools import wraps

from anymail import urls as anymail_urls
from django.conf import settings
from django.core import checks
from django.http import Http404, HttpResponseBadRequest
from django.urls import URLPattern

logger = logging.getLogger(__name__)

# anymail serves Brevo under its old name too.
ALIASES = {"sendinblue": "brevo"}
# What a parser raises on a body of the wrong kind: json.loads' ValueError, a missing key, a list for a dict...
BAD_BODY_ERRORS = (ValueError, KeyError, TypeError, AttributeError, IndexError)
UNPROTECTED_WEBHOOKS = (
    "ESP is set but ANYMAIL_WEBHOOK_SECRET is not: anyone could post forged bounces and complaints to the "
    "webhooks and take subscribers off the list. Set ANYMAIL_WEBHOOK_SECRET to a random 'user:password' and give "
    "the ESP the webhook URL with those credentials (docs/deploy.md, docs/security.md)."
)


def webhook_secret():
    return settings.ANYMAIL.get("WEBHOOK_SECRET") or ""


def webhooks_enabled(esp):
    configured = (settings.ESP or "").lower()
    return bool(configured) and ALIASES.get(esp, esp) == ALIASES.get(configured, configured) and bool(webhook_secret())


def guard(view, esp):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not webhooks_enabled(esp):
            raise Http404("No webhook here")
        try:
            return view(request, *args, **kwargs)
        except BAD_BODY_ERRORS as error:
            logger.warning("Unreadable %s webhook call: %s", esp, type(error).__name__)
            return HttpResponseBadRequest("The webhook's body could not be read.", content_type="text/plain")

    return guarded


def urlpatterns():
    """anymail's webhook URLs, each behind `guard` for the ESP its path names (postmark/tracking/ → postmark)."""
    guarded = []
    for pattern in anymail_urls.urlpatterns:
        esp = str(pattern.pattern).lstrip("^").split("/", 1)[0]
        guarded.append(URLPattern(pattern.pattern, guard(pattern.callback, esp), pattern.default_args, pattern.name))
    return guarded, anymail_urls.app_name


@checks.register(checks.Tags.security, deploy=True)
def check_webhook_secret(app_configs, **kwargs):
    if settings.ESP and not webhook_secret():
        return [checks.Warning(UNPROTECTED_WEBHOOKS, id="launchkit.W001")]
    return []
