import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

from django import forms
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import PreviewableMixin

from .blocks import CampaignStreamBlock

UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
REFERRAL_CODE_MAX = 16


def new_referral_code():
    """Short and unguessable: 48 random bits, URL-safe."""
    return secrets.token_urlsafe(6)


def normalized_email(email):
    """One spelling per mailbox, for telling whether two addresses are the same person: lower case, no "+tag", and
    for Gmail no dots (Gmail ignores them)."""
    local, _, domain = (email or "").strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def pending(self):
        return self.filter(status=Subscriber.Status.PENDING)

    def with_email(self, email):
        return self.filter(email__iexact=email)

    def with_referral_code(self, code):
        """The subscriber whose referral link carries `code`, or an empty queryset (codes are case-sensitive)."""
        code = (code or "").strip()
        if not code or len(code) > REFERRAL_CODE_MAX:
            return self.none()
        return self.filter(referral_code=code)

    def active(self):
        """Addresses we may still write to (not unsubscribed, bounced or complained)."""
        return self.filter(status__in=[Subscriber.Status.PENDING, Subscriber.Status.CONFIRMED])

    def subscribe(self, email, **attribution):
        """Record a signup. Returns (subscriber, created); an address already on the list is left as it is."""
        fields = {key: value for key, value in attribution.items() if value not in (None, "")}
        try:
            with transaction.atomic():
                return self.create(email=email, **fields), True
        except IntegrityError:
            # The same address, in any case, is already here (perhaps from a concurrent request).
            return self.with_email(email).get(), False


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Bounced"
        COMPLAINED = "complained", "Complained"

    class Source(models.TextChoices):
        FORM = "form", "Signup form"
        IMPORT = "import", "CSV import"
        ADMIN = "admin", "Added by an editor"

    email = models.EmailField(max_length=254)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    source_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_path = models.CharField(max_length=500, blank=True, help_text="The path of the page the signup came from.")
    referrer = models.CharField(max_length=500, blank=True, help_text="Where the visitor came from before the site.")
    utm_source = models.CharField("UTM source", max_length=200, blank=True)
    utm_medium = models.CharField("UTM medium", max_length=200, blank=True)
    utm_campaign = models.CharField("UTM campaign", max_length=200, blank=True)
    utm_term = models.CharField("UTM term", max_length=200, blank=True)
    utm_content = models.CharField("UTM content", max_length=200, blank=True)

    source = models.CharField(max_length=20, choices=Source.choices, default=Source.FORM, db_index=True)
    # Referrals: the code of this subscriber's personal link (made when first needed), and whose link brought them.
    # Only counted when both are confirmed (see referral_is_valid): the launch app ranks the waitlist by it.
    referral_code = models.CharField(max_length=REFERRAL_CODE_MAX, unique=True, null=True, blank=True, editable=False)
    referred_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
        help_text="The subscriber whose referral link this address signed up through.",
    )
    tags = models.ManyToManyField("newsletter.Tag", blank=True, related_name="subscribers")
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.CharField(max_length=300, blank=True, help_text="Why the status last changed.")

    panels = [
        FieldPanel("email"),
        FieldPanel("status"),
        FieldPanel("tags", widget=forms.CheckboxSelectMultiple),
        FieldPanel("status_reason"),
    ]

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_email_ci_unique")]
        # Beyond add/change/view (newsletter/permissions.py): taking addresses out, bringing them in.
        permissions = [
            ("export_subscribers", "Can export subscribers"),
            ("import_subscribers", "Can import subscribers"),
        ]

    def __str__(self):
        return self.email

    @property
    def tag_names(self):
        return ", ".join(tag.name for tag in self.tags.all())

    @property
    def referred_by_email(self):
        return self.referred_by.email if self.referred_by_id else ""

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED

    def confirm(self, when=None):
        self.status = self.Status.CONFIRMED
        self.confirmed_at = when or timezone.now()
        self.unsubscribed_at = None
        self.status_reason = ""
        self.save(update_fields=["status", "confirmed_at", "unsubscribed_at", "status_reason", "updated_at"])

    def ensure_referral_code(self):
        """This subscriber's referral code, made (once, whoever asks first) when missing."""
        while not self.referral_code:
            try:
                with transaction.atomic():
                    Subscriber.objects.filter(pk=self.pk, referral_code__isnull=True).update(
                        referral_code=new_referral_code()
                    )
            except IntegrityError:
                continue  # the (unlikely) same code twice: draw again
            self.referral_code = Subscriber.objects.values_list("referral_code", flat=True).get(pk=self.pk)
        return self.referral_code

    def referral_is_valid(self):
        """Whether `referred_by` may count: another person (not the same normalised address), not a blocked domain,
        and a referrer we may still write to."""
        referrer = self.referred_by
        if referrer is None:
            return True
        return (
            referrer.pk != self.pk
            and normalized_email(referrer.email) != normalized_email(self.email)
            and referrer.status not in (self.Status.BOUNCED, self.Status.COMPLAINED)
            and not BlockedDomain.blocks(self.email)
        )

    def drop_invalid_referral(self):
        """Checked when the address is confirmed: a referral that may not count is forgotten."""
        if self.referred_by_id and not self.referral_is_valid():
            self.referred_by = None
            Subscriber.objects.filter(pk=self.pk).update(referred_by=None)

    def unsubscribe(self, reason="Unsubscribed by the subscriber."):
        if self.status in (self.Status.BOUNCED, self.Status.COMPLAINED):
            return  # Keep the stronger reason; none of these statuses gets mail.
        self.status = self.Status.UNSUBSCRIBED
        self.unsubscribed_at = timezone.now()
        self.status_reason = reason[:300]
        self.save(update_fields=["status", "unsubscribed_at", "status_reason", "updated_at"])

    def as_data(self):
        """Everything we hold about this subscriber, for the JSON download.

        Apps that keep more about a subscriber add it through the `subscriber_data` hook: called with the
        subscriber, it returns a dict merged into this one (their own keys, e.g. {"referrals": {...}}).
        """
        data = {
            "email": self.email,
            "status": self.status,
            "source": self.source,
            "created_at": self.created_at.isoformat(),
            "confirmed_at": self.confirmed_at.isoformat() if self.confirmed_at else None,
            "unsubscribed_at": self.unsubscribed_at.isoformat() if self.unsubscribed_at else None,
            "source_path": self.source_path,
            "referrer": self.referrer,
            **{key: getattr(self, key) for key in UTM_FIELDS},
            "tags": [tag.name for tag in self.tags.all()],
            "consents": [consent.as_data() for consent in self.consents.all()],
            "status_history": [change.as_data() for change in self.status_changes.all()],
            "notes": [note.as_data() for note in self.notes.all()],
            "deliveries": [
                {
                    "issue": d.campaign.subject,
                    "status": d.status,
                    "sent_at": d.sent_at.isoformat() if d.sent_at else None,
                }
                for d in self.deliveries.select_related("campaign")
            ],
        }
        for hook in hooks.get_hooks("subscriber_data"):
            data.update(hook(self))
        return data


