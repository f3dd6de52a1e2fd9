"""Writing one message: a template's placeholders filled in, a `mailto:` link, and one plain-text send.

Placeholders are a fixed set replaced in one pass (a name that itself reads "{site}" stays as typed), so a template
can never reach an attribute or run anything ("{name.__class__}" stays as typed too). Nothing here rewrites links,
adds a pixel or writes to more than the one contact given: it is a founder's own message, sent by hand
(docs/outreach.md).
"""

import re
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import Outreach, SentVia, Status

WORDS_HINT = 120  # over this many words, the compose screen suggests cutting
PLACEHOLDERS = ("name", "post", "post_url", "resource", "resource_url", "site", "site_url")
PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")


def placeholder_values(contact, post=None, resource=None):
    resource = resource or contact.resource
    return {
        "name": contact.name,
        "post": post.title if post else "",
        "post_url": (post.full_url or "") if post else "",
        "resource": resource.title if resource else "",
        "resource_url": (resource.full_url or "") if resource else "",
        "site": settings.WAGTAIL_SITE_NAME,
        "site_url": settings.BASE_URL,
    }


def fill(text, values):
    """`text` with each known {placeholder} replaced; anything else, braces included, is left as it is."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), ""), text)


def render(template, contact, post=None, resource=None):
    values = placeholder_values(contact, post, resource)
    return one_line(fill(template.subject, values)), fill(template.body, values)


def one_line(subject):
    """A subject is one line: line breaks in it would be header injection."""
    return " ".join(subject.split())[:200]


def word_count(text):
    return len(re.findall(r"\S+", text or ""))


def mailto_url(email, subject, body):
    """A `mailto:` link (RFC 6068): everything percent-encoded, line breaks as CRLF."""
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    to = quote(email or "", safe="@")
    return f"mailto:{to}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def sender_address(user):
    """Who the message is from: OUTREACH_FROM_EMAIL, else the editor's own address ("" when they have none)."""
    return settings.OUTREACH_FROM_EMAIL or (user.email or "").strip()


def build_message(contact, subject, body, from_email):
    """The one message: plain text, one recipient, Reply-To the founder, no alternative parts, no tracking."""
    return EmailMessage(
        subject=one_line(subject),
        body=body,
        from_email=from_email,
        to=[contact.email],
        reply_to=[from_email],
    )


@transaction.atomic
def record(contact, subject, body, via, user, today=None):
    """Keep what was sent and move the contact to "contacted", with a fresh follow-up date."""
    message = Outreach.objects.create(
        contact=contact,
        subject=one_line(subject),
        body=body,
        sent_via=via,
        sent_at=timezone.now(),
        sent_by=user if user and user.is_authenticated else None,
        status=contact.status,
    )
    contact.set_status(Status.CONTACTED, today=today)
    return message


def send_from_site(contact, subject, body, user):
    """Send one message through the site's mail settings, then record it. Mail errors propagate, recording nothing."""
    from_email = sender_address(user)
    build_message(contact, subject, body, from_email).send(fail_silently=False)
    return record(contact, subject, body, SentVia.SITE, user)
