"""/healthz: answers load balancers before anything else runs."""

import asyncio
import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)

# Parts of Django's connection parameters that are Python objects for its own connections, not libpq settings.
NOT_LIBPQ = ("cursor_factory", "context", "prepare_threshold")


async def postgres_answers(params, timeout):
    async with asyncio.timeout(timeout):
        import psycopg

        probe = await psycopg.AsyncConnection.connect(**params, autocommit=True)
        try:
            await probe.execute("SELECT 1")
        finally:
            await probe.close()


def postgres_ok():
    """A connection of its own, with a deadline on the whole exchange.

    A frozen server (a stopped process, a proxy that accepts and never answers, a host that stopped mid-query)
    never replies, and libpq has no client-side timeout for a query: the asyncio deadline is what ends the wait, so
    the probe answers within HEALTHZ_DATABASE_TIMEOUT whatever the server does.
    """
    params = {key: value for key, value in connection.get_connection_params().items() if key not in NOT_LIBPQ}
    try:
        asyncio.run(postgres_answers(params, settings.HEALTHZ_DATABASE_TIMEOUT))
    except TimeoutError:
        logger.warning("Health check: the database did not answer within %ss", settings.HEALTHZ_DATABASE_TIMEOUT)
        return False
    except Exception as error:  # psycopg.Error, DNS or socket errors: all mean "unavailable"
        logger.warning("Health check: the database failed: %s", error)
        return False
    return True


def database_ok():
    if connection.vendor == "postgresql":
        return postgres_ok()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check: the database failed: %s", error)
        return False
    return True


def cache_ok():
    """A value written can be read back. Redis errors read as misses (IGNORE_EXCEPTIONS), so this is how it shows."""
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache = caches["default"]
        cache.set(key, "1", 10)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception as error:
        logger.warning("Health check: the cache failed: %s", error)
        return False
    if not ok:
        logger.warning("Health check: the cache does not keep what it is given")
    return ok


class HealthCheckMiddleware:
    """Answers /healthz before host checks, sessions or redirects, so load balancers can probe any address.

    503 without the database; 200 "degraded" without the cache, since pages still render (more slowly), so a load
    balancer keeps the process while operators see why it is slow.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/healthz":
            return self.get_response(request)
        if not database_ok():
            return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
        if not cache_ok():
            return JsonResponse({"status": "degraded", "database": "ok", "cache": "unavailable"})
        return JsonResponse({"status": "ok", "database": "ok", "cache": "ok"})
