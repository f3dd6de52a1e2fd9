"""Signup abuse checks: rate limits in the shared cache (the honeypot and fill time are in forms.py).

None of them depends on whether an address is on the list, so none can be used to probe it.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from .sending import parse_rate


def allow(bucket, identity, rate):
    """Count one hit; False once `rate` ('5/h') is used up for this identity in the current window."""
    parsed = parse_rate(rate)
    if not parsed:
        return True
    count, period = parsed
    digest = hashlib.sha256(f"{bucket}:{identity}".encode()).hexdigest()[:32]
    key = f"newsletter:rl:{bucket}:{digest}:{int(time.time() // period)}"
    cache.add(key, 0, timeout=period + 1)
    try:
        used = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=period + 1)
        used = 1
    return used <= count


def allow_ip(request):
    return allow("ip", request.META.get("REMOTE_ADDR", ""), settings.NEWSLETTER_RATE_PER_IP)


def allow_address(email):
    return allow("address", email.lower(), settings.NEWSLETTER_RATE_PER_ADDRESS)
