from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.models import PageViewRestriction, Site

from analytics.models import DailyEvent
from distribution.models import CampaignLink
from tests.factories import HomePageFactory, StandardPageFactory

from .conftest import CHROME_UA

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(post):
    return CampaignLink.objects.create(
        page=post, source="talk", medium="slides", campaign="djangocon", content="last-slide", slug="talk"
    )


def visit(path, ip="198.51.100.1", ua=CHROME_UA, **headers):
    return Client().get(path, REMOTE_ADDR=ip, HTTP_USER_AGENT=ua, **headers)


def visits():
    return sum(DailyEvent.objects.filter(name="campaign_link").values_list("count", flat=True))


def test_a_short_link_redirects_with_a_302_to_the_tagged_page_on_this_host(link):
    response = visit("/l/talk/")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert (location.scheme, location.netloc, location.path) == ("", "", "/blog/launch-week/")
    assert parse_qs(location.query) == {
        "utm_source": ["talk"],
        "utm_medium": ["slides"],
        "utm_campaign": ["djangocon"],
        "utm_content": ["last-slide"],
    }
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_a_visit_counts_once_per_visitor_a_day(link):
    for _ in range(3):
        assert visit("/l/talk/").status_code == 302
    assert visits() == 1
    visit("/l/talk/", ip="198.51.100.2")
    assert visits() == 2
    event = DailyEvent.objects.filter(name="campaign_link").first()
    assert (event.target, event.source, event.path) == ("talk", "talk", "/blog/launch-week/")


def test_bots_and_visitors_who_opt_out_are_redirected_but_not_counted(link):
    assert visit("/l/talk/", ua="Googlebot/2.1").status_code == 302
    assert visit("/l/talk/", ip="198.51.100.3", HTTP_DNT="1").status_code == 302
    assert visit("/l/talk/", ip="198.51.100.4", HTTP_SEC_GPC="1").status_code == 302
    assert visits() == 0


def test_past_the_click_rate_a_link_still_works_but_does_not_count(link, settings):
    settings.ANALYTICS_CLICK_RATE = "1/h"
    assert visit("/l/talk/", ua=CHROME_UA).status_code == 302
    assert visit("/l/talk/", ua=CHROME_UA + " other").status_code == 302
    assert visits() == 1


def test_an_unknown_short_path_is_not_found(link):
    assert visit("/l/nothing-here/").status_code == 404
    assert visit("/l/").status_code == 404


def test_a_link_to_an_unpublished_or_private_page_is_not_found(link, post):
    post.unpublish()
    assert visit("/l/talk/").status_code == 404
    post.save_revision().publish()
    assert visit("/l/talk/").status_code == 302
    PageViewRestriction.objects.create(page=post, restriction_type="password", password="x")
    assert visit("/l/talk/").status_code == 404


def test_a_page_of_another_site_is_never_a_redirect_to_its_host(home_page):
    from wagtail.models import Page

    other_home = HomePageFactory(parent=Page.get_first_root_node(), title="Other", slug="other")
    Site.objects.create(hostname="evil.example", port=80, root_page=other_home)
    page = StandardPageFactory(parent=other_home, slug="elsewhere")
    CampaignLink.objects.create(page=page, source="x", medium="social", campaign="c", slug="away")
    response = visit("/l/away/")
    assert response.status_code == 404


def test_the_short_link_is_never_stored_in_the_page_cache(link, settings):
    visit("/l/talk/")
    visit("/l/talk/", ip="198.51.100.9")
    assert visits() == 2


FUZZ = hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
NASTY = ["//evil.example", "http://evil.example", "%2F%2Fevil.example", "..", "TALK", "talk/../x", "\x00", "😀"]


@FUZZ
@given(slug=st.one_of(st.sampled_from(NASTY), st.text(max_size=40)))
def test_no_short_path_errors_or_leaves_this_host(link, slug):
    client = Client(raise_request_exception=False)
    response = client.get(f"/l/{quote(slug, safe='')}/", HTTP_USER_AGENT=CHROME_UA)
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        location = urlsplit(response["Location"])
        assert not location.netloc and not location.scheme
        assert response["Location"].startswith("/") and not response["Location"].startswith("//")
