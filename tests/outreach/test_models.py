"""Contacts' statuses and follow-ups: writing sets the follow-up, an answer clears it, due lists what has come."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError

from outreach.models import Contact, Status
from outreach.writing import record

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)


def test_writing_to_a_contact_marks_it_contacted_with_a_follow_up_after_the_default_delay(contact, settings):
    settings.OUTREACH_FOLLOW_UP_DAYS = 5
    message = record(contact, "Hi", "Body", "mailto", None, today=TODAY)
    contact.refresh_from_db()
    assert contact.status == Status.CONTACTED
    assert contact.follow_up_on == TODAY + timedelta(days=5)
    assert message.status == Status.TO_CONTACT  # what it was when the message was written


@pytest.mark.parametrize("answer", [Status.REPLIED, Status.AGREED, Status.DECLINED])
def test_an_answer_stops_the_follow_up(contact, answer):
    contact.set_status(Status.CONTACTED, today=TODAY)
    contact.set_status(answer)
    contact.refresh_from_db()
    assert contact.follow_up_on is None
    assert not Contact.objects.due(TODAY + timedelta(days=30)).exists()


def test_a_contact_marked_contacted_in_its_edit_form_gets_a_follow_up_date(contact):
    contact.status = Status.CONTACTED
    contact.save()
    assert contact.follow_up_on is not None


def test_due_lists_contacted_people_whose_follow_up_has_come_oldest_first(db):
    later = Contact.objects.create(name="B", status=Status.CONTACTED, follow_up_on=TODAY)
    earlier = Contact.objects.create(name="A", status=Status.CONTACTED, follow_up_on=TODAY - timedelta(days=2))
    Contact.objects.create(name="C", status=Status.CONTACTED, follow_up_on=TODAY + timedelta(days=1))
    Contact.objects.create(name="D", status=Status.REPLIED)
    assert list(Contact.objects.due(TODAY)) == [earlier, later]


def test_two_contacts_can_not_share_an_email_address_in_any_case(contact):
    with pytest.raises(IntegrityError):
        Contact.objects.create(name="Again", email="RILEY@blog.example.org")


def test_communities_without_an_address_are_not_duplicates_of_each_other(db):
    Contact.objects.create(name="Forum one", kind="community")
    Contact.objects.create(name="Forum two", kind="community")
    assert Contact.objects.filter(email="").count() == 2


def test_a_contacts_host_is_their_sites_without_www(contact):
    assert contact.host == "blog.example.org"
