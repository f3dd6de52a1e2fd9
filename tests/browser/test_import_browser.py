"""An editor moves a list from Mailchimp: checks the file in a dry run, then imports it, and the times are kept."""

import datetime

import pytest
from playwright.sync_api import expect

from newsletter.models import Subscriber

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAILCHIMP_UNSUBSCRIBED = (
    "Email Address,OPTIN_TIME,UNSUB_TIME\n"
    "left@example.com,2021-01-01 10:00:00,2022-01-01 10:00:00\n"
    "soon@example.com,2021-01-01 10:00:00,2999-01-01 10:00:00\n"
)


def test_an_editor_imports_mailchimps_unsubscribed_export_and_nobody_is_subscribed(admin_page, tmp_path):
    page = admin_page
    export = tmp_path / "unsubscribed_members_export.csv"
    export.write_text(MAILCHIMP_UNSUBSCRIBED)
    page.get_by_role("navigation", name="Main menu").get_by_role("button", name="Newsletter").click()
    page.get_by_role("link", name="Import subscribers").click()
    page.get_by_label("File:", exact=True).set_input_files(export)
    page.get_by_label("I confirm that every address").check()
    page.get_by_role("button", name="Check and import").click()  # a dry run first: the box is ticked
    expect(page.get_by_role("heading", name="Dry run: nothing was imported")).to_be_visible()
    expect(page.locator("[data-report]")).to_contain_text("unsub_time: 2999-01-01 10:00:00 is in the future")
    assert not Subscriber.objects.exists()

    page.get_by_label("File:", exact=True).set_input_files(export)
    page.get_by_role("checkbox", name="Dry run").uncheck()
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("heading", name="Imported")).to_be_visible()
    left = Subscriber.objects.get()
    assert (left.email, left.status) == ("left@example.com", "unsubscribed")
    assert left.unsubscribed_at == datetime.datetime(2022, 1, 1, 10, tzinfo=datetime.UTC)
    assert left.confirmed_at == datetime.datetime(2021, 1, 1, 10, tzinfo=datetime.UTC)
