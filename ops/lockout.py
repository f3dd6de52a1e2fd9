"""The page a login locked out by django-axes gets (AXES_LOCKOUT_CALLABLE)."""

import math

from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response, credentials):
    """429 with site/templates/429.html and Retry-After, whichever login form (Wagtail's, django-admin's) was used."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(request, "429.html", {"minutes": max(1, math.ceil(seconds / 60))}, status=429)
    response["Retry-After"] = str(seconds)
    return response
