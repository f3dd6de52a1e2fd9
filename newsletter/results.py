"""What one sent issue did: deliveries, clicks per link, opens (if tracked), the unsubscribes and bounces it caused,
and the signups and visits it led to. A fixed handful of queries, however many links and recipients it has.

Attribution, in plain words (docs/results.md says the same to editors):
- an unsubscribe or a hard bounce counts for an issue when it happened within NEWSLETTER_ATTRIBUTION_DAYS after the
  issue reached that subscriber, and no later issue reached them in between;
- a signup counts when the subscriber's first visit carried utm_source=newsletter and utm_campaign=<the issue's slug>
  (someone forwarded the issue, or clicked through and subscribed a friend's address);
- visits are the analytics' page views with the issue's UTM tags (newsletter / email / <slug>).
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, DateTimeField, Exists, ExpressionWrapper, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Delivery, IssueClick, IssueLink, NewsletterSettings, Subscriber

CHART_DAYS = 14
RECEIVED = (Delivery.Status.SENT, Delivery.Status.UNKNOWN)


@dataclass
class LinkResult:
    url: str
    clicks: int
    clickers: int


@dataclass
class IssueResults:
    stats: dict
    links: list = field(default_factory=list)
    clicks: int = 0
    clickers: int = 0
    opens: int = 0
    open_tracking: bool = False
    unsubscribes: int = 0
    bounces: int = 0
    signups: int = 0
    views: int = 0
    visitors: int = 0
    clicks_by_day: list = field(default_factory=list)  # [(date, clicks)] from the day sending started

    @property
    def delivered(self):
        return self.stats["sent"]

    @property
    def click_rate(self):
        """Unique clickers ÷ delivered, in percent; None before anything was delivered."""
        return round(100 * self.clickers / self.delivered, 1) if self.delivered else None

    @property
    def open_rate(self):
        return round(100 * self.opens / self.delivered, 1) if self.delivered and self.open_tracking else None


def utm_key(campaign):
    """The analytics' campaign key for an issue's links (emails.with_utm tags them so)."""
    return f"newsletter / email / {campaign.slug.lower()}"[:300]


def received(campaign):
    """The issue's deliveries that reached the mail server, with the moment they did (`at`)."""
    return Delivery.objects.filter(campaign=campaign, status__in=RECEIVED).annotate(at=Coalesce("sent_at", "handed_at"))


def caused(campaign, status, moment):
    """How many subscribers now in `status` got there (at their `moment` field) within the attribution window
    after this issue reached them, with no later issue reaching them in between. One query."""
    window = timedelta(days=settings.NEWSLETTER_ATTRIBUTION_DAYS)
    when = F(f"subscriber__{moment}")
    later_issue = Delivery.objects.filter(
        subscriber=OuterRef("subscriber"),
        status__in=RECEIVED,
        sent_at__gt=OuterRef("at"),
        sent_at__lte=OuterRef(f"subscriber__{moment}"),
    ).exclude(campaign=campaign)
    return (
        received(campaign)
        .annotate(until=ExpressionWrapper(F("at") + window, output_field=DateTimeField()))
        .filter(Q(subscriber__status=status), Q(**{f"subscriber__{moment}__gte": F("at")}), Q(until__gt=when))
        .exclude(Exists(later_issue))
        .count()
    )


def link_results(campaign):
    rows = (
        IssueLink.objects.filter(campaign=campaign)
        .annotate(n=Count("clicks"), unique=Count("clicks__subscriber", distinct=True))
        .order_by("-n", "position", "pk")
        .values_list("url", "n", "unique")
    )
    return [LinkResult(url, clicks, clickers) for url, clicks, clickers in rows]


def clicks_by_day(campaign, days=CHART_DAYS):
    start = timezone.localtime(campaign.started_at or campaign.created_at).date()
    zone = timezone.get_current_timezone()
    since = timezone.make_aware(datetime.combine(start, time.min))
    counts = dict(
        IssueClick.objects.for_campaign(campaign)
        .since(since)
        .annotate(day=TruncDate("clicked_at", tzinfo=zone))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
        .order_by()
    )
    return [(start + timedelta(days=offset), counts.get(start + timedelta(days=offset), 0)) for offset in range(days)]


def visits(campaign):
    from analytics.models import DailyStat, Dimension  # analytics reads newsletter too: imported when used

    row = DailyStat.objects.filter(dimension=Dimension.UTM, key=utm_key(campaign)).aggregate(
        views=Sum("views"), visitors=Sum("visitors")
    )
    return row["views"] or 0, row["visitors"] or 0


def issue_results(campaign):
    results = IssueResults(stats=campaign.stats())
    results.links = link_results(campaign)
    totals = IssueClick.objects.for_campaign(campaign).aggregate(
        clicks=Count("pk"), clickers=Count("subscriber", distinct=True)
    )
    results.clicks, results.clickers = totals["clicks"], totals["clickers"]
    results.open_tracking = NewsletterSettings.load().open_tracking
    results.opens = campaign.deliveries.filter(opened_at__isnull=False).count()
    results.unsubscribes = caused(campaign, Subscriber.Status.UNSUBSCRIBED, "unsubscribed_at")
    results.bounces = caused(campaign, Subscriber.Status.BOUNCED, "bounced_at")
    results.signups = Subscriber.objects.filter(
        utm_source__iexact="newsletter", utm_campaign__iexact=campaign.slug
    ).count()
    results.views, results.visitors = visits(campaign)
    results.clicks_by_day = clicks_by_day(campaign)
    return results


# --- One subscriber: the issues they got and what they clicked ------------------------------------------


def subscriber_issues(subscriber, limit=50):
    deliveries = (
        Delivery.objects.filter(subscriber=subscriber)
        .select_related("campaign")
        .annotate(n_clicks=Count("clicks"))
        .order_by("-pk")[:limit]
    )
    clicks = IssueClick.objects.filter(subscriber=subscriber).select_related("link__campaign")[:limit]
    return list(deliveries), list(clicks)


def profile_section(request, subscriber):
    """The `subscriber_profile_sections` entry: "Issues received and links clicked"."""
    deliveries, clicks = subscriber_issues(subscriber)
    html = render_to_string(
        "newsletter/admin/subscriber_issues_section.html",
        {"deliveries": deliveries, "clicks": clicks},
        request=request,
    )
    return [{"heading": "Issues received and links clicked", "html": html, "order": 40}]


def subscriber_data(subscriber):
    """The `subscriber_data` entry: every click we counted for this person, and the opens if any were recorded."""
    clicks = IssueClick.objects.filter(subscriber=subscriber).select_related("link__campaign").order_by("clicked_at")
    opens = Delivery.objects.filter(subscriber=subscriber, opened_at__isnull=False).select_related("campaign")
    return {
        "issue_clicks": [
            {"issue": click.link.campaign.subject, "url": click.link.url, "at": click.clicked_at.isoformat()}
            for click in clicks
        ],
        "issue_opens": [{"issue": d.campaign.subject, "at": d.opened_at.isoformat()} for d in opens],
    }