def hash_ip(ip):
    """A keyed hash of an IP address, or "" unless the operator turned IP keeping on."""
    if not ip or not settings.NEWSLETTER_STORE_IP_HASH:
        return ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()


class Tag(models.Model):
    """A segment of the list. Public tags are topics subscribers can choose on their preferences page."""

    name = models.CharField(max_length=100, unique=True)
    public = models.BooleanField(default=False, help_text="Subscribers can pick this topic on their preferences page.")

    panels = [FieldPanel("name"), FieldPanel("public")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Consent(models.Model):
    """Proof of consent: what was shown, where, and when. The IP only as a keyed hash, and only if enabled."""

    class Action(models.TextChoices):
        SIGNUP = "signup", "Signed up"
        CONFIRM = "confirm", "Confirmed (double opt-in)"
        IMPORT = "import", "Imported with attestation"
        RESUBSCRIBE = "resubscribe", "Undid an unsubscribe"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    action = models.CharField(max_length=20, choices=Action.choices)
    form = models.CharField(max_length=200, blank=True)
    page = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def as_data(self):
        return {
            "action": self.action,
            "form": self.form,
            "page": self.page,
            "text": self.text,
            "at": self.created_at.isoformat(),
        }


class StatusChangeQuerySet(models.QuerySet):
    def record(self, subscriber_id, status, previous="", reason=""):
        return self.create(
            subscriber_id=subscriber_id, status=status, previous_status=previous or "", reason=reason[:300]
        )


class StatusChange(models.Model):
    """One change of a subscriber's status (signed up, confirmed, unsubscribed, bounced...), for their profile.

    Written by newsletter.signals on every save that changes the status, and next to the few bulk updates that change
    it without a save (a returning signup, an undone unsubscribe, the email service's webhooks)."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=20, choices=Subscriber.Status.choices)
    previous_status = models.CharField(max_length=20, choices=Subscriber.Status.choices, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def as_data(self):
        return {
            "status": self.status,
            "previous": self.previous_status,
            "reason": self.reason,
            "at": self.created_at.isoformat(),
        }


class SubscriberNote(models.Model):
    """An editor's note on a subscriber (their profile screen).

    Personal data: part of the subscriber's JSON download, and deleted with them."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def as_data(self):
        return {"text": self.text, "at": self.created_at.isoformat()}


class BlockedDomain(models.Model):
    """Signups from these domains (and their subdomains) are refused. Seeded with disposable-mail services."""

    domain = models.CharField(max_length=253, unique=True)
    note = models.CharField(max_length=200, blank=True)

    panels = [FieldPanel("domain"), FieldPanel("note")]

    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().lstrip("@").rstrip(".")
        super().save(*args, **kwargs)

    @classmethod
    def blocks(cls, email):
        domain = email.rpartition("@")[2].lower().rstrip(".")
        parts = domain.split(".")
        candidates = [".".join(parts[i:]) for i in range(len(parts) - 1)]
        return cls.objects.filter(domain__in=candidates).exists()


@register_setting(icon="mail")
class NewsletterSettings(BaseGenericSetting):
    confirmation_subject = models.CharField(max_length=200, default="Please confirm your subscription")
    welcome_subject = models.CharField(max_length=200, default="Welcome aboard")
    welcome_body = RichTextField(
        default="<p>Thanks for confirming. You'll hear from us when there's something worth reading.</p>",
        help_text="The email sent right after someone confirms.",
    )
    auto_announce = models.BooleanField(
        default=False, help_text="Email a new blog post to all confirmed subscribers the first time it is published."
    )
    footer_text = models.CharField(
        max_length=300, blank=True, help_text="Shown at the bottom of every email, e.g. your postal address."
    )
    sender_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="The name emails come from, and the name they and the newsletter pages use. "
        "Leave empty to use the site's name (Settings → Sites).",
    )
    sender_email = models.EmailField(
        "sender address",
        blank=True,
        help_text="The address emails come from. It must be one your mail service may send from. "
        "Leave empty to use the server's NEWSLETTER_FROM_EMAIL.",
    )
    reply_to = models.EmailField(
        "reply-to address", blank=True, help_text="Where replies go. Leave empty to let replies go to the sender."
    )
    open_tracking = models.BooleanField(
        default=False,
        help_text="Put an invisible 1x1 image in each issue to count opens. Off by default: many mail apps block or "
        "pre-load it, so opens are a rough number, and it tells us when each person read the issue. "
        "Clicks are counted either way.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("sender_name"), FieldPanel("sender_email"), FieldPanel("reply_to")], heading="Sender"
        ),
        FieldPanel("confirmation_subject"),
        MultiFieldPanel([FieldPanel("welcome_subject"), FieldPanel("welcome_body")], heading="Welcome email"),
        FieldPanel("auto_announce"),
        FieldPanel("footer_text"),
        FieldPanel("open_tracking"),
    ]

    class Meta:
        verbose_name = "newsletter"


