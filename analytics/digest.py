"""The weekly digest: last week against the week before, in the style of Briefmetrics."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string
from wagtail import hooks

from . import reports
from .models import DigestLog

logger = logging.getLogger(__name__)


def dead_links(start, end):
    """Links found dead in that week, from settings.ANALYTICS_DEAD_LINKS_PROVIDER (the resources app's link checker):
    `provider(start, end) -> [{"title", "url", "page_url"}]`. With no provider the digest leaves the section out."""
    if not settings.ANALYTICS_DEAD_LINKS_PROVIDER:
        return None
    provider = import_string(settings.ANALYTICS_DEAD_LINKS_PROVIDER)
    try:
        return list(provider(start, end) or [])
    except Exception:
        # A broken provider must not cost editors the rest of their digest.
        logger.exception("The dead-links provider %r failed", provider)
        return []


def extra_sections(start, end):
    """Sections the feature apps add through the `weekly_digest_sections` hook.

    Each hook is called with the week's first and last day and returns a list of
    `{"heading": str, "items": [{"text": str, "url": str}]}` (an empty list when it has nothing to say).
    """
    sections = []
    for hook in hooks.get_hooks("weekly_digest_sections"):
        try:
            sections.extend(section for section in hook(start, end) if section.get("items"))
        except Exception:
            # One app's broken section must not cost editors the rest of their digest.
            logger.exception("The weekly digest section %r failed", hook)
    return sections


def last_week(today=None):
    """The seven full days before today, and the seven before those."""
    today = today or timezone.localdate()
    end = today - timedelta(days=1)
    start = end - timedelta(days=6)
    return start, end


def digest_context(today=None):
    start, end = last_week(today)
    previous_start, previous_end = start - timedelta(days=7), start - timedelta(days=1)
    current, previous = reports.summary(start, end), reports.summary(previous_start, previous_end)
    report = reports.build_report(start, end)
    metrics = [
        {
            "label": label,
            "value": current[key],
            "previous": previous[key],
            "change": reports.change(current[key], previous[key]),
        }
        for key, label in (("views", "Page views"), ("visitors", "Visitors"), ("signups", "New subscribers"))
    ]
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "base_url": settings.BASE_URL,
        "start": start,
        "end": end,
        "metrics": metrics,
        "top_posts": [row for row in report.pages if row.views][:5],
        "top_sources": [row for row in report.sources if row.views or row.signups][:5],
        "resources": report.resources[:5],
        "dead_links": dead_links(start, end),
        "sections": extra_sections(start, end),
        "report_url": f"{settings.BASE_URL}/admin/analytics/?start={start}&end={end}",
    }


def render_digest(context):
    subject = f"{context['site_name']} weekly: {context['start']:%b %d} to {context['end']:%b %d}"
    text = render_to_string("analytics/email/digest.txt", context)
    html = render_to_string("analytics/email/digest.html", context)
    return subject, text, html


def recipients():
    """Editors who opted in and may still see the report: losing the permission stops the emails too."""
    from .permissions import analytics_permissions

    User = get_user_model()
    allowed = analytics_permissions.users_with_permission("view").values("pk")
    return list(
        User.objects.filter(is_active=True, analytics_preference__weekly_digest=True, pk__in=allowed)
        .exclude(email="")
        .values_list("email", flat=True)
        .order_by("email")
    )


def send_digest(to=None, today=None):
    """Send the digest to `to` (default: every editor who opted in). Returns the number of messages sent."""
    to = recipients() if to is None else list(to)
    if not to:
        return 0
    subject, text, html = render_digest(digest_context(today))
    sent = 0
    for address in to:
        # One message per editor, so nobody sees who else receives it.
        message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [address])
        message.attach_alternative(html, "text/html")
        sent += message.send()
    return sent


def send_weekly_digest_if_due(today=None):
    """Send last week's digest once per week, whichever worker gets here first."""
    today = today or timezone.localdate()
    start, _ = last_week(today)
    week_start = today - timedelta(days=today.weekday())
    if DigestLog.objects.filter(week_start=week_start).exists():
        return 0
    try:
        with transaction.atomic():
            log = DigestLog.objects.create(week_start=week_start)
    except IntegrityError:
        return 0
    sent = send_digest(today=week_start)
    DigestLog.objects.filter(pk=log.pk).update(recipients=sent)
    logger.info("Sent the weekly analytics digest from %s to %d editor(s)", start, sent)
    return sent
