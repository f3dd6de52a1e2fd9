"""Editors hear of a new suggestion and the visitor hears the decision, by email, from the task worker."""

import email
import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks import default_task_backend

from resources.forms import sign_timestamp
from resources.models import ResourceSuggestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (the enqueueing, as in production): a test's transaction never commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


SUGGEST = "/resources/suggest/"


@pytest.fixture
def editors(django_user_model):
    moderators = Group.objects.create(name="Suggestion reviewers")
    moderators.permissions.add(Permission.objects.get(codename="change_resourcesuggestion"))
    moderator = django_user_model.objects.create_user("mo", "mo@example.com", "x")
    moderator.groups.add(moderators)
    django_user_model.objects.create_superuser("root", "root@example.com", "x")
    django_user_model.objects.create_user("writer", "writer@example.com", "x")  # may not approve
    django_user_model.objects.create_user("gone", "gone@example.com", "x", is_active=False).groups.add(moderators)
    return moderator


def suggest(client, **fields):
    data = {
        "name": "Plausible",
        "url": "https://plausible.io/",
        "why": "Cookieless analytics.",
        "email": "fan@example.com",
    }
    data.update(fields, website="", ts=sign_timestamp(time.time() - 30))
    return client.post(SUGGEST, data)


def received(smtp_sink):
    return {
        envelope.rcpt_tos[0]: email.message_from_bytes(envelope.content, policy=email.policy.default)
        for envelope in smtp_sink.messages
    }


def test_a_new_suggestion_emails_each_editor_who_can_approve(client, directory, editors, smtp_sink, committed):
    with committed():
        assert suggest(client).status_code == 302
    messages = received(smtp_sink)
    assert sorted(messages) == ["mo@example.com", "root@example.com"]
    message = messages["mo@example.com"]
    assert message["Subject"] == "New resource suggestion: Plausible"
    body = message.get_content()
    assert "https://plausible.io/" in body and "Cookieless analytics." in body
    assert "http://testserver/admin/snippets/resources/resourcesuggestion/" in body


def test_the_request_only_enqueues_the_email(client, directory, editors, settings, mailoutbox, committed):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with committed():
        assert suggest(client).status_code == 302
    assert mailoutbox == []
    enqueued = [result.task.name for result in default_task_backend.results]
    assert "tell_editors_of_suggestion" in enqueued


def test_rejecting_tells_the_visitor_why(admin_client, directory, smtp_sink, committed):
    suggestion = ResourceSuggestion.objects.create(
        name="Casino", url="https://casino.example/", why="Win.", email="v@example.com"
    )
    with committed():
        admin_client.post(f"/admin/resources/suggestions/{suggestion.pk}/reject/", {"reason": "Not about marketing."})
    message = received(smtp_sink)["v@example.com"]
    assert message["Subject"] == "About your suggestion “Casino”"
    assert "Not about marketing." in message.get_content()


def test_approving_tells_the_visitor(admin_client, directory, smtp_sink, committed):
    suggestion = ResourceSuggestion.objects.create(
        name="Plausible", url="https://plausible.io/", why="Good.", email="v@example.com"
    )
    with committed():
        admin_client.post(f"/admin/resources/suggestions/{suggestion.pk}/approve/")
        admin_client.post(f"/admin/resources/suggestions/{suggestion.pk}/approve/")  # a second click sends nothing
    assert [envelope.rcpt_tos for envelope in smtp_sink.messages] == [["v@example.com"]]
    assert "accepted" in received(smtp_sink)["v@example.com"]["Subject"]


def test_a_visitor_without_an_address_gets_nothing(admin_client, directory, smtp_sink, committed):
    suggestion = ResourceSuggestion.objects.create(name="Casino", url="https://casino.example/", why="Win.")
    with committed():
        admin_client.post(f"/admin/resources/suggestions/{suggestion.pk}/reject/", {"reason": "No."})
    assert smtp_sink.messages == []


def test_the_menu_and_dashboard_show_what_waits(admin_client, directory):
    ResourceSuggestion.objects.create(name="A", url="https://a.example/", why="A.")
    ResourceSuggestion.objects.create(name="B", url="https://b.example/", why="B.")
    html = admin_client.get("/admin/").content.decode()
    assert "Suggestions (2)" in html
    assert "2 resource suggestions waiting for review" in html


def test_the_sidebar_counts_pending_suggestions_in_one_query(admin_client, directory):
    ResourceSuggestion.objects.create(name="A", url="https://a.example/", why="A.")
    with CaptureQueriesContext(connection) as queries:
        html = admin_client.get("/admin/resources/pages/", follow=True).content.decode()
    assert "Resources (1)" in html and "Suggestions (1)" in html
    counted = [q["sql"] for q in queries if "resources_resourcesuggestion" in q["sql"] and "COUNT" in q["sql"]]
    assert len(counted) == 1, counted


def test_all_resources_opens_the_directory_in_the_explorer(admin_client, directory):
    response = admin_client.get("/admin/resources/pages/")
    assert response["Location"] == f"/admin/pages/{directory.pk}/"


def test_all_resources_without_a_directory_says_so(admin_client, home_page):
    response = admin_client.get("/admin/resources/pages/", follow=True)
    assert response.status_code == 200
    assert "There is no resources directory yet" in response.content.decode()
