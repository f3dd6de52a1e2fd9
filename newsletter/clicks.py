"""Counting clicks (and, when the editor turns it on, opens) of a sent issue.

Each distinct link of an issue is an `IssueLink` row, created once when the issue is first rendered for sending.
Every recipient's copy links to `/newsletter/c/<token>/`, where the token is signed (its own salt) and names the
link and the delivery. The redirect checks the signature, counts the click, and sends the reader to the URL stored
on the link row: never to anything the token or the query string says. A tampered or unknown token answers 404.

Mail scanners and link previews "click" too. Clicks from known bots are not counted, and one (link, subscriber)
counts at most once per NEWSLETTER_CLICK_DEDUPE_SECONDS (a scanner following a link twice, a double tap).
"""

import base64

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from analytics.sources import is_bot
from ops.http import personal_data

from .models import Delivery, IssueClick, IssueLink

CLICK_SALT = "newsletter.click"
OPEN_SALT = "newsletter.open"
# The smallest transparent GIF.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def register_links(campaign, urls):
    """{url: IssueLink id} for the issue's links, creating the missing rows. Idempotent, and safe with two workers
    rendering the same issue at once: the unique (campaign, url) pair keeps one row per link."""
    urls = list(dict.fromkeys(url for url in urls if len(url) <= IssueLink._meta.get_field("url").max_length))
    if not urls:
        return {}
    IssueLink.objects.bulk_create(
        [IssueLink(campaign_id=campaign.pk, url=url, position=index) for index, url in enumerate(urls)],
        ignore_conflicts=True,
    )
    return dict(IssueLink.objects.filter(campaign_id=campaign.pk, url__in=urls).values_list("url", "pk"))


def click_token(link_id, delivery_id):
    return signing.Signer(salt=CLICK_SALT).sign(f"{link_id}.{delivery_id}")


def open_token(delivery_id):
    return signing.Signer(salt=OPEN_SALT).sign(str(delivery_id))


def click_url(link_id, delivery_id):
    return reverse("newsletter:click", args=[click_token(link_id, delivery_id)])


def open_url(delivery_id):
    return reverse("newsletter:open", args=[open_token(delivery_id)])


def unsign_ids(token, salt, count):
    """The positive integers a token signed with `salt` carries, or Http404 for anything else."""
    try:
        parts = signing.Signer(salt=salt).unsign(token).split(".")
    except signing.BadSignature as error:
        raise Http404("Unknown link") from error
    if len(parts) != count or not all(part.isdigit() and len(part) < 19 for part in parts):
        raise Http404("Unknown link")
    return [int(part) for part in parts]


def first_in_window(link_id, subscriber_id):
    """True unless this reader's click on this link was already counted in the last few seconds (the cache key
    is claimed atomically, so two scanner requests at once count once)."""
    seconds = settings.NEWSLETTER_CLICK_DEDUPE_SECONDS
    if not seconds:
        return True
    return cache.add(f"newsletter:click:{link_id}:{subscriber_id}", 1, timeout=seconds)


def record_click(link, delivery, user_agent=""):
    """Count a click unless it comes from a known bot or repeats within the dedupe window. Returns the click or None."""
    if delivery is None or is_bot(user_agent):
        return None
    if not first_in_window(link.pk, delivery.subscriber_id):
        return None
    return IssueClick.objects.create(link=link, delivery=delivery, subscriber_id=delivery.subscriber_id)


@require_safe
@personal_data
def click(request, token):
    link_id, delivery_id = unsign_ids(token, CLICK_SALT, 2)
    link = IssueLink.objects.filter(pk=link_id).only("url", "campaign_id").first()
    if link is None:
        raise Http404("Unknown link")
    # A valid signature whose delivery is gone (the subscriber deleted their data) still leads to the page,
    # uncounted.
    delivery = Delivery.objects.filter(pk=delivery_id, campaign_id=link.campaign_id).only("subscriber_id").first()
    if request.method == "GET":  # a HEAD is a link checker asking, not a reader
        record_click(link, delivery, request.headers.get("User-Agent", ""))
    response = HttpResponseRedirect(link.url)
    response["Referrer-Policy"] = "no-referrer"  # the token stays ours
    return response


@require_safe
@personal_data
def open_pixel(request, token):
    (delivery_id,) = unsign_ids(token, OPEN_SALT, 1)
    if request.method == "GET" and not is_bot(request.headers.get("User-Agent", "")):
        Delivery.objects.filter(pk=delivery_id, opened_at__isnull=True).update(opened_at=timezone.now())
    return HttpResponse(PIXEL, content_type="image/gif")
