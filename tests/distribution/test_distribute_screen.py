from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail import hooks
from wagtail.models import GroupPagePermission

from distribution.models import DistributionTick
from tests.admin_users import admin_editor, denied
from tests.factories import StandardPageFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

ROWS = [
    "hackernews",
    "reddit:django",
    "reddit:webdev",
    "x:personal",
    "x:project",
    "facebook",
    "linkedin",
    "bluesky",
    "mastodon",
    "newsletter",
    "mentions",
]


def screen(client, post, **kwargs):
    response = client.get(f"/admin/distribution/posts/{post.pk}/", **kwargs)
    return response, BeautifulSoup(response.content, "html.parser")


def row(soup, key):
    return soup.select_one(f'tr[data-channel="{key}"]')


def share_url(soup, key):
    return row(soup, key).select_one("a[data-share-link]")["href"]


def query_of(url):
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def utm_of(url):
    return {key: value for key, value in query_of(url).items() if key.startswith("utm_")}


def test_the_screen_has_one_row_per_channel_with_the_chosen_subreddits_and_both_x_accounts(
    admin_client, post, distribution_settings
):
    response, soup = screen(admin_client, post)
    assert response.status_code == 200
    assert [tr["data-channel"] for tr in soup.select("tr[data-channel]")] == ROWS
    assert "reddit dislikes" in row(soup, "reddit:django").get_text()
    assert "don't count on it" in row(soup, "hackernews").get_text()
    assert "@ada" in row(soup, "x:personal").get_text()
    assert "@launchkit" in row(soup, "x:project").get_text()


def test_each_row_links_to_its_network_with_the_post_tagged_for_that_channel(admin_client, post, distribution_settings):
    _, soup = screen(admin_client, post)
    hn = share_url(soup, "hackernews")
    assert hn.startswith("https://news.ycombinator.com/submitlink?")
    assert query_of(hn)["t"] == "Launch week notes"
    assert utm_of(query_of(hn)["u"]) == {
        "utm_source": "hackernews",
        "utm_medium": "social",
        "utm_campaign": "launch-week",
    }
    assert query_of(hn)["u"].startswith("http://testserver/blog/launch-week/?")
    reddit = share_url(soup, "reddit:webdev")
    assert reddit.startswith("https://www.reddit.com/r/webdev/submit?")
    assert utm_of(query_of(reddit)["url"])["utm_source"] == "reddit-webdev"
    personal = query_of(share_url(soup, "x:personal"))
    assert share_url(soup, "x:personal").startswith("https://x.com/intent/post?")
    assert personal["via"] == "launchkit"
    assert utm_of(personal["url"])["utm_source"] == "x-personal"
    assert utm_of(query_of(share_url(soup, "x:project"))["url"])["utm_source"] == "x-project"
    assert share_url(soup, "facebook").startswith("https://www.facebook.com/sharer/sharer.php?u=")
    assert share_url(soup, "linkedin").startswith("https://www.linkedin.com/sharing/share-offsite/?url=")
    assert share_url(soup, "bluesky").startswith("https://bsky.app/intent/compose?text=")
    # blog/share.py's Mastodon share, straight to the configured server.
    mastodon = share_url(soup, "mastodon")
    assert mastodon.startswith("https://fosstodon.org/share?")
    assert "utm_source=mastodon" in query_of(mastodon)["text"]
    assert share_url(soup, "newsletter") == f"/admin/newsletter/from-page/{post.pk}/"


def test_without_settings_reddit_gets_one_row_and_mastodon_asks_for_the_server(admin_client, post):
    _, soup = screen(admin_client, post)
    assert share_url(soup, "reddit").startswith("https://www.reddit.com/submit?")
    assert "Settings → Distribution" in row(soup, "reddit").get_text()
    assert share_url(soup, "mastodon") == f"/blog/share/mastodon/{post.pk}/"


def test_the_newsletter_row_opens_the_issue_made_from_the_post_once_there_is_one(admin_client, post):
    from newsletter.signals import campaign_from_post

    issue = campaign_from_post(post)
    _, soup = screen(admin_client, post)
    assert share_url(soup, "newsletter") == f"/admin/snippets/newsletter/campaign/edit/{issue.pk}/"


def test_the_mentions_row_names_the_other_sites_the_post_links_to(admin_client, post):
    _, soup = screen(admin_client, post)
    text = row(soup, "mentions").get_text()
    assert "plausible.io, hetzner.com" in text
    assert "about" not in text.split("links to")[1].split(".")[0]


