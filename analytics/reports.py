"""The numbers behind the admin report, the home-page panel, the CSV export and the digest.

Everything reads the daily aggregates (a few rows per day and key), so a 90-day report costs the same whether
the site had a thousand views or ten million. Signups are counted straight from newsletter.Subscriber, which
keeps each signup's page and source.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Sum
from django.utils import timezone

from newsletter.models import Subscriber
from ops.params import parse_int

from . import bounds
from .events import own_hosts
from .models import DailyEvent, DailyStat, Dimension
from .sources import source_of

TOP = 10


@dataclass
class Row:
    key: str
    views: int = 0
    visitors: int = 0
    signups: int = 0
    label: str = ""

    @property
    def conversion(self):
        """Signups ÷ visitors, in percent; None when there were no visitors to convert."""
        return round(100 * self.signups / self.visitors, 1) if self.visitors else None


@dataclass
class Report:
    start: date
    end: date
    days: list = field(default_factory=list)  # [(day, views, visitors, signups)]
    views: int = 0
    visitors: int = 0
    signups: int = 0
    confirmations: int = 0
    pages: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    referrers: list = field(default_factory=list)
    campaigns: list = field(default_factory=list)
    devices: list = field(default_factory=list)
    resources: list = field(default_factory=list)
    shares: list = field(default_factory=list)

    @property
    def conversion(self):
        return round(100 * self.signups / self.visitors, 1) if self.visitors else None


def default_range(days, today=None):
    end = today or timezone.localdate()
    return end - timedelta(days=days - 1), end


def _midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def signups_between(start, end):
    """Subscribers who signed up in [start, end] (local days), as an index-friendly range on created_at."""
    return Subscriber.objects.filter(
        created_at__gte=_midnight(start), created_at__lt=_midnight(end + timedelta(days=1))
    )


def _top(dimension, start, end, limit=TOP):
    rows = (
        DailyStat.objects.filter(dimension=dimension, day__gte=start, day__lte=end)
        .values("key")
        .annotate(v=Sum("views"), u=Sum("visitors"))
        .order_by("-v", "key")[:limit]
    )
    return [Row(key=row["key"], views=row["v"], visitors=row["u"]) for row in rows]


def _visitors_for(dimension, keys, start, end):
    rows = (
        DailyStat.objects.filter(dimension=dimension, day__gte=start, day__lte=end, key__in=keys)
        .values("key")
        .annotate(v=Sum("views"), u=Sum("visitors"))
    )
    return {row["key"]: (row["v"], row["u"]) for row in rows}


def totals_by_key(dimension, keys, start, end):
    """{key: (views, visitors)} of `keys` of one dimension over [start, end], in one query: what another app (the
    Distribute screen, the campaigns report) reads for the keys it knows."""
    return _visitors_for(dimension, list(keys), start, end) if keys else {}


def _with_signups(dimension, signups_by_key, start, end):
    """Top rows by views, plus every key that brought a signup, each with its conversion rate."""
    rows = {row.key: row for row in _top(dimension, start, end)}
    missing = [key for key in signups_by_key if key not in rows]
    for key, (views, visitors) in _visitors_for(dimension, missing, start, end).items():
        rows[key] = Row(key=key, views=views, visitors=visitors)
    for key, count in signups_by_key.items():
        rows.setdefault(key, Row(key=key)).signups = count
    return sorted(rows.values(), key=lambda row: (-row.views, -row.signups, row.key))


def resource_labels(keys):
    """Resource ids reported by links' data-resource-id, as page titles where they are pages."""
    from wagtail.models import Page

    ids = [number for number in map(parse_int, keys) if number is not None]
    return dict(Page.objects.filter(pk__in=ids).values_list("pk", "title")) if ids else {}


def top_events(name, start, end, limit=TOP):
    """The most frequent targets of an event. For the beacon's clicks only real targets (a live resource, a share
    channel): rows a forged beacon left before targets were checked, or for a resource since deleted, never show."""
    rows = (
        DailyEvent.objects.filter(name=name, day__gte=start, day__lte=end)
        .values("target")
        .annotate(n=Sum("count"))
        .order_by("-n", "target")
    )
    check = bounds.beacon_events().get(name)
    if check is None:
        return [(row["target"], row["n"]) for row in rows[:limit]]
    found = []
    for row in rows[: limit * 5]:
        if check(row["target"]):
            found.append((row["target"], row["n"]))
            if len(found) == limit:
                break
    return found


def build_report(start, end):
    report = Report(start=start, end=end)
    totals = {
        row["day"]: (row["views"], row["visitors"])
        for row in DailyStat.objects.filter(dimension=Dimension.TOTAL, key="", day__gte=start, day__lte=end).values(
            "day", "views", "visitors"
        )
    }
    signups = list(signups_between(start, end).values_list("created_at", "utm_source", "referrer", "source_path"))
    hosts = own_hosts()
    per_day, by_source, by_path = Counter(), Counter(), Counter()
    zone = timezone.get_current_timezone()
    for created_at, utm_source, referrer, path in signups:
        per_day[created_at.astimezone(zone).date()] += 1
        by_source[source_of(utm_source, referrer, hosts)] += 1
        by_path[(path or "").split("?")[0][:300] or "/"] += 1
    day = start
    while day <= end:
        views, visitors = totals.get(day, (0, 0))
        report.days.append((day, views, visitors, per_day.get(day, 0)))
        day += timedelta(days=1)
    report.views = sum(row[1] for row in report.days)
    report.visitors = sum(row[2] for row in report.days)
    report.signups = sum(row[3] for row in report.days)
    report.confirmations = Subscriber.objects.filter(
        confirmed_at__gte=_midnight(start), confirmed_at__lt=_midnight(end + timedelta(days=1))
    ).count()
    report.sources = _with_signups(Dimension.SOURCE, by_source, start, end)
    report.pages = _with_signups(Dimension.PATH, by_path, start, end)
    report.referrers = _top(Dimension.REFERRER, start, end)
    report.campaigns = _top(Dimension.UTM, start, end)
    report.devices = _top(Dimension.DEVICE, start, end)
    clicks = top_events("resource_click", start, end)
    labels = resource_labels([target for target, _ in clicks])
    report.resources = [
        Row(key=target, views=count, label=labels.get(parse_int(target), "")) for target, count in clicks
    ]
    report.shares = [Row(key=target, views=count) for target, count in top_events("share_click", start, end)]
    return report


def summary(start, end):
    """Views, visitors and signups of a range: what the panel and the digest compare week on week."""
    row = DailyStat.objects.filter(dimension=Dimension.TOTAL, key="", day__gte=start, day__lte=end).aggregate(
        views=Sum("views"), visitors=Sum("visitors")
    )
    return {
        "views": row["views"] or 0,
        "visitors": row["visitors"] or 0,
        "signups": signups_between(start, end).count(),
    }


def change(current, previous):
    """Percent change, or None when there is nothing to compare with."""
    if not previous:
        return None
    return round(100 * (current - previous) / previous)
