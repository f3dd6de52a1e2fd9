"""Sent issues in the public archive reach the sitemap; the archive feed is absolute and cacheable."""

import feedparser
import pytest
from django.utils import timezone

from newsletter.models import Campaign
from tests.home.test_sitemaps import sitemap_index, sitemap_locations

pytestmark = pytest.mark.django_db


def test_archived_issues_are_in_the_sitemap(client, home_page):
    sent = Campaign.objects.create(subject="Launch week", status="sent", finished_at=timezone.now())
    Campaign.objects.create(subject="Private", status="sent", in_archive=False, finished_at=timezone.now())
    Campaign.objects.create(subject="Draft one")
    assert sitemap_index(client)[-1] == "http://testserver/sitemap-newsletter.xml"
    issues = [location for location in sitemap_locations(client) if "/newsletter/archive/" in location]
    assert issues == ["http://testserver/newsletter/archive/", f"http://testserver/newsletter/archive/{sent.slug}/"]


def test_archive_feed_links_are_absolute_and_cacheable(client, home_page, settings):
    settings.BASE_URL = "https://launch.example"
    sent = Campaign.objects.create(subject="Launch week", status="sent", finished_at=timezone.now())
    response = client.get("/newsletter/archive/feed/")
    assert "public" in response["Cache-Control"]
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.entries[0].link == f"https://launch.example/newsletter/archive/{sent.slug}/"
