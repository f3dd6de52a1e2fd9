"""/healthz: answers load balancers before anything else runs."""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)


class HealthCheckMiddleware:
    """Answers /healthz before host checks, sessions or redirects, so load balancers can probe any address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/healthz":
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError as error:
            logger.warning("Health check failed: %s", error)
            return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
        return JsonResponse({"status": "ok", "database": "ok"})
