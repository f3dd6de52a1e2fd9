"""Contacts are not subscribers: the newsletter never reaches them; they can be imported without duplicates,
exported (formulas neutralised) and deleted with everything sent to them."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from newsletter import tasks
from newsletter.models import Campaign, Subscriber
from outreach.models import Contact, Outreach, Status
from outreach.writing import record
from tests.admin_users import denied, sign_in_editor
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

IMPORT = "/admin/outreach/import/"
LISTING = "/admin/snippets/outreach/contact/"
MODERATOR = (
    "outreach.view_contact",
    "outreach.add_contact",
    "outreach.change_contact",
    "outreach.delete_contact",
    "outreach.import_contacts",
    "outreach.export_contacts",
)


def upload(text, name="contacts.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_sending_an_issue_never_reaches_a_contact_who_is_not_a_subscriber(smtp_sink, home_page):
    Contact.objects.create(name="Riley", email="riley@blog.example.org", status=Status.AGREED)
    reader = SubscriberFactory(status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now())
    campaign = Campaign(subject="Issue one")
    campaign.body = [("heading", "Hello")]
    campaign.save()
    tasks.send_now(campaign)
    received = [rcpt for envelope in smtp_sink.messages for rcpt in envelope.rcpt_tos]
    assert received == [reader.email]


def test_contacts_and_subscribers_share_no_key():
    contact_relations = {field.related_model for field in Contact._meta.get_fields() if field.is_relation}
    assert Subscriber not in contact_relations
    assert Contact not in {field.related_model for field in Subscriber._meta.get_fields() if field.is_relation}


def test_a_dry_run_reports_every_row_and_imports_nothing(client, db):
    sign_in_editor(client, *MODERATOR)
    Contact.objects.create(name="Known", email="known@example.com")
    csv = (
        "name,email,kind,website,status\n"
        "Ada,ada@example.com,blogger,ada.example.com,\n"
        "Again,KNOWN@example.com,,,\n"
        "Twice,ada@EXAMPLE.com,,,\n"
        ",nobody@example.com,,,\n"
        "Forum,,community,https://forum.example.org/,\n"
        "Bad kind,b@example.com,wizard,,\n"
    )
    response = client.post(IMPORT, {"file": upload(csv), "dry_run": "on"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "data-new>2<" in page and "data-existing>1<" in page and "data-errors>3<" in page
    assert "appears earlier in the file" in page
    assert Contact.objects.count() == 1


def test_an_import_with_any_bad_row_writes_nothing_and_a_clean_one_writes_all(client, db):
    sign_in_editor(client, *MODERATOR)
    Contact.objects.create(name="Known", email="known@example.com")
    client.post(IMPORT, {"file": upload("name,email\nAda,ada@example.com\nBad,not-an-address\n")})
    assert Contact.objects.count() == 1
    response = client.post(
        IMPORT, {"file": upload("name,email,kind\nAda,ada@example.com,blogger\nK,Known@example.com,\n")}
    )
    assert "Imported 1 contacts" in response.content.decode() or response.status_code == 200
    assert sorted(Contact.objects.values_list("email", flat=True)) == ["ada@example.com", "known@example.com"]
    assert Contact.objects.get(email="ada@example.com").kind == "blogger"
    assert not Subscriber.objects.exists()  # an import of contacts adds nobody to the newsletter


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "file is empty"),
        (b"email\nx@example.com\n", "one of them “name”"),
        (b"\x00\x01\x02binary", "Save it as CSV"),
    ],
)
def test_a_file_that_is_not_a_contacts_csv_gets_a_clear_message(client, db, content, problem):
    sign_in_editor(client, *MODERATOR)
    response = client.post(IMPORT, {"file": SimpleUploadedFile("x.csv", content), "dry_run": "on"})
    assert response.status_code == 200 and problem.encode() in response.content


def test_importing_needs_the_import_permission(client, db):
    sign_in_editor(client, "outreach.view_contact", "outreach.add_contact")
    assert denied(client.get(IMPORT))
    assert denied(client.post(IMPORT, {"file": upload("name\nAda\n")}))
    assert not Contact.objects.exists()


def test_the_contacts_export_neutralises_formulas_and_needs_the_export_permission(client, db):
    Contact.objects.create(name="=HYPERLINK(1)", email="ada@example.com")
    sign_in_editor(client, "outreach.view_contact", username="viewer")
    assert denied(client.get(LISTING + "?export=csv"))
    client.logout()
    sign_in_editor(client, *MODERATOR)
    response = client.get(LISTING + "?export=csv")
    content = b"".join(response.streaming_content).decode()
    assert "ada@example.com" in content and "'=HYPERLINK(1)" in content


def test_a_contacts_data_download_has_every_message_sent_to_them(client, contact):
    record(contact, "Hi", "Body text", "mailto", None)
    sign_in_editor(client, *MODERATOR)
    response = client.get(f"/admin/outreach/contacts/{contact.pk}/data/")
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["email"] == contact.email and data["messages"][0]["body"] == "Body text"


def test_deleting_a_contact_deletes_what_was_sent_to_them(client, contact):
    record(contact, "Hi", "Body", "mailto", None)
    sign_in_editor(client, *MODERATOR)
    response = client.post(f"/admin/snippets/outreach/contact/delete/{contact.pk}/")
    assert response.status_code == 302
    assert not Contact.objects.exists() and not Outreach.objects.exists()
