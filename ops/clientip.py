"""The client's address, decided once per request: every feature then reads request.META["REMOTE_ADDR"]."""

from django.conf import settings
from xff.middleware import XForwardedForMiddleware


class ClientAddressMiddleware(XForwardedForMiddleware):
    """django-xff with TRUSTED_PROXY_COUNT as its depth: REMOTE_ADDR becomes the address our outermost proxy saw.

    Each of the TRUSTED_PROXY_COUNT proxies appends the address it was connected from to X-Forwarded-For, so the
    client is that many entries from the end; anything further left is whatever the client sent and is ignored.
    With no proxy (0) the header is not trusted at all: django-xff would take its first entry, which a client chooses.
    """

    def get_trusted_depth(self, request):
        return settings.TRUSTED_PROXY_COUNT

    def __call__(self, request):
        if not settings.TRUSTED_PROXY_COUNT:
            return self.get_response(request)
        return super().__call__(request)


def remote_addr(request):
    """The client's address for django-axes (AXES_CLIENT_IP_CALLABLE): REMOTE_ADDR, as the middleware above left it."""
    return request.META.get("REMOTE_ADDR", "")
