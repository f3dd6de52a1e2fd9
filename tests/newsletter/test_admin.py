import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from newsletter.models import Campaign, Consent, Subscriber, Tag
from tests.factories import BlogIndexPageFactory, BlogPostPageFactory, SubscriberFactory

from .helpers import text

pytestmark = pytest.mark.django_db

SUBSCRIBERS = "/admin/snippets/newsletter/subscriber/"
IMPORT = "/admin/newsletter/import/"


def upload(content, name="list.csv"):
    return SimpleUploadedFile(name, content.encode(), content_type="text/csv")


def test_subscriber_listing_filters_search_and_export(admin_client):
    vip = Tag.objects.create(name="vip")
    ada = SubscriberFactory(email="ada@example.com", status="confirmed")
    ada.tags.add(vip)
    SubscriberFactory(email="bob@example.com", status="pending")
    assert "ada@example.com" in text(admin_client.get(SUBSCRIBERS, {"q": "ada"}))
    page = text(admin_client.get(SUBSCRIBERS, {"status": "pending"}))
    assert "bob@example.com" in page and "ada@example.com" not in page
    page = text(admin_client.get(SUBSCRIBERS, {"tags": vip.pk}))
    assert "ada@example.com" in page and "bob@example.com" not in page
    response = admin_client.get(SUBSCRIBERS, {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {row["Email"]: row["tags"] for row in rows} == {"ada@example.com": "vip", "bob@example.com": ""}


def test_import_requires_attestation_and_dry_run_writes_nothing(admin_client):
    content = "email,tags\nnew@example.com,beta\nnot-an-address,\nnew@EXAMPLE.com,\nx@mailinator.com,\n"
    response = admin_client.post(IMPORT, {"file": upload(content), "dry_run": "on"})
    assert "Importing needs this attestation." in text(response)
    response = admin_client.post(IMPORT, {"file": upload(content), "attest": "on", "dry_run": "on"})
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("[data-new]").get_text() == "1"
    assert soup.select_one("[data-errors]").get_text() == "3"
    page = text(response)
    assert "not a valid email address" in page and "appears earlier" in page and "blocked domain" in page
    assert not Subscriber.objects.exists()


def test_import_then_export_round_trip(admin_client):
    SubscriberFactory(email="kept@example.com", status="unsubscribed")
    content = (
        "Email,Status,tags\n"
        'one@example.com,Confirmed,"beta, vip"\n'
        "two@example.com,confirmed,\n"
        "gone@example.com,unsubscribed,\n"
        "kept@example.com,confirmed,beta\n"
    )
    response = admin_client.post(IMPORT, {"file": upload(content), "attest": "on"})
    assert response.status_code == 200
    statuses = dict(Subscriber.objects.values_list("email", "status"))
    assert statuses == {
        "one@example.com": "confirmed",
        "two@example.com": "confirmed",
        "gone@example.com": "unsubscribed",
        "kept@example.com": "unsubscribed",  # an import never resubscribes anyone
    }
    assert Consent.objects.filter(action="import").count() == 3
    exported = b"".join(admin_client.get(SUBSCRIBERS, {"export": "csv"}).streaming_content).decode()

    Subscriber.objects.all().delete()
    admin_client.post(IMPORT, {"file": upload(exported), "attest": "on"})
    again = {s.email: (s.status, s.tag_names) for s in Subscriber.objects.prefetch_related("tags")}
    assert again == {
        "one@example.com": ("confirmed", "beta, vip"),
        "two@example.com": ("confirmed", ""),
        "gone@example.com": ("unsubscribed", ""),
        "kept@example.com": ("unsubscribed", "beta"),
    }


def test_an_import_keeps_the_confirmation_and_unsubscribe_times_the_file_gives(admin_client):
    content = (
        "email,status,confirmed_at,unsubscribed_at\n"
        "early@example.com,confirmed,2024-05-01 09:30:00+02:00,\n"
        "plain@example.com,confirmed,2024-06-02,\n"
        "left@example.com,unsubscribed,2024-01-01T08:00:00Z,2025-02-03 10:00\n"
        "now@example.com,confirmed,,\n"
    )
    admin_client.post(IMPORT, {"file": upload(content), "attest": "on"})
    times = {s.email: (s.confirmed_at, s.unsubscribed_at) for s in Subscriber.objects.all()}
    utc = datetime.UTC
    assert times["early@example.com"] == (datetime.datetime(2024, 5, 1, 7, 30, tzinfo=utc), None)
    assert times["plain@example.com"] == (datetime.datetime(2024, 6, 2, tzinfo=utc), None)
    assert times["left@example.com"] == (
        datetime.datetime(2024, 1, 1, 8, tzinfo=utc),
        datetime.datetime(2025, 2, 3, 10, tzinfo=utc),  # no zone: UTC, as Mailchimp writes it
    )
    assert timezone.now() - times["now@example.com"][0] < datetime.timedelta(minutes=1)


def test_our_own_export_imported_again_keeps_when_each_address_confirmed(admin_client):
    confirmed = datetime.datetime(2023, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
    SubscriberFactory(email="old@example.com", status="confirmed", confirmed_at=confirmed)
    exported = b"".join(admin_client.get(SUBSCRIBERS, {"export": "csv"}).streaming_content).decode()
    assert "Confirmed at" in exported.splitlines()[0]
    Subscriber.objects.all().delete()
    admin_client.post(IMPORT, {"file": upload(exported), "attest": "on"})
    assert Subscriber.objects.get().confirmed_at == confirmed


def test_mailchimp_columns_give_the_times_too(admin_client):
    content = (
        "Email Address,OPTIN_TIME,CONFIRM_TIME\n"
        "mc@example.com,2022-01-01 10:00:00,2022-01-02 11:00:00\n"
        "optin@example.com,2022-03-01 10:00:00,\n"
    )
    admin_client.post(IMPORT, {"file": upload(content), "attest": "on"})
    times = dict(Subscriber.objects.values_list("email", "confirmed_at"))
    assert times == {
        "mc@example.com": datetime.datetime(2022, 1, 2, 11, tzinfo=datetime.UTC),
        "optin@example.com": datetime.datetime(2022, 3, 1, 10, tzinfo=datetime.UTC),
    }


def test_mailchimps_unsubscribed_and_cleaned_exports_import_as_no_subscriber_though_they_have_no_status_column(
    admin_client,
):
    unsubscribed = "Email Address,OPTIN_TIME,UNSUB_TIME\nleft@example.com,2021-01-01 10:00:00,2022-01-01 10:00:00\n"
    cleaned = "Email Address,OPTIN_TIME,CLEAN_TIME\nbounced@example.com,2021-01-01 10:00:00,2022-02-01 10:00:00\n"
    for content in (unsubscribed, cleaned):
        admin_client.post(IMPORT, {"file": upload(content), "attest": "on"})
    left = Subscriber.objects.get(email="left@example.com")
    assert left.status == "unsubscribed"
    assert left.unsubscribed_at == datetime.datetime(2022, 1, 1, 10, tzinfo=datetime.UTC)
    assert Subscriber.objects.get(email="bounced@example.com").status == "bounced"
    assert not Subscriber.objects.filter(status="confirmed").exists()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("yesterday", "confirmed_at: not a date and time"),
        ("2024-13-01", "confirmed_at: not a date and time"),
        ("2024-02-30 10:00", "confirmed_at: not a date and time"),
        ("2999-01-01", "confirmed_at: 2999-01-01 is in the future"),
    ],
)
def test_a_time_that_is_not_one_is_a_row_problem_and_nothing_is_imported_from_that_row(admin_client, value, problem):
    content = f"email,confirmed_at\nbad@example.com,{value}\ngood@example.com,2024-01-01\n"
    response = admin_client.post(IMPORT, {"file": upload(content), "attest": "on"})
    assert response.status_code == 200
    assert problem in text(response)
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["good@example.com"]


@given(value=st.text(max_size=40).filter(lambda value: "\n" not in value and "\r" not in value))
@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_confirmed_at_cell_imports_or_is_reported_never_a_server_error(admin_client, value):
    Subscriber.objects.all().delete()
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["email", "confirmed_at"], ["fuzz@example.com", value]])
    response = admin_client.post(IMPORT, {"file": upload(buffer.getvalue()), "attest": "on"})
    assert response.status_code == 200
    subscriber = Subscriber.objects.first()
    assert subscriber is None or subscriber.confirmed_at is not None


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage", b"", b"name\nx\n", b"email\n" + b"\x00" * 10])
def test_bad_import_files_get_a_clear_message(admin_client, content):
    response = admin_client.post(
        IMPORT, {"file": SimpleUploadedFile("x.csv", content, content_type="text/csv"), "attest": "on"}
    )
    assert response.status_code == 200
    assert not Subscriber.objects.exists()


