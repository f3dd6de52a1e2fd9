"""The demo's distributed post: channels ticked with dates and submission URLs, the visits and signups their tagged
links brought (analytics rows and subscribers with their UTM tags), and two campaign links.

Everything is in `distribution/demo/distribution.json`, dated from the post's published date. Each row is created
only when missing, so `load_demo` twice gives the same site and never overwrites real data.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from wagtail.models import Site

from analytics.models import DailyEvent, DailyStat, Dimension
from blog.models import BlogPostPage
from home.demo import read_demo_data
from newsletter.models import Subscriber

from .attribution import SHORT_LINK_EVENT
from .channels import utm_key
from .models import CampaignLink, DistributionSettings, DistributionTick

DEMO = read_demo_data(__file__, "distribution.json")


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def load_settings(site):
    options = DistributionSettings.for_site(site)
    if not (options.subreddits or options.personal_x_handle or options.project_x_handle):
        for field, value in DEMO["settings"].items():
            setattr(options, field, value)
        options.save()


def add_visits(day, source, medium, campaign, path, views, visitors):
    for dimension, key in (
        (Dimension.UTM, utm_key(source, medium, campaign)),
        (Dimension.SOURCE, source),
        (Dimension.PATH, path),
        (Dimension.TOTAL, ""),
    ):
        DailyStat.objects.get_or_create(
            day=day, dimension=dimension, key=key, defaults={"views": views, "visitors": visitors}
        )


def add_signups(day, source, medium, campaign, path, count, start=0):
    for number in range(start, start + count):
        Subscriber.objects.get_or_create(
            email=f"demo-{source}-{campaign}-{number}@example.com",
            defaults={
                "status": Subscriber.Status.CONFIRMED,
                "created_at": at(day, 11),
                "confirmed_at": at(day, 12),
                "source_path": path,
                "utm_source": source,
                "utm_medium": medium,
                "utm_campaign": campaign,
            },
        )


def load_results(post, first_day):
    path = post.relative_url(post.get_site())
    for result in DEMO["results"]:
        for offset, views, visitors in result["days"]:
            day = first_day + timedelta(days=offset)
            add_visits(day, result["source"], result["medium"], post.slug, path, views, visitors)
        for offset, count in enumerate(result["signups"]):
            day = first_day + timedelta(days=offset)
            add_signups(day, result["source"], result["medium"], post.slug, path, count, start=offset * 10)
    for tick in DEMO["ticks"]:
        DistributionTick.objects.get_or_create(
            page=post,
            channel=tick["channel"],
            target=tick["target"],
            defaults={
                "done_at": at(first_day + timedelta(days=tick["day"]), 9),
                "submission_url": tick["submission_url"],
            },
        )


def load_links(home, post, first_day):
    for data in DEMO["links"]:
        page = post if data["page"] == post.slug else home
        fields = {key: data[key] for key in ("source", "medium", "campaign", "content")}
        link = CampaignLink.objects.filter(page=page, **fields).first()
        if link is None:
            slug = (
                data["slug"] if data["slug"] and not CampaignLink.objects.filter(slug=data["slug"]).exists() else None
            )
            link = CampaignLink.objects.create(page=page, slug=slug, **fields)
        path = page.relative_url(page.get_site())
        for offset, count in data["visits"]:
            # The redirect's visit, and the page view the page's beacon then reported.
            add_visits(first_day + timedelta(days=offset), link.source, link.medium, link.campaign, path, count, count)
            DailyEvent.objects.get_or_create(
                day=first_day + timedelta(days=offset),
                name=SHORT_LINK_EVENT,
                path="",
                source=link.source,
                target=data["slug"],
                defaults={"count": count},
            )
        add_signups(first_day + timedelta(days=3), link.source, link.medium, link.campaign, "/", data["signups"])


def load_distribution(home):
    post = BlogPostPage.objects.live().descendant_of(home).filter(slug=DEMO["post"]).first()
    if post is None:
        return None
    site = Site.objects.filter(root_page=home).first() or post.get_site()
    load_settings(site)
    # Dated from the post's own published date, a few days back at least, so every result is in the past.
    first_day = min(timezone.localdate(post.date), timezone.localdate() - timedelta(days=5))
    load_results(post, first_day)
    load_links(home, post, first_day)
    return None
