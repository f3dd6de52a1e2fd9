"""Bounce and complaint webhooks: only the configured ESP's, only with a secret; forged or bad calls change nothing."""

import base64
import json

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from newsletter.models import Subscriber
from tests.config.test_settings import run_django
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

HOOK = "/anymail/postmark/tracking/"
GOOD = "Basic " + base64.b64encode(b"hook:s3cret").decode()


def hard_bounce(email):
    return json.dumps({"RecordType": "Bounce", "Type": "HardBounce", "TypeCode": 1, "Email": email,
                       "BouncedAt": "2026-11-30T10:00:00Z", "MessageID": "00000000-0000-0000-0000-000000000000",
                       "Description": "forged", "Details": "smtp;550"})  # fmt: skip


@pytest.fixture
def victim(db):
    return SubscriberFactory(email="victim@example.com", status="confirmed")


def still_confirmed(victim):
    victim.refresh_from_db()
    return victim.status == Subscriber.Status.CONFIRMED


def test_with_no_esp_configured_the_webhooks_are_not_routed(client, victim, settings):
    settings.ESP = ""
    settings.ANYMAIL = {"WEBHOOK_SECRET": ""}
    response = client.post(HOOK, hard_bounce(victim.email), content_type="application/json")
    assert response.status_code == 404
    assert still_confirmed(victim)


def test_an_esp_without_a_secret_gets_no_webhook_so_a_forged_bounce_does_nothing(client, victim, settings):
    settings.ESP = "postmark"
    settings.ANYMAIL = {"WEBHOOK_SECRET": ""}
    assert client.post(HOOK, hard_bounce(victim.email), content_type="application/json").status_code == 404
    assert still_confirmed(victim)


def test_only_the_configured_esps_webhook_answers(client, victim, settings):
    settings.ESP = "mailgun"
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret"}
    response = client.post(HOOK, hard_bounce(victim.email), content_type="application/json", HTTP_AUTHORIZATION=GOOD)
    assert response.status_code == 404
    assert still_confirmed(victim)


@pytest.mark.parametrize("auth", [None, "Basic " + base64.b64encode(b"hook:wrong").decode(), "Bearer x", "Basic ???"])
def test_wrong_credentials_are_refused(client, victim, settings, auth):
    settings.ESP = "postmark"
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret"}
    headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
    response = client.post(HOOK, hard_bounce(victim.email), content_type="application/json", **headers)
    assert response.status_code in (400, 401, 403)
    assert still_confirmed(victim)


@pytest.mark.parametrize("body", ["{not json", "", "[]", '"x"', "null", "\xff"])
def test_bad_bodies_answer_400(client, victim, settings, body):
    settings.ESP = "postmark"
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret"}
    response = client.post(HOOK, body, content_type="application/json", HTTP_AUTHORIZATION=GOOD)
    assert response.status_code == 400
    assert still_confirmed(victim)


def test_a_real_bounce_with_the_secret_still_counts(client, victim, settings):
    settings.ESP = "postmark"
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret"}
    response = client.post(HOOK, hard_bounce(victim.email), content_type="application/json", HTTP_AUTHORIZATION=GOOD)
    assert response.status_code == 200
    victim.refresh_from_db()
    assert victim.status == Subscriber.Status.BOUNCED


def test_check_deploy_warns_about_an_esp_without_a_secret(settings):
    settings.ESP = "postmark"
    settings.ANYMAIL = {"WEBHOOK_SECRET": ""}
    with pytest.raises(SystemCheckError, match=r"launchkit\.W001"):
        call_command("check", deploy=True, fail_level="WARNING", tags=["security"])
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret"}
    call_command("check", deploy=True, tags=["security"])


def test_production_refuses_to_start_with_an_esp_and_no_webhook_secret(tmp_path):
    base = {"DJANGO_SECRET_KEY": "k" * 60, "DJANGO_ALLOWED_HOSTS": "example.com", "ESP": "postmark"}
    result = run_django(["check"], base, tmp_path)
    assert result.returncode != 0
    assert "ANYMAIL_WEBHOOK_SECRET is not" in result.stderr
    assert run_django(["check"], {**base, "ANYMAIL_WEBHOOK_SECRET": "hook:s3cret"}, tmp_path).returncode == 0
