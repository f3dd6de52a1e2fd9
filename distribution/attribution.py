"""What each channel brought, from our own analytics: views and visitors from the daily UTM aggregates, signups
from the subscribers' UTM tags. A fixed number of queries per screen, whatever the number of rows or campaigns."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Sum
from django.db.models.functions import Lower
from django.utils import timezone

from analytics import reports
from analytics.bounds import OTHER
from analytics.models import DailyEvent, DailyStat, Dimension

from .channels import utm_key
from .models import CampaignLink, DistributionTick

SHORT_LINK_EVENT = "campaign_link"


def since(page, today=None):
    """The first day a post's links could bring anyone: the day it was first published, or its published date when
    that is earlier (a post moved here from elsewhere, with its date)."""
    today = today or timezone.localdate()
    days = [timezone.localdate(value) for value in (page.first_published_at, getattr(page, "date", None)) if value]
    return min([*days, today])


def signups_by_key(sources, campaigns, start, end):
    """{"source / medium / campaign": signups} for subscribers who came with these tags in [start, end]."""
    if not sources or not campaigns:
        return {}
    rows = (
        reports.signups_between(start, end)
        .annotate(s=Lower("utm_source"), m=Lower("utm_medium"), c=Lower("utm_campaign"))
        .filter(s__in=sources, c__in=campaigns)
        .values("s", "m", "c")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {utm_key(row["s"], row["m"], row["c"]): row["n"] for row in rows}


def attach_results(rows, page, today=None):
    """Each row's views, visitors and signups since the post went live: two queries for the whole screen."""
    start, end = since(page, today), today or timezone.localdate()
    keys = {key for row in rows for key in row.stat_keys}
    totals = reports.totals_by_key(Dimension.UTM, keys, start, end)
    signups = signups_by_key(
        {row.utm_source.lower() for row in rows},
        {campaign.lower() for row in rows for campaign in row.campaigns},
        start,
        end,
    )
    for row in rows:
        for key in row.stat_keys:
            views, visitors = totals.get(key, (0, 0))
            row.views += views
            row.visitors += visitors
            row.signups += signups.get(key, 0)
    return rows


def attach_ticks(rows, page):
    ticks = {tick.row_key: tick for tick in DistributionTick.objects.for_page(page).select_related("done_by")}
    for row in rows:
        row.tick = ticks.get(row.key)
    return rows


@dataclass
class CampaignRow:
    campaign: str
    views: int = 0
    visitors: int = 0
    signups: int = 0
    short_link_visits: int = 0
    sources: set = field(default_factory=set)

    @property
    def conversion(self):
        """Signups ÷ visitors in percent, as the analytics report counts it; None without visitors."""
        return round(100 * self.signups / self.visitors, 1) if self.visitors else None

    @property
    def source_list(self):
        return ", ".join(sorted(self.sources))


def campaign_of(key):
    """The campaign of an analytics UTM key ("source / medium / campaign"); "(other)" for the folded keys."""
    parts = key.split(" / ")
    if len(parts) != 3:
        return OTHER
    return parts[2] if parts[2] != "-" else "(none)"


def campaign_rows(start, end):
    """Every campaign with visits or signups in [start, end], and every campaign a link was built for: four queries."""
    rows = {}

    def row_for(campaign):
        return rows.setdefault(campaign, CampaignRow(campaign))

    stats = (
        DailyStat.objects.filter(dimension=Dimension.UTM, day__gte=start, day__lte=end)
        .values("key")
        .annotate(v=Sum("views"), u=Sum("visitors"))
        .order_by()
    )
    for stat in stats:
        row = row_for(campaign_of(stat["key"]))
        row.views += stat["v"]
        row.visitors += stat["u"]
        row.sources.add(stat["key"].split(" / ")[0])
    signups = (
        reports.signups_between(start, end)
        .exclude(utm_campaign="")
        .annotate(c=Lower("utm_campaign"))
        .values("c")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for signup in signups:
        row_for(signup["c"][:200]).signups += signup["n"]
    campaign_by_slug = {}
    for slug, campaign in CampaignLink.objects.values_list("slug", "campaign"):
        row_for(campaign)
        if slug:
            campaign_by_slug[slug] = campaign
    visits = (
        DailyEvent.objects.filter(name=SHORT_LINK_EVENT, day__gte=start, day__lte=end)
        .values("target")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for visit in visits:
        if visit["target"] in campaign_by_slug:
            row_for(campaign_by_slug[visit["target"]]).short_link_visits += visit["n"]
    return sorted(rows.values(), key=lambda row: (-row.visitors, -row.signups, -row.short_link_visits, row.campaign))


def short_link_visits(slugs, days=30, today=None):
    """{slug: visits over the last `days` days} for the links listing: one query."""
    end = today or timezone.localdate()
    rows = (
        DailyEvent.objects.filter(
            name=SHORT_LINK_EVENT, target__in=list(slugs), day__gte=end - timedelta(days=days - 1), day__lte=end
        )
        .values("target")
        .annotate(n=Sum("count"))
        .order_by()
    )
    return {row["target"]: row["n"] for row in rows}