class Campaign(PreviewableMixin, ClusterableModel):
    """One issue of the newsletter."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"

    class Audience(models.TextChoices):
        ALL = "all", "All confirmed subscribers"
        TAGS = "tags", "Confirmed subscribers with any of the tags"

    subject = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True, blank=True, help_text="The web address in the archive.")
    preheader = models.CharField(max_length=200, blank=True, help_text="The preview line mail apps show.")
    body = StreamField(CampaignStreamBlock(), blank=True)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.ALL)
    tags = ParentalManyToManyField(Tag, blank=True, related_name="campaigns")
    scheduled_at = models.DateTimeField(null=True, blank=True, help_text="Leave empty to send when you press Send.")
    in_archive = models.BooleanField(default=True, help_text="Show in the public archive once sent.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    source_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True, help_text="When every recipient had a delivery row.")
    finished_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)

    panels = [
        FieldPanel("subject"),
        FieldPanel("preheader"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("audience"), FieldPanel("scheduled_at")]),
                FieldPanel("tags", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Audience and timing",
        ),
        MultiFieldPanel([FieldPanel("slug"), FieldPanel("in_archive")], heading="Archive"),
        HelpPanel(template="newsletter/admin/campaign_actions_panel.html", heading="Send"),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "newsletter issue"
        permissions = [("send_campaign", "Can send, schedule and cancel newsletter issues")]

    def __str__(self):
        return self.subject

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.subject)[:200] or "issue"
            slug, n = base, 1
            while Campaign.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                n += 1
                slug = f"{base}-{n}"
            self.slug = slug
        super().save(*args, **kwargs)

    @property
    def editable(self):
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)

    def audience_queryset(self):
        subscribers = Subscriber.objects.confirmed()
        if self.audience == self.Audience.TAGS:
            subscribers = subscribers.filter(tags__in=self.tags.all()).distinct()
        return subscribers

    def stats(self):
        counts = dict(self.deliveries.values_list("status").annotate(n=models.Count("pk")).order_by())
        stats = {status: counts.get(status, 0) for status in Delivery.Status.values}
        stats["total"] = sum(counts.values())
        stats["done"] = stats["sent"] + stats["failed"] + stats["skipped"] + stats["unknown"]
        stats["percent"] = int(100 * stats["done"] / stats["total"]) if stats["total"] else 0
        return stats

    @property
    def progress_label(self):
        if self.status in (self.Status.DRAFT, self.Status.SCHEDULED):
            return "—"
        stats = self.stats()
        return f"{stats['sent']} sent, {stats['failed']} failed, {stats['queued'] + stats['sending']} to go"

    @property
    def send_link(self):
        from django.urls import reverse
        from django.utils.html import format_html

        return format_html('<a href="{}">Send / progress</a>', reverse("newsletter_campaign_send", args=[self.pk]))

    @property
    def results_link(self):
        from django.urls import reverse
        from django.utils.html import format_html

        if self.status not in (self.Status.SENDING, self.Status.SENT, self.Status.CANCELLED):
            return "—"
        return format_html('<a href="{}">Results</a>', reverse("newsletter_campaign_results", args=[self.pk]))

    # Previews: as the email (with a sample unsubscribe link) and as the archive's web page.
    preview_modes = [("email", "Email"), ("web", "Web page")]

    def serve_preview(self, request, mode_name):
        from django.http import HttpResponse

        from . import emails, links

        broken = links.unpublished_links(self)
        if mode_name == "web":
            from django.shortcuts import render

            context = {"campaign": self, "preview": True, "broken_links": broken}
            return render(request, "newsletter/archive_detail.html", context)
        warning = links.warning_text(broken) if broken else ""
        return HttpResponse(emails.render_campaign(self, warning=warning).preview_html())

    def get_preview_template(self, request, mode_name):
        return "newsletter/archive_detail.html"


class Delivery(models.Model):
    """One recipient of one issue. The unique pair is what makes a send happen exactly once per address."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"
        # The worker stopped (or the connection dropped) after handing the message over and before hearing back.
        # Perhaps delivered, so never sent again: at most once.
        UNKNOWN = "unknown", "Handed over, outcome unknown"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.CharField(max_length=100, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    handed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the message was handed to the mail server (cleared on a refusal)."
    )
    message_id = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=500, blank=True)
    opened_at = models.DateTimeField(
        null=True, blank=True, help_text="First load of the open-tracking image (only when open tracking is on)."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "subscriber"], name="newsletter_delivery_once_per_address")
        ]
        indexes = [models.Index(fields=["campaign", "status", "next_attempt_at"], name="newsletter_delivery_claim")]
        verbose_name_plural = "deliveries"


