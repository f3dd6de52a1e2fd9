"""Hostile input on the outreach screens: any compose form, query string or CSV file gets a clear answer, never a
5xx, and never more than one message to the one contact in the URL."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from outreach.models import Outreach
from tests.admin_users import admin_editor

pytestmark = pytest.mark.django_db

FUZZ = hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
NASTY = [
    "²", "٣", "99999999999999999999999", "-1", "0", "\x00", "%00", "' OR 1=1 --", "<script>alert(1)</script>",
    "a" * 3000, "", " ", "=1+2", "\r\nBcc: all@example.com", "{name.__class__}", "{name}{site}", "😀" * 50,
]  # fmt: skip
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
value = st.one_of(st.sampled_from(NASTY), text)


@pytest.fixture
def signed_in(db):
    client = Client(raise_request_exception=False)
    client.force_login(
        admin_editor(
            "outreach.view_contact",
            "outreach.change_contact",
            "outreach.send_outreach",
            "outreach.import_contacts",
            username="fuzzer",
        )
    )
    return client


@FUZZ
@given(
    data=st.dictionaries(st.sampled_from(["subject", "body", "action", "template", "post", "to"]), value, max_size=6),
    action=st.sampled_from(["send", "sent_mailto", "other"]),
)
def test_any_compose_form_gets_an_answer_and_at_most_one_message(signed_in, contact, template, data, action):
    sent_before, recorded_before = len(mail.outbox), Outreach.objects.count()
    data = {"action": action, **data}
    response = signed_in.post(f"/admin/outreach/contacts/{contact.pk}/write/", data)
    assert response.status_code in (200, 302, 400)
    assert len(mail.outbox) - sent_before <= 1 and Outreach.objects.count() - recorded_before <= 1
    for message in mail.outbox[sent_before:]:
        assert message.recipients() == [contact.email]
        # Plain text only: an EmailMessage (no HTML alternative), never attachments such as a pixel.
        assert message.content_subtype == "plain" and not getattr(message, "alternatives", None)
        assert not message.attachments
        assert "\n" not in message.subject and "\r" not in message.subject


@FUZZ
@given(query=st.dictionaries(st.sampled_from(["template", "post"]), value, max_size=2))
def test_any_compose_query_string_renders(signed_in, contact, query):
    response = signed_in.get(f"/admin/outreach/contacts/{contact.pk}/write/", query)
    assert response.status_code == 200


csv_text = st.lists(st.lists(value, max_size=7), max_size=8).map(
    lambda rows: "\n".join(",".join(cell.replace(",", " ") for cell in row) for row in rows)
)


@FUZZ
@given(
    content=st.one_of(
        st.binary(max_size=500),
        csv_text.map(lambda body: ("name,email,kind,website,notes,status\n" + body).encode()),
    ),
    dry_run=st.booleans(),
)
def test_any_csv_file_gets_a_report_never_a_5xx(signed_in, content, dry_run):
    data = {"file": SimpleUploadedFile("contacts.csv", content, content_type="text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    response = signed_in.post("/admin/outreach/import/", data)
    assert response.status_code == 200
