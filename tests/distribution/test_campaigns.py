import csv
import io
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from analytics.models import DailyEvent
from analytics.recording import today
from distribution.models import CampaignLink
from tests.admin_users import denied, sign_in_editor
from tests.factories import SubscriberFactory

from .conftest import CHROME_UA

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/distribution/campaignlink/add/"
LIST = "/admin/snippets/distribution/campaignlink/"
REPORT = "/admin/distribution/campaigns/"


def link_form(page, **fields):
    return {"page": page.pk, "preset": "", "source": "", "medium": "", "campaign": "launch", "content": "", **fields}


def test_a_preset_fills_in_the_source_and_medium_of_its_channel(admin_client, post):
    response = admin_client.post(ADD, link_form(post, preset="hackernews", slug="hn"))
    assert response.status_code == 302, response.content.decode()[:2000]
    link = CampaignLink.objects.get()
    assert (link.source, link.medium, link.campaign, link.slug) == ("hackernews", "social", "launch", "hn")
    assert (
        link.url() == "http://testserver/blog/launch-week/?utm_source=hackernews&utm_medium=social&utm_campaign=launch"
    )
    assert link.short_url == "http://testserver/l/hn/"


def test_typed_tags_win_over_the_preset_and_are_lowercased(admin_client, post):
    admin_client.post(ADD, link_form(post, preset="hackernews", source="Newsletter", medium="Email", campaign="Q3"))
    link = CampaignLink.objects.get()
    assert (link.source, link.medium, link.campaign, link.slug) == ("newsletter", "email", "q3", None)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"source": "", "medium": "social"}, "source"),
        ({"source": "hacker news", "medium": "social"}, "source"),
        ({"source": "hn", "medium": "so/cial media"}, "medium"),
        ({"source": "hn", "medium": "social", "campaign": ""}, "campaign"),
        ({"source": "hn", "medium": "social", "slug": "not a slug"}, "slug"),
    ],
)
def test_bad_tags_are_refused_with_a_message(admin_client, post, fields, field):
    response = admin_client.post(ADD, link_form(post, **fields))
    assert response.status_code == 200
    assert not CampaignLink.objects.exists()
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(f"[data-field-wrapper] #id_{field}") is not None or field in response.content.decode()
    assert "error" in response.content.decode()


def test_two_links_cannot_share_a_short_path_but_many_can_have_none(admin_client, post):
    for _ in range(2):
        assert admin_client.post(ADD, link_form(post, preset="reddit")).status_code == 302
    assert admin_client.post(ADD, link_form(post, preset="reddit", slug="go")).status_code == 302
    response = admin_client.post(ADD, link_form(post, preset="x", slug="go"))
    assert response.status_code == 200
    assert CampaignLink.objects.count() == 3


