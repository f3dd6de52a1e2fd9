"""Demo content: one sent issue with deliveries, clicks, an unsubscribe, a bounce and a signup, so its Results page
shows numbers. Made once: a second `make demo` finds the issue by its slug and changes nothing."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from . import emails
from .models import Campaign, Delivery, IssueClick, IssueLink, Subscriber

SLUG = "demo-launch-week"
READERS = 12
# (reader number, link position, hours after sending): who clicked what, and when.
CLICKS = [
    (0, 0, 1),
    (0, 1, 1),
    (1, 0, 2),
    (2, 0, 3),
    (2, 2, 3),
    (3, 1, 5),
    (4, 0, 9),
    (5, 0, 20),
    (5, 0, 44),
    (6, 3, 26),
    (7, 0, 50),
]
BODY = [
    ("heading", "Launch week: what we shipped"),
    (
        "rich_text",
        '<p>We launched! Here is <a href="/blog/">what we wrote on the way</a>, and the '
        '<a href="/resources/">tools we used</a> to get the word out.</p>',
    ),
    ("button", {"label": "Read the launch post", "url": "/blog/"}),
]


def demo_readers():
    readers = []
    for number in range(READERS):
        reader, _ = Subscriber.objects.get_or_create(
            email=f"demo-reader-{number:02d}@example.com",
            defaults={"status": Subscriber.Status.CONFIRMED, "source": Subscriber.Source.ADMIN},
        )
        readers.append(reader)
    return readers


@transaction.atomic
def load_sent_issue(home_page=None):
    if Campaign.objects.filter(slug=SLUG).exists():
        return None
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    sent_at = now - timedelta(days=6)
    readers = demo_readers()
    campaign = Campaign.objects.create(
        subject="Launch week: what we shipped",
        slug=SLUG,
        preheader="The launch, the posts behind it, and the tools.",
        body=BODY,
        status=Campaign.Status.SENT,
        created_at=sent_at - timedelta(hours=1),
        started_at=sent_at,
        queued_at=sent_at,
        finished_at=sent_at + timedelta(minutes=2),
        recipients=READERS,
    )
    emails.render_campaign(campaign, track=True)  # records the issue's links, as the first send batch does
    links = list(IssueLink.objects.filter(campaign=campaign).order_by("position"))
    deliveries = []
    for number, reader in enumerate(readers):
        failed = number == READERS - 1
        deliveries.append(
            Delivery(
                campaign=campaign,
                subscriber=reader,
                status=Delivery.Status.FAILED if failed else Delivery.Status.SENT,
                attempts=1,
                sent_at=None if failed else sent_at + timedelta(seconds=number),
                handed_at=None if failed else sent_at + timedelta(seconds=number),
                message_id="" if failed else f"<issue-demo-{number}@example.com>",
                error="SMTPRecipientsRefused: 550 mailbox unavailable" if failed else "",
            )
        )
    Delivery.objects.bulk_create(deliveries)
    by_reader = {delivery.subscriber_id: delivery for delivery in Delivery.objects.filter(campaign=campaign)}
    IssueClick.objects.bulk_create(
        IssueClick(
            link=links[position % len(links)],
            delivery=by_reader[readers[number].pk],
            subscriber=readers[number],
            clicked_at=sent_at + timedelta(hours=hours),
        )
        for number, position, hours in CLICKS
        if links
    )
    # One reader left two days later, one address bounced, and one forwarded copy brought a signup.
    Subscriber.objects.filter(pk=readers[9].pk).update(
        status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=sent_at + timedelta(days=2)
    )
    Subscriber.objects.filter(pk=readers[10].pk).update(
        status=Subscriber.Status.BOUNCED, bounced_at=sent_at + timedelta(minutes=5)
    )
    Subscriber.objects.get_or_create(
        email="demo-forwarded@example.com",
        defaults={
            "status": Subscriber.Status.CONFIRMED,
            "utm_source": "newsletter",
            "utm_medium": "email",
            "utm_campaign": SLUG,
            "source_path": "/blog/",
            "created_at": sent_at + timedelta(days=1),
        },
    )
    demo_visits(campaign, sent_at)
    return campaign


def demo_visits(campaign, sent_at):
    """Page views with the issue's tags in the days after it went out, and the hours of the week they came in
    (what the send-time suggestion reads)."""
    from analytics.models import Dimension
    from analytics.recording import add_stats

    from .results import utm_key

    rows = []
    for offset, views in enumerate((14, 6, 3)):
        day = timezone.localtime(sent_at + timedelta(days=offset)).date()
        rows.append((day, str(Dimension.UTM), utm_key(campaign), views, max(views - 2, 1)))
    for offset in range(14):
        day = timezone.localdate() - timedelta(days=offset + 1)
        for hour, views in ((9, 6), (10, 4), (13, 3), (20, 2)):
            rows.append((day, str(Dimension.HOUR), f"{day.isoweekday()}-{hour}", views, views))
    add_stats(rows)
