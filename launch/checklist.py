"""The dashboard's launch checklist: the talk's steps, each ticked from the site's own state.

Items come from the `launch_checklist_items` hook: `hook(request) -> [{"key", "label", "done", "url", "order"}]`.
This app registers the core ones (core_items); other apps add theirs (distribution: order 50, research: 80).
"""

import logging
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Site

logger = logging.getLogger(__name__)

RESOURCES_WANTED = 10
# Networks that count as "the site's social accounts" (RSS and "other" are not accounts people follow).
SOCIAL_NETWORKS = {"mastodon", "bluesky", "twitter", "github", "linkedin", "youtube", "facebook", "instagram"}


def items(request):
    found = []
    for hook in hooks.get_hooks("launch_checklist_items"):
        try:
            found.extend(hook(request))
        except Exception:
            # One app's broken item must not cost editors the dashboard.
            logger.exception("The launch checklist hook %r failed", hook)
    return sorted(found, key=lambda item: (item.get("order", 0), item.get("key", "")))


class ChecklistPanel(Component):
    name = "launch_checklist"
    order = 20
    template_name = "launch/admin/checklist_panel.html"

    def get_context_data(self, parent_context):
        found = items(parent_context["request"])
        return {"items": found, "done": sum(1 for item in found if item["done"]), "total": len(found)}


def default_site(request):
    return Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()


def settings_url(app_label, model_name, site):
    return reverse("wagtailsettings:edit", args=[app_label, model_name, site.pk]) if site else ""


def add_page_url(index):
    return reverse("wagtailadmin_pages:add_subpage", args=[index.pk]) if index else reverse("wagtailadmin_explore_root")


def analytics_item(request):
    from analytics.models import DailyStat, Event

    since = timezone.now() - timedelta(days=7)
    recording = (
        Event.objects.filter(created_at__gte=since).exists()
        or DailyStat.objects.filter(day__gte=since.date(), views__gt=0).exists()
    )
    return {
        "key": "analytics",
        "label": "Analytics on: our own, cookieless analytics recorded visits this week",
        "done": recording,
        "url": reverse("analytics_report"),
        "order": 10,
    }


def has_signup(page):
    for block in page.body:
        if block.block_type == "signup" or (block.block_type == "hero" and block.value.get("show_signup")):
            return True
    return False


def landing_item(request):
    from home.models import HomePage

    page = HomePage.objects.live().first()
    return {
        "key": "landing",
        "label": "A landing page with a signup form",
        "done": page is not None and has_signup(page),
        "url": reverse("wagtailadmin_pages:edit", args=[page.pk]) if page else reverse("wagtailadmin_explore_root"),
        "order": 20,
    }


def social_item(request):
    from home.models import SocialMediaSettings

    site = default_site(request)
    accounts = SocialMediaSettings.for_site(site).accounts if site else []
    return {
        "key": "social",
        "label": "The site's social accounts set (Mastodon, X, Bluesky…)",
        "done": any(account.value.get("network") in SOCIAL_NETWORKS for account in accounts),
        "url": settings_url("home", "socialmediasettings", site),
        "order": 30,
    }


def first_post_item(request):
    from blog.models import BlogIndexPage, BlogPostPage

    return {
        "key": "first_post",
        "label": "First blog post published",
        "done": BlogPostPage.objects.live().exists(),
        "url": add_page_url(BlogIndexPage.objects.first()),
        "order": 40,
    }


def first_issue_item(request):
    from newsletter.models import Campaign

    return {
        "key": "first_issue",
        "label": "First newsletter issue sent",
        "done": Campaign.objects.filter(status=Campaign.Status.SENT).exists(),
        "url": reverse("wagtailsnippets_newsletter_campaign:list"),
        "order": 60,
    }


def resources_item(request):
    from resources.models import ResourceIndexPage, ResourcePage

    count = ResourcePage.objects.live().count()
    return {
        "key": "resources",
        "label": f"Ten resources or partners listed ({min(count, RESOURCES_WANTED)} of {RESOURCES_WANTED})",
        "done": count >= RESOURCES_WANTED,
        "url": add_page_url(ResourceIndexPage.objects.first()),
        "order": 70,
    }


def core_items(request):
    return [
        analytics_item(request),
        landing_item(request),
        social_item(request),
        first_post_item(request),
        first_issue_item(request),
        resources_item(request),
    ]