def test_the_edit_screen_shows_the_links_with_copy_buttons(admin_client, post):
    link = CampaignLink.objects.create(page=post, source="talk", medium="slides", campaign="djangocon", slug="talk")
    response = admin_client.get(f"{LIST}edit/{link.pk}/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("[data-campaign-link-url]").get_text() == link.url()
    assert soup.select_one("[data-campaign-link-short]").get_text() == "http://testserver/l/talk/"
    assert soup.select_one('button[data-copy="http://testserver/l/talk/"]')
    assert soup.select_one('select[name="preset"] option[value="hackernews"]')["data-source"] == "hackernews"
    scripts = [script.get("src", "") for script in soup.select("script")]
    assert any(src.endswith("distribution/admin/campaign-link.js") for src in scripts)
    assert not any(not script.get("src") and "clipboard" in script.get_text() for script in soup.select("script"))


def test_the_listing_shows_short_links_and_their_visits_in_a_fixed_number_of_queries(admin_client, post):
    def listing():
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(LIST)
        return response, len(queries)

    CampaignLink.objects.create(page=post, source="talk", medium="slides", campaign="djangocon", slug="talk")
    Client().get("/l/talk/", HTTP_USER_AGENT=CHROME_UA, REMOTE_ADDR="198.51.100.1")
    response, few = listing()
    assert "http://testserver/l/talk/" in response.content.decode()
    for n in range(6):
        CampaignLink.objects.create(page=post, source="s", medium="m", campaign=f"c{n}", slug=f"s{n}")
    _, many = listing()
    assert many == few


def test_the_campaigns_report_lists_views_visitors_signups_and_conversion(admin_client, post, beacon):
    for ip in ("203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"):
        beacon(
            {
                "path": "/blog/launch-week/",
                "utm_source": "hackernews",
                "utm_medium": "social",
                "utm_campaign": "launch",
            },
            ip=ip,
        )
    beacon({"path": "/blog/launch-week/", "utm_source": "reddit", "utm_medium": "social", "utm_campaign": "launch"})
    beacon({"path": "/", "utm_source": "newsletter", "utm_medium": "email", "utm_campaign": "issue-1"})
    SubscriberFactory(utm_source="hackernews", utm_campaign="Launch")
    SubscriberFactory(utm_source="hackernews", utm_campaign="launch")
    CampaignLink.objects.create(page=post, source="talk", medium="slides", campaign="djangocon", slug="talk")
    Client().get("/l/talk/", HTTP_USER_AGENT=CHROME_UA, REMOTE_ADDR="198.51.100.1")
    response = admin_client.get(REPORT)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    cells = {
        tr["data-campaign"]: [td.get_text(strip=True) for td in tr.select("td")]
        for tr in soup.select("tr[data-campaign]")
    }
    assert cells["launch"] == ["launch", "hackernews, reddit", "5", "5", "2", "40.0%", "0"]
    assert cells["issue-1"] == ["issue-1", "newsletter", "1", "1", "0", "0.0%", "0"]
    # A campaign known only from its link: the short link's visit, and a dash where there is nothing to show.
    dash = "\N{EN DASH}"
    assert cells["djangocon"] == ["djangocon", dash, "0", "0", "0", dash, "1"]


def test_the_report_s_queries_do_not_grow_with_campaigns(admin_client, post, beacon):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(REPORT).status_code == 200
        return len(queries)

    few = count()
    for n in range(8):
        beacon({"path": "/", "utm_source": f"s{n}", "utm_campaign": f"c{n}"}, ip=f"203.0.113.{n}")
        SubscriberFactory(utm_campaign=f"c{n}")
        CampaignLink.objects.create(page=post, source="s", medium="m", campaign=f"l{n}", slug=f"l{n}")
        DailyEvent.objects.create(day=today(), name="campaign_link", target=f"l{n}", count=2)
    assert count() == few


def test_the_report_exports_csv_with_formulas_neutralised(admin_client, post):
    SubscriberFactory(utm_campaign="=1+2")
    response = admin_client.get(REPORT + "?period=7&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:6] == ["campaign", "sources", "views", "visitors", "signups", "conversion_percent"]
    assert rows[1][0] == "'=1+2"


def test_a_bad_range_says_why_and_shows_the_last_30_days(admin_client):
    response = admin_client.get(REPORT + "?start=2026-05-01&end=2026-04-01")
    assert response.status_code == 400
    assert "The start date must be on or before the end date." in response.content.decode()
    assert admin_client.get(REPORT + "?start=nonsense&format=csv").status_code == 400


def test_the_report_and_its_export_need_their_permissions(client):
    sign_in_editor(client, username="nobody")
    assert denied(client.get(REPORT))
    client.logout()
    sign_in_editor(client, "distribution.view_campaigns_report", username="reader")
    assert client.get(REPORT).status_code == 200
    assert denied(client.get(REPORT + "?format=csv"))
    assert "Download as CSV" not in client.get(REPORT).content.decode()


def test_editors_and_moderators_get_the_section_from_the_migration():
    from django.contrib.auth.models import Group

    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    moderators = set(Group.objects.get(name="Moderators").permissions.values_list("codename", flat=True))
    assert {"add_campaignlink", "change_campaignlink", "view_campaigns_report"} <= editors
    assert "export_campaigns_report" not in editors
    assert "export_campaigns_report" in moderators


def test_a_visit_through_a_channel_link_and_a_signup_after_it_show_on_its_row_and_in_the_report(
    admin_client, post, beacon, client
):
    screen = BeautifulSoup(admin_client.get(f"/admin/distribution/posts/{post.pk}/").content, "html.parser")
    link = screen.select_one('tr[data-channel="bluesky"] [data-copy^="http://testserver/"]')["data-copy"]
    parts = urlsplit(link)
    utm = dict(pair.split("=") for pair in parts.query.split("&"))
    beacon({"path": parts.path, **utm})
    visitor = Client()
    response = visitor.post(
        "/newsletter/subscribe/", {"email": "fan@example.com", **utm}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    screen = BeautifulSoup(admin_client.get(f"/admin/distribution/posts/{post.pk}/").content, "html.parser")
    stats = [span.get_text() for span in screen.select('tr[data-channel="bluesky"] [data-stat]')]
    assert stats == ["1", "1", "1"]
    report = BeautifulSoup(admin_client.get(REPORT).content, "html.parser")
    cells = [td.get_text(strip=True) for td in report.select_one('tr[data-campaign="launch-week"]').select("td")]
    assert cells == ["launch-week", "bluesky", "1", "1", "1", "100.0%", "0"]
