"""An issue's results page (issue 15, item 4): what it delivered, what readers clicked, what it caused and led to."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail import hooks

from analytics.models import DailyStat, Dimension
from newsletter import demo
from newsletter.models import Campaign, Delivery, IssueClick, IssueLink, Subscriber
from newsletter.results import issue_results
from tests.admin_users import denied, sign_in_editor
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

SENT = timezone.now() - timedelta(days=3)


def results_url(campaign):
    return f"/admin/newsletter/issues/{campaign.pk}/results/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def cell(page, name):
    return page.select_one(f"[data-{name}]").get_text(" ", strip=True)


def issue(slug="issue-one", sent=SENT, **kwargs):
    return Campaign.objects.create(
        subject=slug.replace("-", " ").title(), slug=slug, status=Campaign.Status.SENT, started_at=sent, **kwargs
    )


def deliver(campaign, subscriber, status=Delivery.Status.SENT, at=SENT):
    return Delivery.objects.create(
        campaign=campaign, subscriber=subscriber, status=status, sent_at=at if status == "sent" else None, handed_at=at
    )


def sent_to(campaign, n, links=2, clicks_each=1):
    """n readers who got the issue; each clicks the first link `clicks_each` times and the others once."""
    rows = [
        IssueLink.objects.create(campaign=campaign, url=f"https://example.com/{i}/", position=i) for i in range(links)
    ]
    for _ in range(n):
        reader = SubscriberFactory(status=Subscriber.Status.CONFIRMED)
        delivery = deliver(campaign, reader)
        for index, link in enumerate(rows):
            for _ in range(clicks_each if index == 0 else 1):
                IssueClick.objects.create(link=link, delivery=delivery, subscriber=reader, clicked_at=SENT)
    return rows


def test_the_results_page_shows_every_number(client):
    campaign = issue()
    sign_in_editor(client, "newsletter.view_campaign")
    sent_to(campaign, 3, links=2, clicks_each=2)
    silent = SubscriberFactory(status=Subscriber.Status.CONFIRMED)
    deliver(campaign, silent)
    deliver(campaign, SubscriberFactory(), status=Delivery.Status.FAILED)
    deliver(campaign, SubscriberFactory(), status=Delivery.Status.UNKNOWN)
    # Caused by this issue: one unsubscribe a day later, one bounce an hour later.
    Subscriber.objects.filter(pk=silent.pk).update(status="unsubscribed", unsubscribed_at=SENT + timedelta(days=1))
    bounced = SubscriberFactory(status=Subscriber.Status.CONFIRMED)
    deliver(campaign, bounced)
    Subscriber.objects.filter(pk=bounced.pk).update(status="bounced", bounced_at=SENT + timedelta(hours=1))
    # Led to: a signup carrying its tags, and visits the analytics counted with them.
    SubscriberFactory(utm_source="newsletter", utm_medium="email", utm_campaign="issue-one")
    SubscriberFactory(utm_source="newsletter", utm_campaign="another-issue")
    DailyStat.objects.create(
        day=SENT.date(), dimension=Dimension.UTM, key="newsletter / email / issue-one", views=40, visitors=25
    )

    page = soup(client.get(results_url(campaign)))

    assert cell(page, "delivered") == "5"
    assert cell(page, "failed") == "1" and cell(page, "unknown") == "1"
    assert cell(page, "clicks") == "9"  # 3 readers, (2 + 1) each
    assert cell(page, "clickers") == "3 (60.0% of delivered)"
    assert cell(page, "unsubscribes") == "1" and cell(page, "bounces") == "1"
    assert cell(page, "signups") == "1"
    assert cell(page, "views") == "40" and cell(page, "visitors") == "25"
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in page.select("[data-results-links] tbody tr")]
    assert rows == [["https://example.com/0/", "6", "3"], ["https://example.com/1/", "3", "3"]]
    assert page.select_one("svg.analytics-chart title").get_text().startswith("Clicks per day")
    assert not page.select("[data-opens]")  # open tracking is off


def test_unsubscribes_count_for_the_last_issue_before_them_within_the_window():
    first, second = issue("first", sent=SENT - timedelta(days=2)), issue("second")
    left_after_second, left_after_first, left_late = (SubscriberFactory() for _ in range(3))
    for reader in (left_after_second, left_after_first, left_late):
        deliver(first, reader, at=SENT - timedelta(days=2))
    deliver(second, left_after_second)
    deliver(second, left_late)
    Subscriber.objects.filter(pk=left_after_second.pk).update(
        status="unsubscribed", unsubscribed_at=SENT + timedelta(hours=2)
    )
    Subscriber.objects.filter(pk=left_after_first.pk).update(
        status="unsubscribed", unsubscribed_at=SENT - timedelta(days=1)
    )
    Subscriber.objects.filter(pk=left_late.pk).update(status="unsubscribed", unsubscribed_at=SENT + timedelta(days=30))

    assert issue_results(first).unsubscribes == 1
    assert issue_results(second).unsubscribes == 1


def test_the_page_costs_the_same_queries_for_more_links_and_readers(client):
    sign_in_editor(client, "newsletter.view_campaign")
    small, large = issue("small"), issue("large")
    sent_to(small, 1, links=1)
    sent_to(large, 12, links=6, clicks_each=3)

    def queries(campaign):
        with CaptureQueriesContext(connection) as context:
            assert client.get(results_url(campaign)).status_code == 200
        return len(context)

    queries(small)  # the first request of a session warms the admin's own caches
    assert queries(large) == queries(small)


def test_whoever_may_view_issues_sees_results_and_the_links_to_them(client):
    campaign = issue()
    sign_in_editor(client, "newsletter.view_campaign", "newsletter.change_campaign")
    assert client.get(results_url(campaign)).status_code == 200
    listing = soup(client.get("/admin/snippets/newsletter/campaign/"))
    assert listing.select(f'a[href="{results_url(campaign)}"]')
    edit = soup(client.get(f"/admin/snippets/newsletter/campaign/edit/{campaign.pk}/"))
    assert edit.select(f'a[href="{results_url(campaign)}"]')


def test_drafts_have_no_results_link_and_others_may_not_see_results(client):
    draft = Campaign.objects.create(subject="Draft")
    sign_in_editor(client, "newsletter.view_campaign")
    assert not soup(client.get("/admin/snippets/newsletter/campaign/")).select(f'a[href="{results_url(draft)}"]')
    client.logout()
    sign_in_editor(client, "newsletter.view_subscriber", username="other")
    assert denied(client.get(results_url(issue())))


def test_an_unknown_issue_answers_404(client):
    sign_in_editor(client, "newsletter.view_campaign")
    assert client.get("/admin/newsletter/issues/999999/results/").status_code == 404


def test_the_subscriber_profile_section_lists_issues_and_clicks(rf):
    campaign = issue()
    sent_to(campaign, 1, links=1)
    reader = Subscriber.objects.get(deliveries__campaign=campaign)
    # Registered in newsletter/wagtail_hooks.py; the research helper's subscriber screen calls it like this.
    request = rf.get("/")
    request.user = AnonymousUser()  # other apps' sections check the viewer's permissions
    sections = [s for hook in hooks.get_hooks("subscriber_profile_sections") for s in hook(request, reader)]
    [section] = [s for s in sections if s["heading"] == "Issues received and links clicked"]
    html = BeautifulSoup(section["html"], "html.parser")
    assert html.select_one("[data-subscriber-issues] td").get_text() == "Issue One"
    assert "https://example.com/0/" in html.select_one("[data-subscriber-clicks]").get_text()


def test_the_demo_issue_has_numbers_and_loads_once(client):
    demo.load_sent_issue()
    demo.load_sent_issue()
    campaign = Campaign.objects.get(slug=demo.SLUG)
    results = issue_results(campaign)
    assert results.delivered == 11 and results.stats["failed"] == 1
    assert results.clicks == len(demo.CLICKS) and results.clickers == 8
    assert results.unsubscribes == 1 and results.bounces == 1 and results.signups == 1 and results.views > 0
    assert Campaign.objects.filter(slug=demo.SLUG).count() == 1
