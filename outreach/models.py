"""The outreach tracker: people the founder writes to by hand, the templates they start from, and what was sent.

Contacts are kept apart from newsletter subscribers on purpose: no key links the two, and nothing in the newsletter
reads this app. A contact gets only the one message the founder writes to them (docs/outreach.md).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from analytics.sources import host_of


def follow_up_delay():
    """Days between writing to someone and the follow-up being due (setting OUTREACH_FOLLOW_UP_DAYS)."""
    return timedelta(days=max(1, settings.OUTREACH_FOLLOW_UP_DAYS))


class Status(models.TextChoices):
    TO_CONTACT = "to_contact", "To contact"
    CONTACTED = "contacted", "Contacted"
    REPLIED = "replied", "Replied"
    AGREED = "agreed", "Agreed"
    DECLINED = "declined", "Declined"


# An answer, whichever it is, ends the follow-ups.
ANSWERED = {Status.REPLIED, Status.AGREED, Status.DECLINED}


class ContactKind(models.TextChoices):
    PERSON = "person", "Person"
    BLOGGER = "blogger", "Blogger"
    JOURNALIST = "journalist", "Journalist"
    COMMUNITY = "community", "Community"
    PARTNER = "partner", "Partner business"


class ContactQuerySet(models.QuerySet):
    def due(self, today=None):
        """Contacts written to whose follow-up date has come (today or earlier), oldest first."""
        today = today or timezone.localdate()
        return self.filter(status=Status.CONTACTED, follow_up_on__lte=today).order_by("follow_up_on", "name", "pk")

    def with_email(self, email):
        return self.filter(email__iexact=email.strip())


class Contact(models.Model):
    name = models.CharField(max_length=200)
    email = models.EmailField(
        max_length=254, blank=True, help_text="Leave empty for a community you reach through its own channels."
    )
    kind = models.CharField(max_length=20, choices=ContactKind.choices, default=ContactKind.PERSON, db_index=True)
    website = models.URLField(max_length=500, blank=True, help_text="Their site: visits from it show in Results.")
    notes = models.TextField(blank=True, max_length=4000)
    resource = models.ForeignKey(
        "resources.ResourcePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outreach_contacts",
        help_text="For partners: their entry in the directory.",
    )
    posts = models.ManyToManyField(
        "blog.BlogPostPage", blank=True, related_name="outreach_contacts", help_text="Posts that mention them."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TO_CONTACT, db_index=True)
    follow_up_on = models.DateField(
        null=True, blank=True, db_index=True, help_text="Set when you write to them; cleared when they answer."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ContactQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("email"),
        FieldPanel("kind"),
        FieldPanel("website"),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("follow_up_on")], heading="Where things stand"),
        FieldPanel("resource"),
        FieldPanel("posts"),
        FieldPanel("notes"),
    ]

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="outreach_contact_email_ci_unique"
            )
        ]
        permissions = [
            ("send_outreach", "Can write to outreach contacts"),
            ("export_contacts", "Can export outreach contacts"),
            ("import_contacts", "Can import outreach contacts"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.apply_status_rules()
        super().save(*args, **kwargs)

    def clean(self):
        from django.core.exceptions import ValidationError

        self.email = self.email.strip()
        if self.email and Contact.objects.with_email(self.email).exclude(pk=self.pk).exists():
            raise ValidationError({"email": "Another contact has this email address."})

    def apply_status_rules(self, today=None):
        """Contacted: a follow-up date (kept if one is set). An answer: no follow-up. To contact: none yet."""
        if self.status == Status.CONTACTED and self.follow_up_on is None:
            self.follow_up_on = (today or timezone.localdate()) + follow_up_delay()
        elif self.status != Status.CONTACTED:
            self.follow_up_on = None

    def set_status(self, status, today=None):
        self.status = status
        if status == Status.CONTACTED:
            self.follow_up_on = (today or timezone.localdate()) + follow_up_delay()
        self.save()

    @property
    def host(self):
        """Their site's host, without www: what referrers from it are counted under."""
        return host_of(self.website)

    @property
    def is_due(self):
        return self.status == Status.CONTACTED and self.follow_up_on and self.follow_up_on <= timezone.localdate()

    def as_data(self):
        """Everything kept about this contact, for their JSON download."""
        return {
            "name": self.name,
            "email": self.email,
            "kind": self.kind,
            "website": self.website,
            "notes": self.notes,
            "status": self.status,
            "follow_up_on": self.follow_up_on.isoformat() if self.follow_up_on else None,
            "created_at": self.created_at.isoformat(),
            "resource": self.resource.title if self.resource_id else None,
            "posts": [post.title for post in self.posts.all()],
            "messages": [message.as_data() for message in self.messages.order_by("sent_at", "pk")],
        }


class TemplateUse(models.TextChoices):
    GENERAL = "general", "Any message"
    LISTED = "listed", "Telling a partner they are listed"
    MENTIONED = "mentioned", "Telling people a post mentions them"
    FOLLOW_UP = "follow_up", "A follow-up"


class MessageTemplate(models.Model):
    """Where a message starts. Placeholders: {name} {post} {post_url} {resource} {resource_url} {site} {site_url}."""

    name = models.CharField(max_length=100, unique=True)
    use_for = models.CharField(
        max_length=20,
        choices=TemplateUse.choices,
        default=TemplateUse.GENERAL,
        help_text="The shortcuts (a partner's page, a post's mentions) start from the first template for their use.",
    )
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=4000, help_text="Keep it short and human: a few sentences, one clear benefit.")

    panels = [FieldPanel("name"), FieldPanel("use_for"), FieldPanel("subject"), FieldPanel("body")]

    class Meta:
        ordering = ["name"]
        verbose_name = "message template"

    def __str__(self):
        return self.name


class SentVia(models.TextChoices):
    MAILTO = "mailto", "The founder's mail program"
    SITE = "site", "The site's mail settings"


class Outreach(models.Model):
    """One message the founder sent to one contact."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    sent_via = models.CharField(max_length=10, choices=SentVia.choices)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(
        max_length=20, choices=Status.choices, help_text="The contact's status when the message was written."
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = "outreach message"

    def __str__(self):
        return f"{self.contact} {self.sent_at:%Y-%m-%d}: {self.subject}"

    def as_data(self):
        return {
            "subject": self.subject,
            "body": self.body,
            "sent_via": self.sent_via,
            "sent_at": self.sent_at.isoformat(),
            "status_before": self.status,
        }
