"""When to send the next issue, from our own data: when subscribers click issue links, and when the site is visited.

The score of each hour of the week (weekday and hour in the site's time zone, over the last LOOKBACK_DAYS) is
CLICK_WEIGHT times the clicks on issue links in it + the page views in it. A click is a subscriber reading mail, so it
weighs more than a visit, which may be anyone. The best hour is the top score; the next two are shown too. With
fewer than MIN_EVENTS clicks and views together, the suggestion is a common default instead, and says so.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Count, Sum
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay
from django.utils import timezone

from .models import IssueClick

LOOKBACK_DAYS = 90
CLICK_WEIGHT = 5
MIN_EVENTS = 50
DEFAULT_SLOT = (2, 10)  # Tuesday 10:00: the usual advice for newsletters when you know nothing yet
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def slot_label(slot):
    weekday, hour = slot
    return f"{WEEKDAYS[weekday - 1]} {hour}:00"


@dataclass
class Suggestion:
    slot: tuple  # (ISO weekday 1-7, hour 0-23) in the site's time zone
    clicks: int = 0
    visits: int = 0
    days: int = LOOKBACK_DAYS
    fallback: bool = False
    top: list = field(default_factory=list)  # [(slot, score)], best first, at most three

    click_weight = CLICK_WEIGHT

    @property
    def label(self):
        return slot_label(self.slot)

    @property
    def zone(self):
        return timezone.get_current_timezone_name()

    @property
    def events(self):
        return self.clicks + self.visits

    @property
    def text(self):
        if self.fallback:
            return (
                f"{self.label} ({self.zone}), a common default; too little data yet: "
                f"fewer than {MIN_EVENTS} clicks and visits over the last {self.days} days ({self.events} so far)."
            )
        return (
            f"Best time: {self.label} ({self.zone}), from {self.clicks} click{'s' * (self.clicks != 1)} "
            f"and {self.visits} visit{'s' * (self.visits != 1)} over the last {self.days} days."
        )

    @property
    def runners_up(self):
        return [(slot_label(slot), score) for slot, score in self.top[1:]]

    def next_at(self, now=None):
        """The next moment (aware, site time zone) this weekday and hour comes round, at least an hour ahead."""
        now = timezone.localtime(now or timezone.now())
        weekday, hour = self.slot
        day = now.date() + timedelta(days=(weekday - now.isoweekday()) % 7)
        candidate = timezone.make_aware(datetime.combine(day, time(hour)))
        if candidate < now + timedelta(hours=1):
            candidate = timezone.make_aware(datetime.combine(day + timedelta(days=7), time(hour)))
        return candidate


def suggest(clicks, visits, days=LOOKBACK_DAYS):
    """The suggestion from counts per (weekday, hour): {(2, 9): 14, ...} for clicks and for visits. Pure."""
    total_clicks, total_visits = sum(clicks.values()), sum(visits.values())
    scores = {}
    for slot in set(clicks) | set(visits):
        scores[slot] = CLICK_WEIGHT * clicks.get(slot, 0) + visits.get(slot, 0)
    ranked = sorted(((slot, score) for slot, score in scores.items() if score > 0), key=lambda x: (-x[1], x[0]))
    if total_clicks + total_visits < MIN_EVENTS or not ranked:
        return Suggestion(DEFAULT_SLOT, total_clicks, total_visits, days, fallback=True)
    return Suggestion(ranked[0][0], total_clicks, total_visits, days, top=ranked[:3])


def parse_slot(key):
    """The slot of a key: "2-9" -> (2, 9); anything else -> None."""
    weekday, _, hour = (key or "").partition("-")
    if not (weekday.isdigit() and hour.isdigit()):
        return None
    slot = (int(weekday), int(hour))
    return slot if 1 <= slot[0] <= 7 and 0 <= slot[1] <= 23 else None


def click_counts(since):
    zone = timezone.get_current_timezone()
    rows = (
        IssueClick.objects.since(since)
        .annotate(weekday=ExtractIsoWeekDay("clicked_at", tzinfo=zone), hour=ExtractHour("clicked_at", tzinfo=zone))
        .values("weekday", "hour")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(row["weekday"], row["hour"]): row["n"] for row in rows}


def visit_counts(since_day):
    from analytics.models import DailyStat, Dimension  # analytics reads newsletter too: imported when used

    rows = (
        DailyStat.objects.filter(dimension=Dimension.HOUR, day__gte=since_day)
        .values("key")
        .annotate(n=Sum("views"))
        .order_by()
    )
    counts = {}
    for row in rows:
        slot = parse_slot(row["key"])
        if slot is not None:
            counts[slot] = counts.get(slot, 0) + row["n"]
    return counts


def send_time_suggestion(now=None, days=LOOKBACK_DAYS):
    """The suggestion from the last `days` days of issue clicks and site visits. Two queries."""
    now = now or timezone.now()
    since = now - timedelta(days=days)
    return suggest(click_counts(since), visit_counts(timezone.localtime(since).date()), days)
