"""The analytics section's permissions: view the report, export it, send the digest to everyone (issue 14, item 10)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group

from analytics import digest
from analytics.models import DigestPreference
from tests.admin_users import admin_editor, denied, sign_in_editor

pytestmark = pytest.mark.django_db

VIEW, EXPORT, SEND = "analytics.view_report", "analytics.export_report", "analytics.send_digest"
VIEW_URLS = ["/admin/analytics/", "/admin/analytics/digest/"]
CSV = "/admin/analytics/?period=7&format=csv&table=daily"


def dashboard(client):
    return BeautifulSoup(client.get("/admin/").content, "html.parser")


def test_an_editor_without_the_view_permission_is_turned_away_and_sees_no_menu_item_or_panel(client):
    sign_in_editor(client)
    for url in [*VIEW_URLS, CSV]:
        assert denied(client.get(url)), url
    assert denied(client.post("/admin/analytics/digest/send/", {"to": "me"}))
    assert denied(client.post("/admin/analytics/digest/preference/", {"weekly_digest": "on"}))
    assert not DigestPreference.objects.exists()
    page = dashboard(client)
    assert page.select_one("#analytics-panel-heading") is None
    assert "/admin/analytics/" not in str(page)  # the sidebar's menu is in the page's JSON


def test_an_editor_who_may_view_sees_the_report_but_neither_exports_nor_sends_to_everyone(client, mailoutbox):
    sign_in_editor(client, VIEW)
    DigestPreference.objects.create(user=admin_editor(VIEW, username="ada"), weekly_digest=True)
    for url in VIEW_URLS:
        assert client.get(url).status_code == 200, url
    report = BeautifulSoup(client.get("/admin/analytics/").content, "html.parser")
    assert not report.select('a[href*="format=csv"]')
    assert not report.select('button[name="to"][value="all"]')
    assert report.select('button[name="to"][value="me"]')
    assert denied(client.get(CSV))
    assert denied(client.post("/admin/analytics/digest/send/", {"to": "all"}))
    assert mailoutbox == []
    client.post("/admin/analytics/digest/send/", {"to": "me"})
    assert [message.to for message in mailoutbox] == [["editor@example.com"]]
    assert dashboard(client).select_one("#analytics-panel-heading") is not None


def test_an_editor_who_may_export_downloads_the_csv(client):
    sign_in_editor(client, VIEW, EXPORT)
    response = client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    report = BeautifulSoup(client.get("/admin/analytics/").content, "html.parser")
    assert report.select('a[href*="format=csv"]')


def test_an_editor_who_may_send_sends_the_digest_to_every_opted_in_editor_who_may_see_it(client, mailoutbox):
    sign_in_editor(client, VIEW, SEND)
    reader = admin_editor(VIEW, username="reader")
    former = admin_editor(username="former")  # opted in, then lost the permission
    for user in (reader, former):
        DigestPreference.objects.create(user=user, weekly_digest=True)
    report = BeautifulSoup(client.get("/admin/analytics/").content, "html.parser")
    assert report.select('button[name="to"][value="all"]')
    client.post("/admin/analytics/digest/send/", {"to": "all"})
    assert [message.to for message in mailoutbox] == [["reader@example.com"]]
    assert digest.recipients() == ["reader@example.com"]


def test_wagtail_s_default_groups_get_sensible_analytics_permissions():
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    moderators = set(Group.objects.get(name="Moderators").permissions.values_list("codename", flat=True))
    assert "view_report" in editors and not {"export_report", "send_digest"} & editors
    assert {"view_report", "export_report", "send_digest"} <= moderators


def test_the_permissions_can_be_granted_on_the_group_editing_screen(admin_client):
    html = admin_client.get("/admin/groups/new/").content.decode()
    for label in ("Can view analytics reports", "Can export analytics reports as CSV", "Can send the analytics digest"):
        assert label in html
