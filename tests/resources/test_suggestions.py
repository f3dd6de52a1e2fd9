import time

import pytest
from bs4 import BeautifulSoup
from django.core import signing

from resources.forms import TIMESTAMP_SALT, sign_timestamp
from resources.models import ResourcePage, ResourceSuggestion, SuggestionStatus
from tests.factories import ResourcePageFactory

pytestmark = pytest.mark.django_db

SUGGEST = "/resources/suggest/"


@pytest.fixture
def data():
    return {
        "name": "Plausible",
        "url": "https://plausible.io/",
        "why": "Cookieless analytics you can self-host.",
        "email": "fan@example.com",
        "website": "",
        "ts": sign_timestamp(time.time() - 30),
    }


def errors(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(e.get_text() for e in soup.select(".form-field__error, .form-errors"))


def test_form_renders(client, directory):
    response = client.get("/resources/suggest/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("input[name=ts]")["value"]
    assert soup.select_one(".suggest-form__trap")["aria-hidden"] == "true"


def test_valid_suggestion_reaches_the_queue(client, directory, data):
    response = client.post("/resources/suggest/", data)
    assert response.status_code == 302
    assert response["Location"] == "/resources/suggest/?sent=1"
    suggestion = ResourceSuggestion.objects.get()
    assert suggestion.status == SuggestionStatus.PENDING
    assert suggestion.email == "fan@example.com"
    assert "Thank you" in client.get(response["Location"]).content.decode()


def test_email_is_optional(client, directory, data):
    data["email"] = ""
    assert client.post("/resources/suggest/", data).status_code == 302


def test_honeypot_pretends_success_and_saves_nothing(client, directory, data):
    data["website"] = "http://spam.example/"
    response = client.post("/resources/suggest/", data)
    assert response.status_code == 302
    assert not ResourceSuggestion.objects.exists()


def test_time_trap_rejects_instant_posts(client, directory, data):
    started = int(time.time()) - 1
    data["ts"] = sign_timestamp(started)
    response = client.post("/resources/suggest/", data)
    assert response.status_code == 400
    assert "quicker than anyone" in errors(response)
    assert not ResourceSuggestion.objects.exists()
    # The form comes back with a fresh timestamp, so the visitor's next try counts from now.
    soup = BeautifulSoup(response.content, "html.parser")
    assert signing.loads(soup.select_one("input[name=ts]")["value"], salt=TIMESTAMP_SALT) > started


@pytest.mark.parametrize("ts", ["", "garbage", "1234:abc"])
def test_tampered_timestamp(client, directory, data, ts):
    data["ts"] = ts
    response = client.post("/resources/suggest/", data)
    assert response.status_code == 400
    assert not ResourceSuggestion.objects.exists()


def test_expired_timestamp(client, directory, data, monkeypatch):
    long_ago = time.time() - 3 * 86400
    monkeypatch.setattr(signing.time, "time", lambda: long_ago)
    data["ts"] = sign_timestamp(long_ago)
    monkeypatch.undo()
    response = client.post("/resources/suggest/", data)
    assert response.status_code == 400
    assert "expired" in errors(response)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("name", "", "resource's name"),
        ("url", "", "web address"),
        ("url", "not a url", "full web address"),
        ("url", "ftp://files.example/", "starting with http"),
        ("url", "javascript:alert(1)", "web address"),
        ("why", "", "why it helps"),
        ("email", "not-an-email", "email address"),
        ("name", "x" * 500, "at most"),
    ],
)
def test_bad_input_is_explained(client, directory, data, field, value, message):
    data[field] = value
    response = client.post("/resources/suggest/", data)
    assert response.status_code == 400
    assert message in errors(response)
    assert not ResourceSuggestion.objects.exists()


def test_url_already_listed(client, directory, data):
    ResourcePageFactory(parent=directory, external_url="https://plausible.io/")
    response = client.post("/resources/suggest/", data)
    assert response.status_code == 400
    assert "already in the directory" in errors(response)


