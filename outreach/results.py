"""What outreach led to, per contact: a listing, a link from their site, visits and signups from their domain.

A constant number of queries whatever the number of contacts: one for the referrer counts of every contact's host,
one for the signups whose referrer names one of them (counted here by host).
"""

from dataclasses import dataclass

from django.db.models import Q, Sum

from analytics.models import DailyStat, Dimension
from analytics.sources import host_of
from newsletter.models import Subscriber


@dataclass
class Result:
    contact: object
    listed: bool
    visits: int
    signups: int

    @property
    def linked(self):
        """Visitors arrived from their site: it links to ours."""
        return self.visits > 0

    @property
    def anything(self):
        return self.listed or self.visits or self.signups


def visits_by_host(hosts):
    if not hosts:
        return {}
    rows = (
        DailyStat.objects.filter(dimension=Dimension.REFERRER, key__in=hosts)
        .values("key")
        .annotate(views=Sum("views"))
        .order_by()
    )
    return {row["key"]: row["views"] for row in rows}


def signups_by_host(hosts):
    if not hosts:
        return {}
    matches = Q()
    for host in hosts:
        matches |= Q(referrer__icontains=host)
    counts = dict.fromkeys(hosts, 0)
    for referrer in Subscriber.objects.filter(matches).values_list("referrer", flat=True).iterator():
        host = host_of(referrer)
        if host in counts:
            counts[host] += 1
    return counts


def results_for(contacts):
    """A Result for each contact of `contacts` (a queryset), in its order."""
    contacts = list(contacts.select_related("resource"))
    hosts = sorted({contact.host for contact in contacts if contact.host})
    visits, signups = visits_by_host(hosts), signups_by_host(hosts)
    return [
        Result(
            contact=contact,
            listed=bool(contact.resource_id and contact.resource.live),
            visits=visits.get(contact.host, 0),
            signups=signups.get(contact.host, 0),
        )
        for contact in contacts
    ]
