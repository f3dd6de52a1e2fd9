"""Signed tokens in email links. Confirmation tokens expire; the manage token (unsubscribe, preferences) does not."""

import hashlib
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "newsletter.confirm"
MANAGE_SALT = "newsletter.manage"


class TokenExpired(Exception):
    pass


class TokenInvalid(Exception):
    pass


def _fingerprint(subscriber):
    # Binds the token to the address too, so a deleted-and-recreated row never inherits an old link.
    return hashlib.sha256(subscriber.email.lower().encode()).hexdigest()[:12]


def confirm_token(subscriber):
    # The issue time (ms) travels in the token, so a link mailed before an unsubscribe can be told apart.
    issued = int(time.time() * 1000)
    return signing.dumps([subscriber.pk, _fingerprint(subscriber), issued], salt=CONFIRM_SALT, compress=False)


def manage_token(subscriber):
    return signing.dumps([subscriber.pk, _fingerprint(subscriber)], salt=MANAGE_SALT, compress=False)


def load(token, salt, max_age=None):
    """The subscriber a token names, and when the token was issued (None for tokens without that time).

    Raises TokenExpired or TokenInvalid."""
    from .models import Subscriber

    try:
        pk, fingerprint, *rest = signing.loads(token, salt=salt, max_age=max_age)
        pk = int(pk)
        issued = datetime.fromtimestamp(int(rest[0]) / 1000, tz=UTC) if rest else None
    except signing.SignatureExpired as error:
        raise TokenExpired from error
    except (signing.BadSignature, ValueError, TypeError, OverflowError, OSError) as error:
        raise TokenInvalid from error
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or _fingerprint(subscriber) != fingerprint:
        raise TokenInvalid
    return subscriber, issued


def read(token, salt, max_age=None):
    """The subscriber a token names. Raises TokenExpired or TokenInvalid."""
    return load(token, salt, max_age)[0]


def read_confirm(token):
    """(subscriber, issued_at) of a confirmation link; issued_at is None for links made before it was recorded."""
    return load(token, CONFIRM_SALT, max_age=settings.NEWSLETTER_CONFIRM_MAX_AGE)


def read_manage(token):
    return read(token, MANAGE_SALT)
