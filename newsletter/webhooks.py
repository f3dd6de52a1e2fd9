"""Bounces and complaints from the email service's webhooks (anymail checks the signature or shared secret)."""

import logging

from anymail.signals import tracking
from django.dispatch import receiver
from django.utils import timezone

from .forms import normalize_email
from .models import Delivery, StatusChange, Subscriber

logger = logging.getLogger(__name__)

STOPPING_EVENTS = {
    "bounced": Subscriber.Status.BOUNCED,
    "rejected": Subscriber.Status.BOUNCED,
    "complained": Subscriber.Status.COMPLAINED,
    "unsubscribed": Subscriber.Status.UNSUBSCRIBED,
}


@receiver(tracking, dispatch_uid="newsletter_tracking")
def handle_tracking(sender, event, esp_name, **kwargs):
    status = STOPPING_EVENTS.get(event.event_type)
    if status is None or not event.recipient:
        return
    if event.event_type == "bounced" and _is_soft(event):
        return  # a full mailbox or a greylisting server: the next issue may well arrive
    try:
        email = normalize_email(event.recipient)
    except Exception:
        return
    reason = f"{esp_name} {event.event_type}: {event.description or event.mta_response or ''}"[:300]
    now = timezone.now()
    subscribers = Subscriber.objects.with_email(email).exclude(status=Subscriber.Status.COMPLAINED)
    fields = {"status": status, "status_reason": reason}
    if status == Subscriber.Status.BOUNCED:
        fields["bounced_at"] = now
    if status == Subscriber.Status.UNSUBSCRIBED:
        fields["unsubscribed_at"] = now
    changed = list(subscribers.exclude(status=status).values_list("pk", "status"))
    updated = subscribers.update(**fields)
    StatusChange.objects.bulk_create(
        [StatusChange(subscriber_id=pk, status=status, previous_status=before, reason=reason) for pk, before in changed]
    )
    # Nothing more goes to this address, including deliveries of an issue that is still sending.
    Delivery.objects.filter(subscriber__email__iexact=email, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SKIPPED, error=reason
    )
    logger.info("Tracking event %s for a subscriber (%s rows updated)", event.event_type, updated)


def _is_soft(event):
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    # Postmark marks soft bounces by Type; Mailgun by severity; SES by bounceType.
    soft_markers = {"SoftBounce", "Transient", "temporary"}
    values = {str(raw.get("Type", "")), str(raw.get("severity", ""))}
    bounce = raw.get("bounce") if isinstance(raw.get("bounce"), dict) else {}
    values.add(str(bounce.get("bounceType", "")))
    return bool(values & soft_markers)