def test_ticking_a_channel_keeps_its_date_submission_url_and_who_did_it(admin_client, post, superuser):
    response = admin_client.post(
        f"/admin/distribution/posts/{post.pk}/",
        {"row": "hackernews", "action": "done", "submission_url": "https://news.ycombinator.com/item?id=1"},
    )
    assert response.status_code == 302
    tick = DistributionTick.objects.get()
    assert (tick.channel, tick.target, tick.done_by) == ("hackernews", "", superuser)
    assert tick.submission_url == "https://news.ycombinator.com/item?id=1"
    yesterday = timezone.localdate() - timedelta(days=1)
    admin_client.post(
        f"/admin/distribution/posts/{post.pk}/",
        {"row": "hackernews", "action": "done", "done_on": yesterday.isoformat(), "submission_url": ""},
    )
    tick = DistributionTick.objects.get()
    assert timezone.localdate(tick.done_at) == yesterday
    assert tick.submission_url == ""
    _, soup = screen(admin_client, post)
    assert "Done on" in row(soup, "hackernews").select_one("[data-done]").get_text()
    admin_client.post(f"/admin/distribution/posts/{post.pk}/", {"row": "hackernews", "action": "undo"})
    assert not DistributionTick.objects.exists()


def test_a_subreddit_row_is_ticked_on_its_own(admin_client, post, distribution_settings):
    admin_client.post(f"/admin/distribution/posts/{post.pk}/", {"row": "reddit:webdev", "action": "done"})
    assert list(DistributionTick.objects.values_list("channel", "target")) == [("reddit", "webdev")]
    _, soup = screen(admin_client, post)
    assert row(soup, "reddit:webdev").select_one("[data-done]")
    assert not row(soup, "reddit:django").select_one("[data-done]")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"row": "hackernews", "action": "done", "submission_url": "javascript:alert(1)"}, "Submission URL"),
        ({"row": "hackernews", "action": "done", "submission_url": "ftp://example.com/x"}, "http"),
        ({"row": "hackernews", "action": "done", "done_on": "2999-01-01"}, "not come yet"),
        ({"row": "hackernews", "action": "done", "done_on": "yesterday"}, "Done on"),
        ({"row": "myspace", "action": "done"}, "no such channel"),
        ({"row": "hackernews", "action": "launch"}, "Action"),
        ({}, "required"),
    ],
)
def test_bad_ticks_are_refused_with_a_message_and_save_nothing(admin_client, post, data, message):
    response = admin_client.post(f"/admin/distribution/posts/{post.pk}/", data)
    assert response.status_code == 400
    alert = BeautifulSoup(response.content, "html.parser").select_one('[role="alert"]').get_text()
    assert message in alert
    assert not DistributionTick.objects.exists()


