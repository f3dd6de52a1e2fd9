"""An issue never goes out with links to unpublished pages, and "Send now" asks first, with the number of recipients."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import timezone

from newsletter import links
from newsletter.admin_views import status_text
from newsletter.models import Campaign
from tests.factories import BlogIndexPageFactory, SubscriberFactory, add_post

from .helpers import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog(home_page):
    return BlogIndexPageFactory(parent=home_page, title="Blog", slug="blog")


def issue_with(*blocks, subject="Spring news"):
    campaign = Campaign(subject=subject)
    campaign.body = [("rich_text", "<p>Hello there.</p>"), *blocks]
    campaign.save()
    return campaign


def teaser(post):
    return ("post_teaser", {"page": post, "title": "", "summary": "", "button_label": "Read the post"})


def send_url(campaign):
    return f"/admin/newsletter/issues/{campaign.pk}/send/"


def confirm_url(campaign):
    return f"/admin/newsletter/issues/{campaign.pk}/send/confirm/"


def test_teasers_and_rich_text_links_to_drafts_are_found_and_live_ones_are_not(blog):
    live = add_post(blog, title="Out now")
    draft = add_post(blog, title="Coming soon", live=False)
    hidden = add_post(blog, title="Taken down", live=False)
    campaign = issue_with(
        teaser(live),
        teaser(draft),
        ("rich_text", f'<p>See <a linktype="page" id="{hidden.pk}">this</a>.</p>'),
    )
    found = links.unpublished_links(campaign)
    assert [(link.title, link.problem) for link in found] == [
        ("Coming soon", "not published"),
        ("Taken down", "not published"),
    ]
    assert found[0].edit_url == f"/admin/pages/{draft.pk}/edit/"


def test_a_teaser_of_a_deleted_post_is_reported(blog):
    post = add_post(blog, title="Gone soon")
    campaign = issue_with(teaser(post))
    post.delete()
    campaign.refresh_from_db()
    assert [link.problem for link in links.unpublished_links(campaign)] == ["deleted"]


def test_the_send_page_names_the_unpublished_post_and_offers_no_send(admin_client, blog):
    SubscriberFactory.create_batch(2, status="confirmed")
    draft = add_post(blog, title="Coming soon", live=False)
    campaign = issue_with(teaser(draft))
    soup = BeautifulSoup(admin_client.get(send_url(campaign)).content, "html.parser")
    warning = soup.select_one("[data-broken-links]")
    assert "Coming soon: not published" in warning.get_text()
    assert warning.find("a", string="Coming soon")["href"] == f"/admin/pages/{draft.pk}/edit/"
    assert not soup.find("a", string=lambda s: s and "Send now" in s)
    assert not soup.find("button", string="Schedule")


def test_sending_or_scheduling_an_issue_with_an_unpublished_link_is_refused(admin_client, blog):
    SubscriberFactory.create_batch(2, status="confirmed")
    campaign = issue_with(teaser(add_post(blog, title="Coming soon", live=False)))

    response = admin_client.post(confirm_url(campaign), {"recipients": "2"}, follow=True)
    assert "links to pages visitors can't open yet: “Coming soon” (not published)" in text(response)
    later = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = admin_client.post(send_url(campaign), {"action": "schedule", "when": later})
    assert "Coming soon" in text(response)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT and not campaign.deliveries.exists() and not mail.outbox


def test_publishing_the_post_clears_the_way(admin_client, blog):
    SubscriberFactory.create_batch(2, status="confirmed")
    draft = add_post(blog, title="Coming soon", live=False)
    campaign = issue_with(teaser(draft))
    draft.save_revision().publish()
    assert not BeautifulSoup(admin_client.get(send_url(campaign)).content, "html.parser").select("[data-broken-links]")
    admin_client.post(confirm_url(campaign), {"recipients": "2"})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT and len(mail.outbox) == 2


def test_the_test_email_and_both_previews_warn_about_the_unpublished_post(admin_client, blog):
    campaign = issue_with(teaser(add_post(blog, title="Coming soon", live=False)))
    response = admin_client.post(send_url(campaign), {"action": "test", "email": "me@example.com"}, follow=True)
    assert "Test sent to me@example.com." in text(response) and "Coming soon" in text(response)
    html = mail.outbox[0].alternatives[0][0]
    assert "Not ready to send." in mail.outbox[0].body and "“Coming soon” (not published)" in mail.outbox[0].body
    assert BeautifulSoup(html, "html.parser").select_one("[data-broken-links]")

    for mode in ("email", "web"):
        preview = admin_client.get(f"/admin/newsletter/issues/{campaign.pk}/preview/{mode}/")
        warning = BeautifulSoup(preview.content, "html.parser").select_one("[data-broken-links]")
        assert warning and "Coming soon" in warning.get_text(), mode


def test_a_clean_issue_has_no_warning_in_its_test_email(admin_client, blog):
    campaign = issue_with(teaser(add_post(blog, title="Out now")))
    admin_client.post(send_url(campaign), {"action": "test", "email": "me@example.com"})
    assert "Not ready" not in mail.outbox[0].body and "Out now" in mail.outbox[0].body


def chooser(client, url):
    """The chooser's HTML: the modal answers JSON with the HTML inside, its search answers HTML."""
    body = client.get(url).content.decode()
    return json.loads(body)["html"] if body.lstrip().startswith("{") else body


