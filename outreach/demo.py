"""Demo outreach: three contacts in three states, the partner's follow-up due today, told it is listed.

Fictional people on reserved example domains. Idempotent: contacts are matched by email; one that exists (and its
messages) is left as it is, so running the demo twice gives the same tracker.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from blog.models import BlogPostPage
from resources.models import ResourcePage

from .models import Contact, ContactKind, MessageTemplate, Outreach, SentVia, Status, TemplateUse, follow_up_delay
from .writing import render

PARTNER_SLUG = "example-launch-studio"
POST_SLUG = "know-who-you-are-building-for"


def _message(contact, use, days_ago, status_before, post=None):
    template = MessageTemplate.objects.filter(use_for=use).order_by("pk").first()
    if template is None:
        return
    subject, body = render(template, contact, post)
    Outreach.objects.create(
        contact=contact,
        subject=subject,
        body=body,
        sent_via=SentVia.MAILTO,
        sent_at=timezone.now() - timedelta(days=days_ago),
        status=status_before,
    )


def _contact(email, **fields):
    contact, created = Contact.objects.get_or_create(email=email, defaults=fields)
    return contact, created


@transaction.atomic
def load_outreach(home_page):
    today = timezone.localdate()
    delay = follow_up_delay()
    partner = ResourcePage.objects.filter(slug=PARTNER_SLUG).first()
    post = BlogPostPage.objects.live().filter(slug=POST_SLUG).first()

    # The partner was told it is listed one follow-up delay ago: its follow-up is due today.
    contact, created = _contact(
        "hello@launch-studio.example.com",
        name="Example Launch Studio",
        kind=ContactKind.PARTNER,
        website="https://launch-studio.example.com/",
        resource=partner,
        status=Status.CONTACTED,
        follow_up_on=today,
        notes="Demo: a partner told it is listed, not answered yet.",
    )
    if created:
        _message(contact, TemplateUse.LISTED, delay.days, Status.TO_CONTACT)

    contact, created = _contact(
        "riley@blog.example.org",
        name="Riley Example",
        kind=ContactKind.BLOGGER,
        website="https://blog.example.org/",
        status=Status.REPLIED,
        notes="Demo: a blogger the post quotes; replied and shared it.",
    )
    if created:
        if post:
            contact.posts.add(post)
        _message(contact, TemplateUse.MENTIONED, 3, Status.TO_CONTACT, post)

    _contact(
        "desk@news.example.net",
        name="Jordan Example",
        kind=ContactKind.JOURNALIST,
        website="https://news.example.net/",
        status=Status.TO_CONTACT,
        notes="Demo: a journalist who covers developer tools; not written to yet.",
    )
    return None
