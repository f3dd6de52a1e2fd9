"""Scheduling a page: the dialog says which time zone its times are in, and its date picker leaves Save in reach."""

from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from home.models import HomePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_schedule_dialog_names_the_time_zone_and_saves(home_page, admin_page, live_server, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    page = admin_page
    page.goto(f"{live_server.url}/admin/pages/{home_page.pk}/edit/")
    page.get_by_role("button", name="Toggle status").click()
    page.get_by_role("button", name="Set schedule").click()
    dialog = page.get_by_role("dialog", name="Set publishing schedule")
    expect(dialog.get_by_text("Time zone: Europe/Berlin.")).to_have_count(2)
    go_live = dialog.get_by_role("textbox", name="Go live date/time")
    # As a person does: click into the field, and Wagtail's date picker opens under it, over "Save schedule"...
    go_live.click()
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(1)
    # ...then type the date: the picker gets out of the way, so the button is there to press.
    go_live.press_sequentially("2031-05-04 09:30")
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)
    dialog.get_by_role("button", name="Save schedule").click()
    expect(page.locator(".messages")).to_contain_text("has been updated")
    draft = HomePage.objects.get(pk=home_page.pk).get_latest_revision_as_object()
    assert draft.go_live_at.astimezone(ZoneInfo("Europe/Berlin")).strftime("%Y-%m-%d %H:%M") == "2031-05-04 09:30"
