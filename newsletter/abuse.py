"""Signup abuse checks: rate limits per client address and per email address (django-ratelimit, ops.ratelimit).

The honeypot and fill time are in forms.py. None of them depends on whether an address is on the list, so none can
be used to probe it.
"""

from django.conf import settings

from ops.ratelimit import over_limit


def allow_ip(request):
    """Count a signup from this client address; False once NEWSLETTER_RATE_PER_IP is used up."""
    return not over_limit(request, "newsletter.signup.ip", settings.NEWSLETTER_RATE_PER_IP)


def allow_address(request, email):
    """Count a signup for this address, in any case; False once NEWSLETTER_RATE_PER_ADDRESS is used up."""
    return not over_limit(request, "newsletter.signup.address", settings.NEWSLETTER_RATE_PER_ADDRESS, email.lower())