class IssueLink(models.Model):
    """One distinct link of a sent issue. Created once per issue when it is first rendered for sending; the click
    redirect sends readers to this row's URL (with its UTM tags) and nowhere else."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="links")
    url = models.CharField(max_length=2000)
    position = models.PositiveIntegerField(default=0, help_text="Order of first appearance in the issue.")

    class Meta:
        ordering = ["campaign", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "url"], name="newsletter_issuelink_once")]

    def __str__(self):
        return self.url


class IssueClickQuerySet(models.QuerySet):
    def for_campaign(self, campaign):
        return self.filter(link__campaign=campaign)

    def since(self, when):
        return self.filter(clicked_at__gte=when)


class IssueClick(models.Model):
    """A reader followed a link of an issue. Deleted with the subscriber (and with the issue)."""

    link = models.ForeignKey(IssueLink, on_delete=models.CASCADE, related_name="clicks")
    subscriber = models.ForeignKey(
        Subscriber, null=True, blank=True, on_delete=models.CASCADE, related_name="issue_clicks"
    )
    delivery = models.ForeignKey(Delivery, null=True, blank=True, on_delete=models.CASCADE, related_name="clicks")
    clicked_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = IssueClickQuerySet.as_manager()

    class Meta:
        ordering = ["-clicked_at"]
        indexes = [models.Index(fields=["link", "subscriber"], name="newsletter_click_link_reader")]


def attribution_from_url(url):
    """Path and UTM parameters of a URL, for signups posted without JavaScript."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return {}
    query = parse_qs(parts.query)
    attribution = {key: query[key][0][:200] for key in UTM_FIELDS if query.get(key)}
    if parts.path:
        attribution["source_path"] = parts.path[:500]
    if query.get("ref"):
        attribution["ref"] = query["ref"][0][:REFERRAL_CODE_MAX]
    return attribution
