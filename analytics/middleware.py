from django.urls import reverse

from .views import collect


class CollectMiddleware:
    """Answer beacons before the session, auth, CSRF and message middleware, which a beacon never needs.

    Placed right after WhiteNoise, so security headers and host validation still apply. The URL route stays for
    reverse() and for stacks without this middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.path = reverse("analytics:collect")

    def __call__(self, request):
        if request.path_info == self.path:
            return collect(request)
        return self.get_response(request)