def test_the_post_chooser_offers_live_posts_only(admin_client, blog):
    add_post(blog, title="Out now")
    add_post(blog, title="Coming soon", live=False)
    browse = chooser(admin_client, f"/admin/choose-page/{blog.pk}/?page_type=blog.blogpostpage")
    assert "Out now" in browse and "Coming soon" not in browse
    assert "Coming soon" not in chooser(admin_client, "/admin/choose-page/search/?page_type=blog.blogpostpage&q=coming")
    assert "Out now" in chooser(admin_client, "/admin/choose-page/search/?page_type=blog.blogpostpage&q=out")


def test_other_page_choosers_still_offer_drafts(admin_client, blog):
    add_post(blog, title="Coming soon", live=False)
    assert "Coming soon" in chooser(admin_client, f"/admin/choose-page/{blog.pk}/")


# --- Send now asks first ------------------------------------------------------------------------


def test_send_now_is_a_link_to_a_confirmation_that_states_the_recipients(admin_client, home_page):
    SubscriberFactory.create_batch(3, status="confirmed")
    SubscriberFactory(status="pending")
    campaign = issue_with()
    soup = BeautifulSoup(admin_client.get(send_url(campaign)).content, "html.parser")
    link = soup.find("a", string="Send now to 3 subscribers…")
    assert link["href"] == confirm_url(campaign)

    page = BeautifulSoup(admin_client.get(confirm_url(campaign)).content, "html.parser")
    assert (
        page.select_one("[data-confirmation]")
        .get_text(" ", strip=True)
        .startswith("Send “Spring news” now to 3 subscribers")
    )
    assert page.find("button", string="Yes, send it to 3 subscribers")
    assert page.find("a", string="No, don't send it")["href"] == send_url(campaign)
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT and not mail.outbox  # looking at it sent nothing


def test_a_changed_audience_is_confirmed_again_before_sending(admin_client, home_page):
    SubscriberFactory.create_batch(3, status="confirmed")
    campaign = issue_with()
    response = admin_client.post(confirm_url(campaign), {"recipients": "2"})
    assert response.status_code == 200
    assert "it is now 3" in text(response) and "Yes, send it to 3 subscribers" in text(response)
    assert Campaign.objects.get().status == Campaign.Status.DRAFT and not mail.outbox


def test_confirming_sends_and_the_page_shows_sent_progress(admin_client, home_page):
    SubscriberFactory.create_batch(3, status="confirmed")
    campaign = issue_with()
    response = admin_client.post(confirm_url(campaign), {"recipients": "3"}, follow=True)
    assert "Sending to 3 subscribers started." in text(response)
    assert "3 of 3 sent (100%)" in text(response)
    assert "Status: Sent on" in text(response)
    assert len(mail.outbox) == 3
    again = admin_client.get(confirm_url(campaign), follow=True)
    assert "is sent and can't be sent again" in text(again) and len(mail.outbox) == 3


def test_an_empty_issue_cannot_be_confirmed(admin_client, home_page):
    campaign = Campaign.objects.create(subject="Nothing yet")
    response = admin_client.get(confirm_url(campaign), follow=True)
    assert "This issue is empty" in text(response)


def test_editors_without_change_permission_cannot_confirm(client, django_user_model, home_page):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("viewer", "v@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.post(confirm_url(issue_with()), {"recipients": "0"}).status_code in (302, 403)
    assert Campaign.objects.get().status == Campaign.Status.DRAFT


@pytest.mark.parametrize(
    ("status", "offset", "expected"),
    [
        ("scheduled", timedelta(hours=2), "Scheduled for 1 December 2026, 12:00 (UTC)."),
        ("scheduled", -timedelta(seconds=1), "Starting: the task worker is preparing the send."),
        ("sending", timedelta(0), "Sending."),
        ("draft", timedelta(0), "Draft."),
    ],
)
def test_the_status_line_ends_with_one_full_stop(status, offset, expected, settings):
    settings.TIME_ZONE = "UTC"
    now = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    campaign = Campaign(subject="x", status=status, scheduled_at=now + offset)
    line = status_text(campaign, now=now)
    assert line == expected and not line.endswith("..")


def test_a_scheduled_issue_whose_post_was_unpublished_meanwhile_goes_back_to_draft_unsent(blog, smtp_sink):
    from newsletter import sending

    SubscriberFactory(status="confirmed")
    post = add_post(blog, title="Out now")
    campaign = issue_with(teaser(post))
    Campaign.objects.filter(pk=campaign.pk).update(
        status=Campaign.Status.SCHEDULED, scheduled_at=timezone.now() - timedelta(minutes=1)
    )
    post.unpublish()

    assert sending.start(campaign.pk) is None
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT
    assert campaign.deliveries.count() == 0
    assert smtp_sink.messages == []


def test_a_scheduled_issue_with_live_links_starts_as_usual(blog):
    from newsletter import sending

    SubscriberFactory(status="confirmed")
    campaign = issue_with(teaser(add_post(blog, title="Out now")))
    Campaign.objects.filter(pk=campaign.pk).update(
        status=Campaign.Status.SCHEDULED, scheduled_at=timezone.now() - timedelta(minutes=1)
    )
    assert sending.start(campaign.pk).status == Campaign.Status.SENDING
