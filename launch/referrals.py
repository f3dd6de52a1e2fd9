"""The waitlist: referral counts, places in line and the top referrers, each in one query.

The codes and who referred whom are stored on newsletter.Subscriber (`referral_code`, `referred_by`): they travel
with the subscriber through the CSV export and import, the JSON download and backups. A referral counts when the
referred address is confirmed, and so is the referrer (a waitlist place belongs to confirmed subscribers only);
self-referrals and blocked addresses were dropped when the address was confirmed (Subscriber.drop_invalid_referral).
The line: most confirmed referrals first, then who confirmed first.
"""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from home.seo import absolute_url
from newsletter.models import Subscriber


def confirmed_referrals(outer="pk"):
    """The number of confirmed subscribers referred by the row `outer` points at, as an expression."""
    counted = (
        Subscriber.objects.confirmed()
        .filter(referred_by=OuterRef(outer))
        .exclude(pk=OuterRef(outer))
        .order_by()
        .values("referred_by")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def ranked(queryset=None):
    """Confirmed subscribers with `referral_count` and `joined` (when they confirmed), in line order."""
    queryset = Subscriber.objects.confirmed() if queryset is None else queryset
    return queryset.annotate(
        referral_count=confirmed_referrals(), joined=Coalesce("confirmed_at", "created_at")
    ).order_by("-referral_count", "joined", "pk")


def top_referrers():
    return ranked().filter(referral_count__gt=0)


def place_in_line(subscriber):
    """1 for the head of the line; None for an address that is not confirmed. One query."""
    if not subscriber.is_confirmed:
        return None
    joined = subscriber.confirmed_at or subscriber.created_at
    mine = Subquery(
        Subscriber.objects.filter(pk=subscriber.pk).annotate(n=confirmed_referrals()).values("n"),
        output_field=IntegerField(),
    )
    ahead = ranked().filter(
        Q(referral_count__gt=mine)
        | Q(referral_count=mine, joined__lt=joined)
        | Q(referral_count=mine, joined=joined, pk__lt=subscriber.pk)
    )
    return ahead.count() + 1


def referral_count(subscriber):
    return Subscriber.objects.filter(pk=subscriber.pk).annotate(n=confirmed_referrals()).values_list("n", flat=True)[0]


def referral_url(subscriber):
    """The subscriber's personal link, on BASE_URL: `/r/<code>/` redirects to the landing page with `?ref=<code>`."""
    return absolute_url(reverse("launch:referral", args=[subscriber.ensure_referral_code()]))


def waitlist_size():
    return Subscriber.objects.confirmed().count()
