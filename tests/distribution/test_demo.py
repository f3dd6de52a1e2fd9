import pytest
from bs4 import BeautifulSoup

from analytics.models import DailyEvent, DailyStat
from blog.demo import load_blog
from distribution.demo import DEMO, load_distribution
from distribution.models import CampaignLink, DistributionTick
from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(DistributionTick.objects.values_list("channel", "target", "done_at", "submission_url")),
        sorted(DailyStat.objects.values_list("day", "dimension", "key", "views", "visitors")),
        sorted(Subscriber.objects.values_list("email", "utm_source", "utm_campaign", "created_at")),
        sorted(CampaignLink.objects.values_list("source", "medium", "campaign", "slug")),
        sorted(DailyEvent.objects.values_list("day", "name", "target", "count")),
    )


def test_the_demo_distributes_a_post_with_results_and_loads_the_same_twice(home_page, admin_client):
    load_blog(home_page)
    load_distribution(home_page)
    first = snapshot()
    load_distribution(home_page)
    assert snapshot() == first
    assert len(first[0]) == len(DEMO["ticks"]) and len(first[3]) == 2

    post = DistributionTick.objects.first().page
    soup = BeautifulSoup(admin_client.get(f"/admin/distribution/posts/{post.pk}/").content, "html.parser")
    hn = soup.select_one('tr[data-channel="hackernews"]')
    assert hn.select_one("[data-submission]")["href"] == "https://news.ycombinator.com/item?id=41234567"
    assert [span.get_text() for span in hn.select("[data-stat]")] == ["184", "160", "1"]
    reddit = soup.select_one('tr[data-channel="reddit:sideproject"]')
    assert [span.get_text() for span in reddit.select("[data-stat]")] == ["79", "68", "4"]
    report = BeautifulSoup(admin_client.get("/admin/distribution/campaigns/?period=90").content, "html.parser")
    assert report.select_one('tr[data-campaign="meetup-talk"]')
    assert report.select_one(f'tr[data-campaign="{post.slug}"]')
