"""The resources section's permissions: importing, the failing-links report, moderation (issue 14, item 10)."""

import pytest
from django.contrib.auth.models import Group

from resources.models import ResourceSuggestion, SuggestionStatus
from tests.admin_users import denied, sign_in_editor

pytestmark = pytest.mark.django_db

IMPORT = "/admin/resources/import/"
LINKS = "/admin/reports/failing-links/"


def admin_html(client):
    return client.get("/admin/").content.decode()


def test_an_editor_without_the_import_permission_is_turned_away_and_sees_no_menu_item(client):
    # Adding pages anywhere used to be what importing needed; now importing is its own permission.
    sign_in_editor(client, "wagtailcore.add_page")
    assert denied(client.get(IMPORT))
    assert IMPORT not in admin_html(client)


def test_an_editor_who_may_import_sees_the_screen_and_the_menu_item(client):
    sign_in_editor(client, "resources.import_resources")
    assert client.get(IMPORT).status_code == 200
    assert IMPORT in admin_html(client)


def test_the_failing_links_report_needs_its_permission(client):
    sign_in_editor(client)
    assert denied(client.get(LINKS))
    assert denied(client.get(LINKS + "?export=csv"))
    assert LINKS not in admin_html(client)


def test_an_editor_who_may_see_link_health_gets_the_report_and_its_menu_item(client):
    sign_in_editor(client, "resources.view_linkhealth")
    assert client.get(LINKS).status_code == 200
    assert LINKS in admin_html(client)


def test_moderating_suggestions_needs_the_change_permission(client):
    suggestion = ResourceSuggestion.objects.create(name="Tool", url="https://tool.example/", why="Good.")
    sign_in_editor(client, "resources.view_resourcesuggestion")
    assert denied(client.post(f"/admin/resources/suggestions/{suggestion.pk}/approve/"))
    assert denied(client.get(f"/admin/resources/suggestions/{suggestion.pk}/reject/"))
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.PENDING


def test_wagtail_s_default_groups_keep_the_report_and_do_not_import():
    for name in ("Editors", "Moderators"):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert "view_linkhealth" in codenames
        assert "import_resources" not in codenames


def test_the_permissions_can_be_granted_on_the_group_editing_screen(admin_client):
    html = admin_client.get("/admin/groups/new/").content.decode()
    assert "Can import resources from CSV" in html
