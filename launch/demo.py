"""The launch part of the demo: a launch date a month ahead with pre-launch OFF, a draft announcement issue, and a
few subscribers who referred each other, so the top-referrers report shows something. Safe to run again: what
exists (an editor's date, issue or subscriber) is left as it is."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Site

from newsletter.models import Campaign, Subscriber

from .models import LaunchSettings

# (email, referral code, who referred them, days ago they confirmed)
SUBSCRIBERS = [
    ("ada@example.com", "demo-ada", None, 30),
    ("grace@example.com", "demo-grace", "ada@example.com", 25),
    ("linus@example.com", "demo-linus", "ada@example.com", 20),
    ("margaret@example.com", "demo-margaret", "grace@example.com", 15),
    ("guido@example.com", "demo-guido", "ada@example.com", 10),
    ("barbara@example.com", "demo-barbara", "grace@example.com", 5),
]
ANNOUNCEMENT = {
    "subject": "We launched!",
    "slug": "we-launched",
    "preheader": "Thanks for waiting: everything is open now.",
}


def load_launch(home_page):
    load_subscribers()
    announcement = load_announcement()
    site = Site.objects.filter(root_page=home_page).first() or Site.objects.filter(is_default_site=True).first()
    launch = LaunchSettings.for_site(site)
    changed = []
    if launch.launch_at is None and launch.launched_at is None:
        launch.launch_at = (timezone.now() + timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
        changed.append("launch_at")
    if launch.announcement_id is None and announcement is not None and launch.launched_at is None:
        launch.announcement = announcement
        changed.append("announcement")
    if changed:
        launch.save(update_fields=changed)
    return None  # nothing for the navigation


def load_subscribers():
    now = timezone.now()
    people = {}
    for email, code, _referrer, days in SUBSCRIBERS:
        people[email], _ = Subscriber.objects.get_or_create(
            email=email,
            defaults={
                "status": Subscriber.Status.CONFIRMED,
                "source": Subscriber.Source.ADMIN,
                "confirmed_at": now - timedelta(days=days),
                "created_at": now - timedelta(days=days, hours=1),
                "referral_code": code if not Subscriber.objects.filter(referral_code=code).exists() else None,
            },
        )
    for email, _code, referrer, _days in SUBSCRIBERS:
        if referrer and people[email].referred_by_id is None and people[email].source == Subscriber.Source.ADMIN:
            Subscriber.objects.filter(pk=people[email].pk, referred_by__isnull=True).update(
                referred_by=people[referrer]
            )


def load_announcement():
    campaign = Campaign.objects.filter(slug=ANNOUNCEMENT["slug"]).first()
    if campaign is None:
        campaign = Campaign(**ANNOUNCEMENT)
        campaign.body = [
            ("heading", "We're live"),
            ("rich_text", "<p>Thank you for joining the waitlist. Everything is open now: come and have a look.</p>"),
        ]
        campaign.save()
    return campaign
