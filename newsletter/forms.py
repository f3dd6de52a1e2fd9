import hashlib
import math
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError

from ops.params import parse_int

from .models import UTM_FIELDS

STARTED_SALT = "newsletter.form-started"


def normalize_email(value):
    """Trim, lowercase the domain and store it in its ASCII (IDNA) form, so one mailbox has one spelling."""
    value = value.strip()
    local, _, domain = value.rpartition("@")
    if not local or not domain:
        return value
    try:
        domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError as error:
        raise ValidationError("Enter a valid email address.", code="invalid") from error
    return f"{local}@{domain}"


class SignupForm(forms.Form):
    """The signup form. Pages render it without a `started` time; the page's script fetches one (`form_token`),
    and the signup page itself renders one with `SignupForm.fresh()`."""

    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter a valid email address, like name@example.com.",
            "max_length": "That address is too long: email addresses have at most 254 characters.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "you@example.com"}),
    )
    # Attribution, filled in by the page's script. Bad values are dropped, never shown as errors.
    source_page = forms.CharField(required=False, widget=forms.HiddenInput)
    referrer = forms.CharField(required=False, widget=forms.HiddenInput, strip=True)
    utm_source = forms.CharField(required=False, widget=forms.HiddenInput)
    utm_medium = forms.CharField(required=False, widget=forms.HiddenInput)
    utm_campaign = forms.CharField(required=False, widget=forms.HiddenInput)
    utm_term = forms.CharField(required=False, widget=forms.HiddenInput)
    utm_content = forms.CharField(required=False, widget=forms.HiddenInput)
    # The referral code of the link the visitor came through (`?ref=`), filled in by the page's script.
    ref = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)
    # Abuse checks: when the visitor began (a signed time the page fetches, never part of a cached page), and a
    # field only bots fill in.
    started = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)
    website = forms.CharField(required=False, max_length=200)

    @classmethod
    def fresh(cls, data=None, **kwargs):
        form = cls(data, **kwargs)
        if data is not None:
            form.data = form.data.copy()
            form.data["started"] = started_token()
        else:
            form.initial["started"] = started_token()
        return form

    def started_check(self):
        """ "ok", "bot" (honeypot, too fast, forged or used twice) or "ask" (no or an expired time: a person without
        JavaScript, or a page left open for long, gets the form back with a fresh one)."""
        if self.cleaned_data.get("website"):
            return "bot"
        return check_started(self.cleaned_data.get("started", ""))

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])

    def clean_source_page(self):
        value = self.cleaned_data.get("source_page", "")
        return parse_int(value)

    def clean_referrer(self):
        return self.cleaned_data.get("referrer", "")[:500]

    def attribution(self):
        data = self.cleaned_data
        attribution = {key: data.get(key, "")[:200] for key in UTM_FIELDS}
        attribution["referrer"] = data.get("referrer", "")
        attribution["source_page_id"] = data.get("source_page")
        attribution["ref"] = data.get("ref", "")
        return attribution


def started_token(now=None):
    """A signed "the visitor began now", for the signup form's `started` field."""
    # Rounded down to a tenth of a second: a start time must never lie in the future (rounding up made it 0.05 s late).
    started = math.floor((now if now is not None else time.time()) * 10) / 10
    return signing.dumps(started, salt=STARTED_SALT)


def check_started(token, now=None):
    minimum = settings.NEWSLETTER_MIN_FILL_SECONDS
    if not minimum:
        return "ok"
    if not token:
        return "ask"
    try:
        started = float(signing.loads(token, salt=STARTED_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return "bot"
    age = (now if now is not None else time.time()) - started
    if age > settings.NEWSLETTER_FORM_MAX_AGE:
        return "ask"
    return "bot" if age < minimum else "ok"


def spend(token):
    """Each token signs up once. With the cache down (add answers None) the other checks still stand."""
    if not token:
        return True
    key = f"newsletter:started:{hashlib.sha256(token.encode()).hexdigest()[:32]}"
    return cache.add(key, 1, settings.NEWSLETTER_FORM_MAX_AGE) is not False
