"""Signed tokens in email links. Confirmation tokens expire; the manage token (unsubscribe, preferences) does not."""

import hashlib

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
    return signing.dumps([subscriber.pk, _fingerprint(subscriber)], salt=CONFIRM_SALT, compress=False)


def manage_token(subscriber):
    return signing.dumps([subscriber.pk, _fingerprint(subscriber)], salt=MANAGE_SALT, compress=False)


def read(token, salt, max_age=None):
    """The subscriber a token names. Raises TokenExpired or TokenInvalid."""
    from .models import Subscriber

    try:
        pk, fingerprint = signing.loads(token, salt=salt, max_age=max_age)
        pk = int(pk)
    except signing.SignatureExpired as error:
        raise TokenExpired from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise TokenInvalid from error
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or _fingerprint(subscriber) != fingerprint:
        raise TokenInvalid
    return subscriber


def read_confirm(token):
    return read(token, CONFIRM_SALT, max_age=settings.NEWSLETTER_CONFIRM_MAX_AGE)


def read_manage(token):
    return read(token, MANAGE_SALT)
