"""Results: a listing, a link from their site, visits and signups from their domain, in a constant number of
queries however many contacts there are."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analytics.models import DailyStat, Dimension
from outreach.models import Contact
from outreach.results import results_for
from tests.factories import ResourceIndexPageFactory, ResourcePageFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def referrer_visits(host, views, day=date(2026, 11, 20)):
    DailyStat.objects.create(day=day, dimension=Dimension.REFERRER, key=host, views=views, visitors=views)


def test_results_show_listings_links_visits_and_signups_from_a_contacts_domain(home_page):
    index = ResourceIndexPageFactory(parent=home_page)
    Contact.objects.create(
        name="Partner", website="https://www.partner.example/", resource=ResourcePageFactory(parent=index)
    )
    draft = ResourcePageFactory(parent=index, live=False)
    unlisted = Contact.objects.create(name="Draft", website="https://draft.example/", resource=draft)
    quiet = Contact.objects.create(name="Quiet", website="https://quiet.example/")
    referrer_visits("partner.example", 7)
    referrer_visits("partner.example", 3, day=date(2026, 11, 21))
    SubscriberFactory(referrer="https://partner.example/blog/launch-tools/")
    SubscriberFactory(referrer="https://notpartner.example.com/")  # another host that merely contains the name
    by_name = {result.contact.name: result for result in results_for(Contact.objects.all())}
    assert (by_name["Partner"].listed, by_name["Partner"].linked) == (True, True)
    assert (by_name["Partner"].visits, by_name["Partner"].signups) == (10, 1)
    assert not by_name["Draft"].listed and not by_name["Quiet"].anything
    assert unlisted and quiet


def test_the_results_cost_the_same_queries_for_two_contacts_or_twenty(client, home_page):
    from tests.admin_users import sign_in_editor

    sign_in_editor(client, "outreach.view_contact")

    def queries_with(count):
        for n in range(Contact.objects.count(), count):
            Contact.objects.create(name=f"C{n}", website=f"https://site{n}.example/")
            referrer_visits(f"site{n}.example", n + 1)
            SubscriberFactory(referrer=f"https://site{n}.example/")
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/admin/outreach/results/")
        assert response.status_code == 200
        return len(captured)

    assert queries_with(2) == queries_with(20)
