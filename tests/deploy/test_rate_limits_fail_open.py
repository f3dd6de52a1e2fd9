"""A cache outage (Redis down) never blocks signups, suggestions, clicks or the analytics beacon: the rate limits fail
open."""

import time

import pytest
from django.core.cache import caches
from django.db.models import Sum
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError

from analytics.models import DailyStat
from newsletter.models import Subscriber
from ops.ratelimit import over_limit
from resources.forms import sign_timestamp
from resources.models import ResourceClick, ResourceSuggestion
from tests.factories import ResourceIndexPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db

UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

NO_REDIS = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there: every call fails at once
    "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
}


@pytest.fixture
def redis_down(settings):
    """The default cache, the one the rate limits use, is a Redis that is not there."""
    settings.CACHES = {**settings.CACHES, "default": NO_REDIS}
    with pytest.raises((ConnectionInterrupted, RedisConnectionError)):
        caches["default"].add("probe", 1)


@pytest.fixture
def rate_limit_cache_down(settings):
    """Only the rate limits' cache is down, for views whose pages need the cache for other things too."""
    settings.CACHES = {**settings.CACHES, "no-redis": NO_REDIS}
    settings.RATELIMIT_USE_CACHE = "no-redis"


def test_the_limiter_answers_not_limited_when_the_cache_raises(rf, redis_down):
    request = rf.post("/", REMOTE_ADDR="203.0.113.5")
    assert [over_limit(request, "test.group", "1/h") for _ in range(3)] == [False, False, False]
    assert over_limit(request, "test.group", "1/h", "ada@example.com") is False


def test_the_limiter_answers_not_limited_when_the_cache_answers_nothing(rf, settings):
    # As configured for production: django-redis reads Redis errors as misses, so add() and incr() answer None.
    settings.CACHES = {
        **settings.CACHES,
        "default": {**NO_REDIS, "OPTIONS": {**NO_REDIS["OPTIONS"], "IGNORE_EXCEPTIONS": True}},
    }
    assert caches["default"].add("probe", 1) is None
    request = rf.post("/", REMOTE_ADDR="203.0.113.5")
    assert [over_limit(request, "test.group", "1/h") for _ in range(3)] == [False, False, False]
    settings.RATELIMIT_FAIL_OPEN = False  # what the setting is for: otherwise django-ratelimit refuses everyone
    assert over_limit(request, "test.group", "1/h") is True


def test_signups_are_accepted_while_redis_is_down(client, home_page, settings, redis_down):
    settings.NEWSLETTER_RATE_PER_IP = "1/h"
    settings.NEWSLETTER_RATE_PER_ADDRESS = "1/h"
    for n in range(3):
        email = f"person{n % 2}@example.com"
        response = client.post("/newsletter/subscribe/", {"email": email}, HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        assert response.json()["ok"] is True
    assert Subscriber.objects.count() == 2


def test_beacons_are_counted_while_redis_is_down(client, settings, redis_down):
    settings.ANALYTICS_COLLECT_RATE = "1/m"
    for _ in range(3):
        response = client.post(
            "/analytics/collect", data='{"path": "/"}', content_type="text/plain", HTTP_USER_AGENT=UA
        )
        assert response.status_code == 204
    assert DailyStat.objects.filter(dimension="total").aggregate(views=Sum("views"))["views"] == 3


def test_suggestions_are_accepted_while_the_rate_limit_cache_is_down(
    client, home_page, settings, rate_limit_cache_down
):
    settings.RESOURCES_SUGGEST_RATE = "1/h"
    ResourceIndexPageFactory(parent=home_page)
    for n in range(3):
        data = {
            "name": f"Tool {n}",
            "url": f"https://tool{n}.example/",
            "why": "Useful.",
            "ts": sign_timestamp(time.time() - 9),
        }
        assert client.post("/resources/suggest/", data).status_code == 302
    assert ResourceSuggestion.objects.count() == 3


def test_resource_clicks_are_counted_while_the_rate_limit_cache_is_down(
    client, home_page, settings, rate_limit_cache_down
):
    settings.ANALYTICS_CLICK_RATE = "1/h"
    resource = ResourcePageFactory(parent=ResourceIndexPageFactory(parent=home_page), external_url="https://a.example/")
    for visitor in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        assert client.get(f"/resources/go/{resource.pk}/", REMOTE_ADDR=visitor).status_code == 302
    assert ResourceClick.objects.get(resource=resource).count == 3
