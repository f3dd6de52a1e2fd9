"""The newsletter section's permissions: sending issues, exporting and importing subscribers (issue 14, item 10)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group

from newsletter.models import Campaign
from tests.admin_users import denied, sign_in_editor
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

CAMPAIGNS = "/admin/snippets/newsletter/campaign/"
SUBSCRIBERS = "/admin/snippets/newsletter/subscriber/"
IMPORT = "/admin/newsletter/import/"
DRAFTING = ("newsletter.view_campaign", "newsletter.add_campaign", "newsletter.change_campaign")


@pytest.fixture
def campaign(db):
    return Campaign.objects.create(subject="Issue one")


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def send_url(campaign):
    return f"/admin/newsletter/issues/{campaign.pk}/send/"


def test_an_editor_who_drafts_issues_can_not_send_them(client, campaign):
    sign_in_editor(client, *DRAFTING)
    assert denied(client.get(send_url(campaign)))
    assert denied(client.post(send_url(campaign), {"action": "send_now"}))
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT
    listing = soup(client.get(CAMPAIGNS))
    assert "Issue one" in listing.get_text()
    assert not listing.select(f'a[href="{send_url(campaign)}"]')
    edit = client.get(f"{CAMPAIGNS}edit/{campaign.pk}/")
    assert edit.status_code == 200
    assert not soup(edit).select(f'a[href="{send_url(campaign)}"]')


def test_an_editor_who_may_send_sees_the_send_screen_and_link(client, campaign):
    sign_in_editor(client, *DRAFTING, "newsletter.send_campaign")
    assert client.get(send_url(campaign)).status_code == 200
    assert soup(client.get(CAMPAIGNS)).select(f'a[href="{send_url(campaign)}"]')
    assert soup(client.get(f"{CAMPAIGNS}edit/{campaign.pk}/")).select(f'a[href="{send_url(campaign)}"]')


def test_previewing_an_issue_needs_the_view_permission(client, campaign):
    sign_in_editor(client)
    assert denied(client.get(f"/admin/newsletter/issues/{campaign.pk}/preview/email/"))


def test_an_editor_who_may_view_subscribers_can_not_export_them(client):
    SubscriberFactory(email="ada@example.com")
    sign_in_editor(client, "newsletter.view_subscriber")
    listing = client.get(SUBSCRIBERS)
    assert listing.status_code == 200
    assert "ada@example.com" in listing.content.decode()
    assert "Download CSV" not in listing.content.decode()
    for export in ("csv", "xlsx"):
        response = client.get(SUBSCRIBERS, {"export": export})
        assert denied(response)
        assert "ada@example.com" not in response.content.decode()


def test_an_editor_who_may_export_subscribers_downloads_them(client):
    SubscriberFactory(email="ada@example.com")
    sign_in_editor(client, "newsletter.view_subscriber", "newsletter.export_subscribers")
    assert "Download CSV" in client.get(SUBSCRIBERS).content.decode()
    response = client.get(SUBSCRIBERS, {"export": "csv"})
    assert response.status_code == 200
    assert "ada@example.com" in b"".join(response.streaming_content).decode()


def test_importing_subscribers_needs_its_own_permission_and_its_menu_item_follows(client):
    sign_in_editor(client, "newsletter.add_subscriber", "newsletter.view_subscriber")
    assert denied(client.get(IMPORT))
    assert IMPORT not in client.get("/admin/").content.decode()


def test_an_editor_who_may_import_sees_the_import_screen_and_menu_item(client):
    sign_in_editor(client, "newsletter.import_subscribers")
    assert client.get(IMPORT).status_code == 200
    assert IMPORT in client.get("/admin/").content.decode()


def test_the_dashboard_shows_subscriber_counts_only_to_those_who_may_view_subscribers(client):
    sign_in_editor(client)
    assert soup(client.get("/admin/")).select_one("#newsletter-summary-heading") is None
    client.logout()
    sign_in_editor(client, "newsletter.view_subscriber", username="reader")
    assert soup(client.get("/admin/")).select_one("#newsletter-summary-heading") is not None


def test_wagtail_s_default_groups_get_sensible_newsletter_permissions():
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    moderators = set(Group.objects.get(name="Moderators").permissions.values_list("codename", flat=True))
    assert {"add_campaign", "change_campaign", "view_campaign"} <= editors
    assert not {"send_campaign", "export_subscribers", "import_subscribers"} & editors
    assert {"send_campaign", "view_subscriber", "export_subscribers"} <= moderators


def test_the_permissions_can_be_granted_on_the_group_editing_screen(admin_client):
    html = admin_client.get("/admin/groups/new/").content.decode()
    for label in ("Can send, schedule and cancel", "Can export subscribers", "Can import subscribers"):
        assert label in html