def test_rate_limit_per_ip(client, directory, data, settings):
    settings.RESOURCES_SUGGEST_RATE = "2/h"
    for n in range(2):
        data["url"] = f"https://tool{n}.example/"
        assert client.post("/resources/suggest/", data).status_code == 302
    data["url"] = "https://tool9.example/"
    response = client.post("/resources/suggest/", data)
    assert response.status_code == 400
    assert "try again later" in errors(response)
    assert ResourceSuggestion.objects.count() == 2
    other = client.post("/resources/suggest/", {**data, "url": "https://other.example/"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_an_empty_post_over_the_limit_is_told_to_wait_not_a_500(client, directory, settings):
    settings.RESOURCES_SUGGEST_RATE = "1/h"
    assert client.post("/resources/suggest/", {}).status_code == 400
    response = client.post("/resources/suggest/", {})
    assert response.status_code == 400
    assert "try again later" in errors(response)


def test_rate_limit_per_ip_holds_whatever_forwarded_header_the_client_sends(client, directory, data, settings):
    settings.RESOURCES_SUGGEST_RATE = "2/h"
    settings.TRUSTED_PROXY_COUNT = 1
    statuses = []
    for n in range(4):
        data["url"] = f"https://tool{n}.example/"
        # The client forges the start of the header; the proxy (REMOTE_ADDR 10.0.0.1) appends the real address.
        forwarded = f"192.0.2.{n}, 203.0.113.9"
        statuses.append(client.post(SUGGEST, data, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded))
    assert [response.status_code for response in statuses] == [302, 302, 400, 400]
    assert "try again later" in errors(statuses[-1])
    assert ResourceSuggestion.objects.count() == 2
    # Another visitor behind the same proxy is not limited by this one.
    other = {**data, "url": "https://other.example/"}
    response = client.post(SUGGEST, other, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert response.status_code == 302


def test_approve_makes_a_draft_resource(admin_client, directory):
    suggestion = ResourceSuggestion.objects.create(name="Plausible", url="https://plausible.io/", why="Good.")
    response = admin_client.post(f"/admin/resources/suggestions/{suggestion.pk}/approve/")
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.APPROVED
    page = ResourcePage.objects.get(external_url="https://plausible.io/")
    assert not page.live
    assert page.get_parent().pk == directory.pk
    assert suggestion.resource_id == page.pk
    assert page.get_latest_revision() is not None
    # Approving twice does nothing more.
    admin_client.post(f"/admin/resources/suggestions/{suggestion.pk}/approve/")
    assert ResourcePage.objects.filter(external_url="https://plausible.io/").count() == 1


def test_approve_asks_first_and_needs_post_and_permission(client, admin_client, directory, django_user_model):
    suggestion = ResourceSuggestion.objects.create(name="X", url="https://x.example/", why="Y", email="v@example.com")
    asked = admin_client.get(f"/admin/resources/suggestions/{suggestion.pk}/approve/")
    assert asked.status_code == 200
    warning = BeautifulSoup(asked.content, "html.parser").select_one("[data-tells-visitor]")
    assert "v@example.com is emailed" in warning.text
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.PENDING
    assert admin_client.put(f"/admin/resources/suggestions/{suggestion.pk}/approve/").status_code == 405
    response = client.post(f"/admin/resources/suggestions/{suggestion.pk}/approve/")
    assert response.status_code in (302, 403)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.PENDING
    assert admin_client.post("/admin/resources/suggestions/99999/approve/").status_code == 404


def test_reject_records_the_reason(admin_client, directory):
    suggestion = ResourceSuggestion.objects.create(name="Spammy", url="https://spam.example/", why="Buy.")
    form = admin_client.get(f"/admin/resources/suggestions/{suggestion.pk}/reject/")
    assert form.status_code == 200
    empty = admin_client.post(f"/admin/resources/suggestions/{suggestion.pk}/reject/", {"reason": ""})
    assert empty.status_code == 400
    assert b"Please say why" in empty.content
    response = admin_client.post(f"/admin/resources/suggestions/{suggestion.pk}/reject/", {"reason": "Off topic."})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED
    assert suggestion.reject_reason == "Off topic."
    assert suggestion.decided_by is not None


def test_moderation_queue_lists_suggestions_with_actions(admin_client, directory):
    suggestion = ResourceSuggestion.objects.create(name="Plausible", url="https://plausible.io/", why="Good.")
    response = admin_client.get("/admin/snippets/resources/resourcesuggestion/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Plausible" in content
    assert f"/admin/resources/suggestions/{suggestion.pk}/approve/" in content
    assert f"/admin/resources/suggestions/{suggestion.pk}/reject/" in content
