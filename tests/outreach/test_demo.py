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


def test_the_demo_tracker_shows_on_the_dashboard_and_its_screens(client, django_user_model):
    call_command("load_demo")
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.com", "pw"))
    host = {"HTTP_HOST": "127.0.0.1:8000"}
    assert "1 follow-up due today" in client.get("/admin/", **host).content.decode()
    assert "Example Launch Studio" in client.get("/admin/outreach/due/", **host).content.decode()
    assert client.get("/admin/outreach/results/", **host).status_code == 200
    partner = Contact.objects.get(kind="partner")
    compose = client.get(f"/admin/outreach/contacts/{partner.pk}/write/", **host).content.decode()
    assert "is listed on" in compose  # the message it was told with, under "Messages so far"
