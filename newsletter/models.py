from urllib.parse import parse_qs, urlsplit

from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.utils import timezone

UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def pending(self):
        return self.filter(status=Subscriber.Status.PENDING)

    def with_email(self, email):
        return self.filter(email__iexact=email)

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

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_email_ci_unique")]

    def __str__(self):
        return self.email


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
    return attribution
