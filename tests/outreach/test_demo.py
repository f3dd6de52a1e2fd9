import pytest
from django.core.management import call_command
from django.utils import timezone

from outreach.models import Contact, Outreach, Status
from resources.models import Kind

pytestmark = pytest.mark.django_db


def test_the_demo_has_three_contacts_in_three_states_and_a_partner_told_it_is_listed(client):
    call_command("load_demo")
    call_command("load_demo")  # twice: the same tracker
    assert Contact.objects.count() == 3
    assert set(Contact.objects.values_list("status", flat=True)) == {
        Status.CONTACTED,
        Status.REPLIED,
        Status.TO_CONTACT,
    }
    (due,) = Contact.objects.due(timezone.localdate())
    assert due.follow_up_on == timezone.localdate()
    assert due.resource.kind == Kind.PARTNER and due.resource.live
    told = Outreach.objects.get(contact=due)
    assert "is listed on" in told.subject and due.resource.title in told.body
    assert Outreach.objects.count() == 2
    assert Contact.objects.get(status=Status.REPLIED).posts.exists()
