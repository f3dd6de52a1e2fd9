"""The launch section in the admin: the checklist panel, the top-referrers report, the menu, the profile section."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone
from wagtail import hooks

from analytics.models import DailyStat
from distribution.models import DistributionTick
from launch import checklist
from launch.models import LaunchSettings
from newsletter.models import Campaign, Subscriber
from research.models import Answer, Question
from tests.admin_users import denied, sign_in_editor
from tests.factories import BlogIndexPageFactory, BlogPostPageFactory, ResourceIndexPageFactory, ResourcePageFactory
from tests.launch.conftest import confirmed

pytestmark = pytest.mark.django_db

REPORT = "/admin/launch/referrers/"


def checklist_rows(client):
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    panel = soup.select_one("#launch-checklist-section") or soup.find(id="launch-checklist")
    assert panel is not None, "no launch checklist panel"
    rows = {row["data-checklist-item"]: row for row in soup.select("[data-checklist-item]")}
    progress = soup.select_one("[data-checklist-progress]").get_text(strip=True)
    return rows, progress


def test_a_fresh_site_has_every_item_unticked_each_with_a_link(admin_client, home_page):
    rows, progress = checklist_rows(admin_client)
    # The talk's steps, issue 15's list: launch's own items, and those distribution and research add through the hook.
    assert list(rows) == [
        "analytics",
        "landing",
        "social",
        "first_post",
        "distribution.first_post_distributed",
        "first_issue",
        "resources",
        "customer_question",
    ]
    assert progress == "0 of 8 done"
    for key, row in rows.items():
        assert not row.has_attr("data-done"), key
        link = row.find("a")
        assert link is not None and admin_client.get(link["href"]).status_code in (200, 302), key


def test_items_tick_themselves_from_the_sites_state(admin_client, home_page):
    from home.models import SocialMediaSettings
    from tests.home.test_landing_page import FULL_BODY

    home_page.body = FULL_BODY
    home_page.save_revision().publish()
    DailyStat.objects.create(day=timezone.localdate(), dimension="page", key="/", views=3, visitors=2)
    social = SocialMediaSettings.for_site(home_page.get_site())
    social.accounts = [("account", {"network": "mastodon", "url": "https://mastodon.social/@lk", "handle": "@lk"})]
    social.save()
    blog = BlogIndexPageFactory(parent=home_page)
    post = BlogPostPageFactory(parent=blog)
    Campaign.objects.create(subject="Hello", status=Campaign.Status.SENT)
    directory = ResourceIndexPageFactory(parent=home_page)
    for n in range(9):
        ResourcePageFactory(parent=directory, title=f"Tool {n}", slug=f"tool-{n}")
    rows, progress = checklist_rows(admin_client)
    assert progress == "5 of 8 done"
    assert not rows["resources"].has_attr("data-done") and "9 of 10" in rows["resources"].get_text()
    ResourcePageFactory(parent=directory, title="Tool 9", slug="tool-9")
    for channel in ("hackernews", "bluesky", "newsletter"):
        DistributionTick.objects.create(page=post, channel=channel)
    question = Question.objects.current()
    reader = confirmed("reader@example.com")
    Answer.objects.create(subscriber=reader, question=question, question_text=question.text, text="Launch faster")
    rows, progress = checklist_rows(admin_client)
    assert progress == "8 of 8 done"
    assert all(row.find("a") is None for row in rows.values())


def test_other_apps_add_items_through_the_hook_in_their_order(admin_client, home_page):
    def distribution(request):
        return [
            {"key": "distributed", "label": "First post on three channels", "done": True, "url": "/x/", "order": 50}
        ]

    with hooks.register_temporarily("launch_checklist_items", distribution):
        rows, progress = checklist_rows(admin_client)
    assert list(rows)[4:6] == ["distributed", "distribution.first_post_distributed"]
    assert progress == "1 of 9 done"


def test_a_broken_checklist_hook_costs_only_its_own_items(rf, home_page, admin_user):
    def broken(request):
        raise RuntimeError("boom")

    request = rf.get("/admin/")
    request.user = admin_user
    with hooks.register_temporarily("launch_checklist_items", broken):
        assert len(checklist.items(request)) == 8


def test_the_top_referrers_report_lists_confirmed_referrers_in_line_order(admin_client, home_page):
    ada = confirmed("ada@example.com", days_ago=5)
    grace = confirmed("grace@example.com", days_ago=4)
    for n in range(2):
        confirmed(f"a{n}@example.com", referred_by=ada)
    confirmed("g@example.com", referred_by=grace)
    response = admin_client.get(REPORT)
    assert response.status_code == 200
    rows = BeautifulSoup(response.content, "html.parser").select("table tbody tr")
    cells = [[td.get_text(strip=True) for td in row.find_all("td")][:3] for row in rows]
    assert cells == [["1", "ada@example.com", "2"], ["2", "grace@example.com", "1"]]
    export = b"".join(admin_client.get(REPORT, {"export": "csv"}).streaming_content).decode()
    assert "ada@example.com,2" in export


def test_the_report_makes_the_same_queries_with_more_referrers(admin_client, home_page, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ada = confirmed("ada@example.com")
    confirmed("x@example.com", referred_by=ada)
    admin_client.get(REPORT)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(REPORT)
    for n in range(15):
        referrer = confirmed(f"r{n}@example.com")
        confirmed(f"f{n}@example.com", referred_by=referrer)
    with CaptureQueriesContext(connection) as many:
        admin_client.get(REPORT)
    assert len(many) == len(few)


def test_the_report_and_the_menu_need_the_referrers_permission(client, home_page):
    sign_in_editor(client)
    assert denied(client.get(REPORT))
    assert b"Top referrers" not in client.get("/admin/").content


def test_moderators_get_the_launch_section(client, home_page):
    sign_in_editor(client, username="mod", groups=["Moderators"])
    assert client.get(REPORT).status_code == 200
    page = client.get("/admin/").content.decode()
    assert "Top referrers" in page and "Launch checklist" in page


def test_only_those_who_may_send_issues_choose_the_announcement(client, home_page):
    from wagtail.models import Site

    sign_in_editor(client, "launch.change_launchsettings")
    campaign = Campaign.objects.create(subject="Launch")
    url = f"/admin/settings/launch/launchsettings/{Site.objects.get().pk}/"
    data = {
        "launch_at": "2030-01-02 10:00",
        "announcement": str(campaign.pk),
        "headline": "Soon",
        "button_label": "Join",
        "blog_visibility": "public",
        "directory_visibility": "public",
    }
    response = client.post(url, data)
    assert "Only someone who may send newsletter issues" in response.content.decode()
    assert LaunchSettings.objects.get().announcement is None


def test_the_profile_section_shows_referrals_for_those_allowed(home_page, admin_user, django_user_model):
    from launch.wagtail_hooks import referrals_profile_section  # (imported late: Wagtail orders hooks by import)

    ada = confirmed("ada@example.com", days_ago=2)
    confirmed("b@example.com", referred_by=ada)
    Subscriber.objects.filter(pk=ada.pk).update(referred_by=confirmed("z@example.com", days_ago=9))
    ada.refresh_from_db()
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    [section] = referrals_profile_section(request, ada)
    assert section["heading"] == "Referrals" and section["order"] == 30
    text = BeautifulSoup(section["html"], "html.parser").get_text(" ", strip=True)
    assert (
        "Confirmed referrals 1" in text and "Referred by z@example.com" in text and "Place in line 2" in text
    )  # z: one referral, confirmed earlier
    request.user = django_user_model.objects.create_user("nobody", password="pw")
    assert referrals_profile_section(request, ada) == []


def test_the_demo_has_a_future_launch_pre_launch_off_and_referrers_and_is_idempotent(home_page):
    from launch import referrals

    call_command("load_demo", verbosity=0)
    launch = LaunchSettings.objects.get()
    assert launch.launch_at > timezone.now() and not launch.prelaunch
    assert launch.announcement.subject == "We launched!"
    first = [(s.email, s.referral_count) for s in referrals.top_referrers()]
    assert first[0] == ("ada@example.com", 3)
    call_command("load_demo", verbosity=0)
    assert [(s.email, s.referral_count) for s in referrals.top_referrers()] == first
    assert LaunchSettings.objects.get().launch_at == launch.launch_at
    assert Campaign.objects.filter(slug="we-launched").count() == 1
