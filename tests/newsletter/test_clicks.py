"""Counted links in sent issues (issue 15, item 4): a signed redirect per reader and link, nothing else."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail, signing
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsletter import clicks, sending, tasks
from newsletter.admin_views import send_test
from newsletter.models import Campaign, Delivery, IssueClick, IssueLink, NewsletterSettings, Subscriber
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
BODY = [
    ("heading", "What's new"),
    (
        "rich_text",
        '<p>We shipped <a href="/pricing/">pricing</a> and <a href="https://other.example/">a partner</a>.</p>',
    ),
    ("button", {"label": "Try it", "url": "http://testserver/signup/"}),
]
CLICK = re.compile(r"http://testserver(/newsletter/c/[^/\s\"'<>)]+/)")


def readers(n):
    return [SubscriberFactory(status=Subscriber.Status.CONFIRMED) for _ in range(n)]


def sent_issue(n=2, subject="Issue one"):
    people = readers(n)
    campaign = Campaign.objects.create(subject=subject, body=BODY)
    tasks.send_now(campaign)
    campaign.refresh_from_db()
    return campaign, people


def parts(message):
    html = next(content for content, kind in message.alternatives if kind == "text/html")
    return html, message.body


def click_paths(message):
    html, _ = parts(message)
    soup = BeautifulSoup(html, "html.parser")
    return [CLICK.match(a["href"]).group(1) for a in soup.find_all("a", href=True) if CLICK.match(a["href"])]


def mail_to(address):
    return next(message for message in mail.outbox if message.to == [address])


def follow(client, path, agent=BROWSER):
    return client.get(path, HTTP_USER_AGENT=agent)


def pricing_path(message):
    link = IssueLink.objects.get(url__contains="/pricing/")
    return next(
        path
        for path in click_paths(message)
        if clicks.unsign_ids(path.split("/")[3], clicks.CLICK_SALT, 2)[0] == link.pk
    )


def test_a_click_in_an_issue_email_redirects_once_to_the_page_and_counts(client, home_page):
    campaign, (ada, _) = sent_issue()
    path = pricing_path(mail_to(ada.email))

    response = follow(client, path)

    assert response.status_code == 302
    target = response["Location"]
    assert target == "http://testserver/pricing/?utm_source=newsletter&utm_medium=email&utm_campaign=issue-one"
    assert "/newsletter/c/" not in target  # one hop: straight to the page
    assert "no-store" in response["Cache-Control"]
    [click] = IssueClick.objects.all()
    assert click.subscriber == ada and click.link.campaign == campaign
    assert click.delivery == Delivery.objects.get(campaign=campaign, subscriber=ada)


def test_every_link_of_the_issue_is_the_readers_own_and_the_text_part_too(home_page):
    campaign, (ada, bob) = sent_issue()
    html, text = parts(mail_to(ada.email))
    ada_links, bob_links = click_paths(mail_to(ada.email)), click_paths(mail_to(bob.email))
    assert ada_links and not set(ada_links) & set(bob_links)
    assert "other.example" not in html and "/pricing/" not in html
    assert CLICK.findall(text) and set(CLICK.findall(text)) <= set(ada_links)
    # One row per distinct link, in order of appearance; the header's home link and the web version count too.
    urls = list(campaign.links.values_list("url", flat=True))
    assert len(urls) == len(set(urls))
    assert any("/pricing/" in url for url in urls) and "https://other.example/" in urls


def test_unsubscribe_links_and_headers_are_not_rewritten(home_page):
    _, (ada, _) = sent_issue()
    message = mail_to(ada.email)
    html, text = parts(message)
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://testserver/newsletter/u/")
    soup = BeautifulSoup(html, "html.parser")
    unsubscribe = soup.find("a", string="Unsubscribe")["href"]
    preferences = soup.find("a", string="Manage preferences")["href"]
    assert unsubscribe.startswith("http://testserver/newsletter/u/")
    assert preferences.startswith("http://testserver/newsletter/preferences/")
    assert "/newsletter/u/" in text


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature
        lambda token: "9" + token,  # the link id
        lambda token: token.replace(".", ".9", 1),  # the delivery id
        lambda token: token.split(":")[0],  # no signature at all
        lambda token: signing.Signer(salt="newsletter.manage").sign(token.split(":")[0]),  # another salt
    ],
)
def test_a_tampered_link_answers_404_and_redirects_nowhere(client, home_page, tamper):
    _, (ada, _) = sent_issue()
    path = pricing_path(mail_to(ada.email))
    token = path.split("/")[3]
    response = follow(client, f"/newsletter/c/{tamper(token)}/")
    assert response.status_code == 404
    assert "Location" not in response
    assert not IssueClick.objects.exists()


def test_a_valid_token_for_a_link_that_no_longer_exists_answers_404(client, home_page):
    response = follow(client, f"/newsletter/c/{clicks.click_token(987654, 1)}/")
    assert response.status_code == 404 and "Location" not in response


def test_the_target_comes_from_the_link_row_never_from_the_query(client, home_page):
    _, (ada, _) = sent_issue()
    path = pricing_path(mail_to(ada.email))
    response = follow(client, path + "?next=https://evil.example/&url=https://evil.example/")
    assert response.status_code == 302 and response["Location"].startswith("http://testserver/pricing/")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(["c", "o"]),
    token=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/?#%"), min_size=1),
)
def test_any_made_up_token_answers_404(client, kind, token):
    response = follow(client, f"/newsletter/{kind}/{token}/")
    assert response.status_code == 404
    assert "Location" not in response
    assert not IssueClick.objects.exists() and not Delivery.objects.filter(opened_at__isnull=False).exists()


def test_bots_and_repeats_within_a_minute_are_not_counted(client, home_page):
    _, (ada, _) = sent_issue()
    path = pricing_path(mail_to(ada.email))
    assert follow(client, path, agent="Mozilla/5.0 (compatible; Googlebot/2.1)").status_code == 302
    assert follow(client, path, agent="").status_code == 302
    assert client.head(path, HTTP_USER_AGENT=BROWSER).status_code == 302  # a link checker's HEAD
    assert not IssueClick.objects.exists()  # scanners still land on the page, uncounted
    for _ in range(3):
        assert follow(client, path).status_code == 302
    assert IssueClick.objects.count() == 1


@override_settings(NEWSLETTER_CLICK_DEDUPE_SECONDS=0)
def test_without_the_dedupe_window_every_click_counts(client, home_page):
    _, (ada, _) = sent_issue()
    path = pricing_path(mail_to(ada.email))
    for _ in range(3):
        follow(client, path)
    assert IssueClick.objects.count() == 3


def test_a_deleted_subscribers_link_still_leads_to_the_page_uncounted(client, home_page):
    _, (ada, _) = sent_issue()
    path = pricing_path(mail_to(ada.email))
    ada.delete()
    response = follow(client, path)
    assert response.status_code == 302 and "/pricing/" in response["Location"]
    assert not IssueClick.objects.exists()


def test_clicks_are_in_the_subscribers_data_and_go_with_them(client, home_page):
    _, (ada, _) = sent_issue()
    follow(client, pricing_path(mail_to(ada.email)))
    data = Subscriber.objects.get(pk=ada.pk).as_data()
    [click] = data["issue_clicks"]
    assert click["issue"] == "Issue one" and "/pricing/" in click["url"] and click["at"]
    assert data["issue_opens"] == []
    ada.delete()
    assert not IssueClick.objects.exists()


def test_the_web_archive_and_test_sends_carry_no_personal_links(client, home_page):
    campaign, _ = sent_issue()
    page = client.get(f"/newsletter/archive/{campaign.slug}/").content.decode()
    assert "/newsletter/c/" not in page and "/newsletter/o/" not in page
    mail.outbox.clear()
    send_test(campaign, "editor@example.com")
    html, text = parts(mail.outbox[0])
    assert "/newsletter/c/" not in html + text and "%%" not in html + text
    assert "utm_campaign=issue-one" in html


def test_links_are_recorded_once_per_issue_however_often_it_is_rendered(home_page):
    campaign, _ = sent_issue()
    before = dict(campaign.links.values_list("url", "pk"))
    sending._rendered.clear()  # a resumed send, or a second worker
    sending.rendered(campaign)
    assert clicks.register_links(campaign, list(before)) == before
    assert dict(campaign.links.values_list("url", "pk")) == before


def test_without_open_tracking_there_is_no_pixel(home_page):
    _, (ada, _) = sent_issue()
    html, _ = parts(mail_to(ada.email))
    assert "/newsletter/o/" not in html
    assert not BeautifulSoup(html, "html.parser").find("img", width="1")


def test_with_open_tracking_a_pixel_counts_the_first_open(client, home_page):
    options = NewsletterSettings.load()
    options.open_tracking = True
    options.save()
    campaign, (ada, _) = sent_issue()
    html, text = parts(mail_to(ada.email))
    pixel = BeautifulSoup(html, "html.parser").find("img", width="1")["src"]
    assert pixel.startswith("http://testserver/newsletter/o/") and "/newsletter/o/" not in text
    path = pixel.removeprefix("http://testserver")

    response = follow(client, path)
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    opened = Delivery.objects.get(subscriber=ada).opened_at
    assert opened is not None
    follow(client, path)
    assert Delivery.objects.get(subscriber=ada).opened_at == opened
    assert follow(client, path[:-3] + "xx/").status_code == 404
    assert Delivery.objects.filter(campaign=campaign, opened_at__isnull=False).count() == 1