def test_ticking_needs_the_csrf_token(post, superuser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    response = client.post(f"/admin/distribution/posts/{post.pk}/", {"row": "hackernews", "action": "done"})
    assert response.status_code == 403
    assert not DistributionTick.objects.exists()


def test_each_row_shows_the_views_visitors_and_signups_its_link_brought(
    admin_client, post, distribution_settings, beacon
):
    _, soup = screen(admin_client, post)
    hn_link = row(soup, "hackernews").select_one("[data-copy^='http://testserver/blog/']")["data-copy"]
    reddit_link = row(soup, "reddit:django").select_one("[data-copy^='http://testserver/blog/']")["data-copy"]
    page_path = urlsplit(hn_link).path
    for ip in ("203.0.113.1", "203.0.113.2"):
        beacon({"path": page_path, **utm_of(hn_link)}, ip=ip)
    beacon({"path": page_path, **utm_of(hn_link)}, ip="203.0.113.2")
    beacon({"path": page_path, **utm_of(reddit_link)}, ip="203.0.113.3")
    SubscriberFactory(**{key: value.upper() for key, value in utm_of(hn_link).items()})  # case doesn't matter
    SubscriberFactory(utm_source="hackernews", utm_medium="social", utm_campaign="another-post")
    _, soup = screen(admin_client, post)
    stats = {
        key: [span.get_text() for span in row(soup, key).select("[data-stat]")]
        for key in ("hackernews", "reddit:django", "reddit:webdev")
    }
    assert stats == {"hackernews": ["3", "2", "1"], "reddit:django": ["1", "1", "0"], "reddit:webdev": ["0", "0", "0"]}


def test_the_screen_costs_the_same_queries_whatever_the_subreddits_ticks_and_results(
    admin_client, post, distribution_settings, beacon
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert screen(admin_client, post)[0].status_code == 200
        return len(queries)

    count()  # the first visit may create the site's settings rows
    few = count()
    distribution_settings.subreddits = "\n".join(f"sub{n}" for n in range(15))
    distribution_settings.save()
    for n in range(15):
        DistributionTick.objects.create(page=post, channel="reddit", target=f"sub{n}")
        beacon({"path": "/blog/launch-week/", "utm_source": f"reddit-sub{n}", "utm_campaign": "launch-week"})
        SubscriberFactory(utm_source=f"reddit-sub{n}", utm_medium="social", utm_campaign="launch-week")
    assert count() == few


def test_other_apps_add_buttons_through_the_distribute_actions_hook(admin_client, post):
    def tell_them(request, page):
        return [{"text": "Ask a friend to read it", "url": f"/admin/friends/{page.pk}/", "icon": "mail"}]

    with hooks.register_temporarily("distribute_actions", tell_them):
        _, soup = screen(admin_client, post)
    buttons = {a["href"]: a.get_text(" ", strip=True) for a in soup.select(".distribution-actions a")}
    assert "Ask a friend to read it" in buttons[f"/admin/friends/{post.pk}/"]


def test_the_outreach_tracker_offers_to_tell_the_people_the_post_mentions(admin_client, post):
    _, soup = screen(admin_client, post)
    texts = [a.get_text(" ", strip=True) for a in soup.select(".distribution-actions a")]
    assert any("Tell the people this post mentions" in text for text in texts)


def test_editors_of_the_post_may_tick_it_and_others_may_not(client, post):
    outsider = admin_editor(username="outsider")
    client.force_login(outsider)
    assert denied(client.get(f"/admin/distribution/posts/{post.pk}/"))
    assert denied(client.post(f"/admin/distribution/posts/{post.pk}/", {"row": "hackernews", "action": "done"}))
    assert not DistributionTick.objects.exists()

    group = Group.objects.create(name="Blog writers")
    GroupPagePermission.objects.create(group=group, page=post.get_parent(), permission_type="change")
    writer = admin_editor(username="writer")
    writer.groups.add(group)
    client.force_login(writer)
    assert client.get(f"/admin/distribution/posts/{post.pk}/").status_code == 200
    client.post(f"/admin/distribution/posts/{post.pk}/", {"row": "hackernews", "action": "done"})
    assert DistributionTick.objects.get().done_by == writer


def test_results_need_the_analytics_permission(client, post):
    group = Group.objects.create(name="Blog writers")
    GroupPagePermission.objects.create(group=group, page=post.get_parent(), permission_type="change")
    writer = admin_editor(username="writer")
    writer.groups.add(group)
    client.force_login(writer)
    _, soup = screen(client, post)
    assert soup.select("tr[data-channel]") and not soup.select("[data-results]")
    reader = admin_editor("analytics.view_report", username="reader", groups=["Blog writers"])
    reader.groups.add(group)
    client.force_login(reader)
    _, soup = screen(client, post)
    assert soup.select("[data-results]")


def test_only_blog_posts_have_a_distribute_screen(admin_client, home_page):
    page = StandardPageFactory(parent=home_page)
    response = admin_client.get(f"/admin/distribution/posts/{page.pk}/", follow=True)
    assert "Only blog posts have a Distribute screen." in response.content.decode()
    assert admin_client.get("/admin/distribution/posts/99999999999999999999999/").status_code == 404


def test_the_posts_list_counts_each_posts_ticks_in_a_fixed_number_of_queries(admin_client, blog, post):
    from tests.factories import add_post

    DistributionTick.objects.create(page=post, channel="hackernews")
    DistributionTick.objects.create(page=post, channel="facebook")
    with CaptureQueriesContext(connection) as few:
        response = admin_client.get("/admin/distribution/posts/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("[data-ticks]").get_text() == "2"
    for n in range(5):
        add_post(blog, title=f"More {n}", slug=f"more-{n}")
    with CaptureQueriesContext(connection) as many:
        admin_client.get("/admin/distribution/posts/")
    assert len(many) == len(few)


NASTY = ["²", "٣", "\x00", "' OR 1=1 --", "<script>alert(1)</script>", "javascript:alert(1)", "//evil.example"]
NASTY += ["a" * 600, "ftp://example.com/", "http://[::1", "https://ok.example/" + "x" * 600]
FUZZ = hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
value = st.one_of(st.sampled_from(NASTY + ["hackernews", "done", "undo", "2026-01-01"]), st.text(max_size=40))


@FUZZ
@given(data=st.dictionaries(st.sampled_from(["row", "action", "done_on", "submission_url"]), value))
def test_no_tick_form_input_is_a_server_error_or_an_unsafe_link(post, superuser, data):
    client = Client(raise_request_exception=False)
    client.force_login(superuser)
    response = client.post(f"/admin/distribution/posts/{post.pk}/", data)
    assert response.status_code in (302, 400)
    for url in DistributionTick.objects.values_list("submission_url", flat=True):
        assert url == "" or urlsplit(url).scheme in ("http", "https")
