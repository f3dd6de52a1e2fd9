from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from analytics.models import AnalyticsSettings

pytestmark = pytest.mark.django_db


def scripts(client):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    return soup.select("head script")


def test_beacon_is_an_external_deferred_script_under_1kb(home_page, client):
    from django.contrib.staticfiles import finders

    beacon = [s for s in scripts(client) if "analytics/beacon.js" in s.get("src", "")]
    assert len(beacon) == 1
    assert beacon[0].has_attr("defer") and beacon[0]["data-endpoint"] == "/analytics/collect"
    assert Path(finders.find("analytics/beacon.js")).stat().st_size < 1024


def test_no_inline_script_and_no_third_party_by_default(home_page, client):
    found = scripts(client)
    assert all(s.get("src") for s in found), "inline scripts would need 'unsafe-inline' in the CSP"
    assert all(s["src"].startswith("/static/") for s in found)


def test_analytics_sets_no_cookie(home_page, client):
    response = client.get("/?utm_source=hn")
    # The signup form's CSRF cookie is the newsletter's (strictly necessary); analytics adds none.
    assert set(response.cookies) <= {"csrftoken"}


def test_third_party_snippets_render_when_set_without_inline_script(home_page, client):
    site = Site.objects.get()
    settings = AnalyticsSettings.for_site(site)
    settings.plausible_domain = "example.com"
    settings.umami_website_id = "0b1c2d3e-1111-2222-3333-444455556666"
    settings.umami_script_url = "https://umami.example.com/script.js"
    settings.ga4_measurement_id = "G-ABC123XYZ"
    settings.segment_write_key = "abcDEF123456"
    settings.full_clean()
    settings.save()

    found = {s["src"]: s for s in scripts(client)}
    assert all(found), "every script is an external file"
    assert found["https://plausible.io/js/script.js"]["data-domain"] == "example.com"
    assert found["https://umami.example.com/script.js"]["data-website-id"] == settings.umami_website_id
    assert "https://www.googletagmanager.com/gtag/js?id=G-ABC123XYZ" in found
    assert found["/static/analytics/ga4-init.js"]["data-measurement-id"] == "G-ABC123XYZ"
    assert found["/static/analytics/segment-init.js"]["data-write-key"] == "abcDEF123456"


def test_bad_third_party_ids_are_refused(home_page):
    from django.core.exceptions import ValidationError

    settings = AnalyticsSettings(site=Site.objects.get(), ga4_measurement_id="UA-1234", umami_website_id="x")
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    assert set(error.value.message_dict) >= {"ga4_measurement_id", "umami_script_url", "umami_website_id"}


def test_analytics_adds_no_query_to_a_cached_page_view(home_page, client):
    client.get("/")
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    AnalyticsSettings.objects.create(site=Site.objects.get(), plausible_domain="example.com")
    client.get("/")
    with CaptureQueriesContext(connection) as second:
        client.get("/")
    assert len(second) == len(first)
    assert not [q for q in second.captured_queries if "analytics" in q["sql"]]


def test_admin_settings_form_saves(home_page, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("a", "a@example.com", "pw"))
    site = Site.objects.get()
    url = f"/admin/settings/analytics/analyticssettings/{site.pk}/"
    response = client.post(
        url, {"ga4_measurement_id": "bad", "plausible_script_url": "https://plausible.io/js/script.js"}
    )
    assert response.status_code == 200
    assert "G-ABC123XYZ" in response.content.decode()
    response = client.post(
        url, {"plausible_domain": "example.com", "plausible_script_url": "https://plausible.io/js/script.js"}
    )
    assert response.status_code == 302
    assert 'data-domain="example.com"' in client.get("/").content.decode()