def make_issue():
    campaign = Campaign(subject="Spring news")
    campaign.body = [("rich_text", "<p>Hello there.</p>")]
    campaign.save()
    return campaign


def test_editor_previews_tests_and_sends_an_issue(admin_client, admin_user, home_page):
    SubscriberFactory.create_batch(3, status="confirmed", confirmed_at=timezone.now())
    campaign = make_issue()
    url = f"/admin/newsletter/issues/{campaign.pk}/send/"
    assert "3" in text(admin_client.get(url))

    preview = admin_client.get(f"/admin/newsletter/issues/{campaign.pk}/preview/email/")
    assert preview.status_code == 200 and "Hello there." in preview.content.decode()
    web = admin_client.get(f"/admin/newsletter/issues/{campaign.pk}/preview/web/")
    assert web.status_code == 200 and "Spring news" in web.content.decode()

    admin_client.post(url, {"action": "test", "email": "editor@example.com"})
    assert [m.subject for m in mail.outbox] == ["[Test] Spring news"]
    assert Campaign.objects.get().status == Campaign.Status.DRAFT

    admin_client.post(url, {"action": "schedule", "when": "2000-01-01T10:00"})
    assert Campaign.objects.get().status == Campaign.Status.DRAFT  # the past is refused

    admin_client.post(url, {"action": "send_now"})  # the old one-click send is gone: it needs the confirmation step
    assert Campaign.objects.get().status == Campaign.Status.DRAFT and len(mail.outbox) == 1
    confirm = f"/admin/newsletter/issues/{campaign.pk}/send/confirm/"
    assert "now to 3 subscribers" in text(admin_client.get(confirm))
    admin_client.post(confirm, {"recipients": "3"})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    assert len(mail.outbox) == 4
    page = text(admin_client.get(url))
    assert "Sent" in page and "Recipients 3" in page
    assert "3 sent, 0 failed" in text(admin_client.get("/admin/snippets/newsletter/campaign/"))


