"""Third-party analytics switched on in the admin widen the public Content-Security-Policy, and only then."""

import pytest

from analytics.models import AnalyticsSettings

pytestmark = pytest.mark.django_db


def directive(response, name):
    for part in response["Content-Security-Policy"].split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    return []


def test_no_third_party_origin_by_default(client, home_page):
    response = client.get("/")
    assert directive(response, "script-src") == ["'self'"]


def test_ga4_and_plausible_add_their_origins(client, home_page):
    config = AnalyticsSettings.for_site(home_page.get_site())
    config.ga4_measurement_id = "G-ABC123XYZ"
    config.plausible_domain = "example.com"
    config.save()
    response = client.get("/")
    assert "https://www.googletagmanager.com" in directive(response, "script-src")
    assert "https://plausible.io" in directive(response, "script-src")
    assert "https://*.google-analytics.com" in directive(response, "connect-src")
    assert "'unsafe-inline'" not in directive(response, "script-src")


def test_a_stored_page_keeps_its_policy_and_switching_analytics_on_reaches_it(client, home_page):
    first = client.get("/")
    hit = client.get("/?utm_source=newsletter")
    assert hit["X-Wagtail-Cache"] == "hit"
    assert hit["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert hit["Permissions-Policy"] == first["Permissions-Policy"]

    config = AnalyticsSettings.for_site(home_page.get_site())
    config.plausible_domain = "example.com"
    config.save()
    after = client.get("/")
    assert after["X-Wagtail-Cache"] == "miss"
    assert "https://plausible.io" in directive(after, "script-src")
    assert "https://plausible.io" in directive(client.get("/"), "script-src")
