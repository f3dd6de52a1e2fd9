"""Referral codes and counts survive the subscriber export and import, and a backup and restore."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from launch import referrals
from newsletter.models import Subscriber
from tests.launch.conftest import confirmed

SUBSCRIBERS = "/admin/snippets/newsletter/subscriber/"
IMPORT = "/admin/newsletter/import/"


def waitlist():
    ada = confirmed("ada@example.com", days_ago=9, code="ada-code")
    grace = confirmed("grace@example.com", days_ago=8, referred_by=ada, code="grace-code")
    confirmed("linus@example.com", days_ago=7, referred_by=ada)
    confirmed("margaret@example.com", days_ago=6, referred_by=grace)
    Subscriber.objects.create(email="pending@example.com", referred_by=grace)


def counts():
    return {s.email: s.referral_count for s in referrals.top_referrers()}


@pytest.mark.django_db
def test_export_then_import_keeps_codes_and_referral_counts(admin_client, home_page):
    waitlist()
    before = counts()
    assert before == {"ada@example.com": 2, "grace@example.com": 1}
    exported = b"".join(admin_client.get(SUBSCRIBERS, {"export": "csv"}).streaming_content).decode()
    header = exported.splitlines()[0].lower()
    assert "referral_code" in header and "referred_by" in header

    Subscriber.objects.all().delete()
    upload = SimpleUploadedFile("list.csv", exported.encode(), content_type="text/csv")
    response = admin_client.post(IMPORT, {"file": upload, "attest": "on"})
    assert response.status_code == 200
    assert counts() == before
    assert Subscriber.objects.get(email="ada@example.com").referral_code == "ada-code"


@pytest.mark.django_db
def test_an_import_refuses_a_malformed_referral_code_with_a_message(admin_client, home_page):
    content = "email,referral_code,referred_by\nx@example.com,bad code!,\ny@example.com,,not-an-address\n"
    upload = SimpleUploadedFile("list.csv", content.encode(), content_type="text/csv")
    response = admin_client.post(IMPORT, {"file": upload, "attest": "on"})
    page = response.content.decode()
    assert "referral code: letters, digits" in page and "referred_by is not a valid email address" in page
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
def test_an_import_keeps_existing_codes_and_skips_a_code_someone_else_has(admin_client, home_page):
    confirmed("ada@example.com", code="taken")
    content = "email,referral_code,referred_by\nnew@example.com,taken,ada@example.com\n"
    upload = SimpleUploadedFile("list.csv", content.encode(), content_type="text/csv")
    admin_client.post(IMPORT, {"file": upload, "attest": "on"})
    new = Subscriber.objects.get(email="new@example.com")
    assert new.referral_code is None and new.referred_by.email == "ada@example.com"


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_keeps_codes_and_referral_counts(home_page, tmp_path):
    waitlist()
    before = counts()
    places = {s.email: referrals.place_in_line(s) for s in Subscriber.objects.confirmed()}
    archive = tmp_path / "site.zip"
    call_command("backup", str(archive), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    assert not Subscriber.objects.exists()

    call_command("restore", str(archive), stdout=io.StringIO())
    assert counts() == before
    assert {s.email: referrals.place_in_line(s) for s in Subscriber.objects.confirmed()} == places
    assert Subscriber.objects.get(email="grace@example.com").referral_code == "grace-code"


@pytest.mark.django_db
def test_the_subscribers_data_download_carries_the_referrals(home_page):
    waitlist()
    grace = Subscriber.objects.get(email="grace@example.com")
    data = grace.as_data()
    assert data["referrals"] == {
        "referral_code": "grace-code",
        "confirmed_referrals": 1,
        "referred_by": "ada@example.com",
    }