def test_send_command_prints_a_progress_bar(home_page):
    SubscriberFactory.create_batch(3, status="confirmed", confirmed_at=timezone.now())
    campaign = make_issue()
    out = io.StringIO()
    call_command("send_newsletter", campaign.slug, "--inline", stdout=out)
    assert "3/3 100%" in out.getvalue() and "3 sent" in out.getvalue()


def test_send_to_subscribers_from_a_blog_post(admin_client, home_page):
    index = BlogIndexPageFactory(parent=home_page)
    post = BlogPostPageFactory(parent=index, title="We launched", summary="The story.")
    edit = admin_client.get(f"/admin/pages/{post.pk}/edit/")
    assert f"/admin/newsletter/from-page/{post.pk}/" in edit.content.decode()
    response = admin_client.get(f"/admin/newsletter/from-page/{post.pk}/")
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and str(campaign.pk) in response["Location"]
    assert campaign.subject == "We launched" and campaign.preheader == "The story."
    assert campaign.source_page_id == post.pk and campaign.status == Campaign.Status.DRAFT
    assert admin_client.get(f"/admin/newsletter/from-page/{index.pk}/").status_code == 302
    assert Campaign.objects.count() == 1


def test_auto_announce_sends_a_new_post_once(home_page):
    from newsletter.models import NewsletterSettings

    options = NewsletterSettings.load()
    options.auto_announce = True
    options.save()
    SubscriberFactory(status="confirmed", confirmed_at=timezone.now())
    index = BlogIndexPageFactory(parent=home_page)
    post = BlogPostPageFactory(parent=index, title="Fresh post", live=False)
    post.save_revision().publish()
    post.save_revision().publish()
    assert Campaign.objects.get().status == Campaign.Status.SENT
    assert len(mail.outbox) == 1


def test_bulk_unsubscribe(admin_client):
    people = SubscriberFactory.create_batch(2, status="confirmed")
    url = "/admin/bulk/newsletter/subscriber/unsubscribe/"
    query = "&".join(f"id={p.pk}" for p in people)
    response = admin_client.post(f"{url}?{query}&next={SUBSCRIBERS}")
    assert response.status_code == 302
    assert set(Subscriber.objects.values_list("status", flat=True)) == {"unsubscribed"}


def test_admin_screens_render(admin_client, home_page):
    campaign = make_issue()
    subscriber = SubscriberFactory()
    for url in (
        "/admin/",
        "/admin/snippets/newsletter/campaign/add/",
        f"/admin/snippets/newsletter/campaign/edit/{campaign.pk}/",
        f"/admin/snippets/newsletter/subscriber/edit/{subscriber.pk}/",
        "/admin/snippets/newsletter/tag/",
        "/admin/snippets/newsletter/blockeddomain/",
        "/admin/newsletter/import/",
        f"/admin/bulk/newsletter/subscriber/add_tag/?id={subscriber.pk}",
        "/admin/settings/newsletter/newslettersettings/",
    ):
        assert admin_client.get(url, follow=True).status_code == 200, url
    assert "Test, schedule, send" in text(admin_client.get(f"/admin/snippets/newsletter/campaign/edit/{campaign.pk}/"))
    assert admin_client.get("/admin/newsletter/issues/999999/send/").status_code == 404


def test_bulk_add_tag(admin_client):
    vip = Tag.objects.create(name="vip")
    people = SubscriberFactory.create_batch(2)
    query = "&".join(f"id={p.pk}" for p in people)
    admin_client.post(f"/admin/bulk/newsletter/subscriber/add_tag/?{query}&next={SUBSCRIBERS}", {"tag": vip.pk})
    assert vip.subscribers.count() == 2
