"""Cookieless analytics: daily aggregates only, never one row per page view.

`DailyStat` and `DailyEvent` are the aggregates the reports read and keep. `DailySalt` and `DailySeen` are the
raw, privacy-sensitive data that make unique visitors countable; they never outlive their day.
"""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class Dimension(models.TextChoices):
    TOTAL = "total", "All pages"
    PATH = "path", "Page"
    REFERRER = "referrer", "Referrer host"
    UTM = "utm", "Campaign (source / medium / campaign)"
    SOURCE = "source", "Source"
    DEVICE = "device", "Device"
    # "<ISO weekday 1-7>-<hour 0-23>" in the site's time zone: at most 168 keys a day, for the newsletter's
    # send-time suggestion (newsletter/sendtime.py).
    HOUR = "hour", "Hour of the week"


class DailyStat(models.Model):
    """Views and unique visitors for one day and one value of one dimension."""

    day = models.DateField()
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    key = models.CharField(max_length=300, blank=True)
    views = models.PositiveBigIntegerField(default=0)
    visitors = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "dimension", "key"], name="analytics_dailystat_unique")]
        # Covers the report's queries: they read the index alone, never the table.
        indexes = [
            models.Index(fields=["dimension", "day", "key", "views", "visitors"], name="analytics_stat_covering")
        ]
        # The analytics section's own actions (analytics/permissions.py): the aggregates are what they guard.
        permissions = [
            ("view_report", "Can view analytics reports"),
            ("export_report", "Can export analytics reports as CSV"),
            ("send_digest", "Can send the analytics digest to every opted-in editor"),
        ]

    def __str__(self):
        return f"{self.day} {self.dimension}={self.key}: {self.views}"


class DailyEvent(models.Model):
    """How often an event happened on one day, by page, source and target (a resource id, a share channel)."""

    day = models.DateField()
    name = models.CharField(max_length=40)
    path = models.CharField(max_length=255, blank=True)
    source = models.CharField(max_length=200, blank=True)
    target = models.CharField(max_length=255, blank=True)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "name", "path", "source", "target"], name="analytics_dailyevent_unique"
            )
        ]
        indexes = [models.Index(fields=["name", "day"], name="analytics_event_name_day")]

    def __str__(self):
        return f"{self.day} {self.name} {self.target}: {self.count}"


class Event(models.Model):
    """The raw event log (no IP, no visitor hash), pruned after ANALYTICS_RETENTION_DAYS; DailyEvent stays."""

    created_at = models.DateTimeField(db_index=True)
    name = models.CharField(max_length=40)
    path = models.CharField(max_length=255, blank=True)
    source = models.CharField(max_length=200, blank=True)
    target = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.name}"


class DailySalt(models.Model):
    """The secret of one day. Deleted after the day, so that day's visitor hashes can never be recomputed."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)


class DailySeen(models.Model):
    """A (visitor hash, dimension, key) seen today; deleted after the day."""

    day = models.DateField()
    digest = models.CharField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "digest"], name="analytics_dailyseen_unique")]


class DigestPreference(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="analytics_preference")
    weekly_digest = models.BooleanField(default=False)

    def __str__(self):
        return f"{self.user}: {'weekly' if self.weekly_digest else 'no'} digest"


class DigestLog(models.Model):
    """One row per week sent, claimed before sending so that many workers send each digest once."""

    week_start = models.DateField(unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)


@register_setting(icon="view")
class AnalyticsSettings(BaseSiteSetting):
    """Optional third-party analytics next to our own; each renders only when set."""

    plausible_domain = models.CharField(max_length=255, blank=True, help_text="e.g. example.com")
    plausible_script_url = models.URLField(
        blank=True, default="https://plausible.io/js/script.js", help_text="Change it for a self-hosted Plausible."
    )
    umami_website_id = models.CharField(max_length=64, blank=True)
    umami_script_url = models.URLField(blank=True, help_text="e.g. https://cloud.umami.is/script.js")
    ga4_measurement_id = models.CharField(
        "GA4 measurement ID", max_length=32, blank=True, help_text="Starts with G-, e.g. G-ABC123XYZ"
    )
    segment_write_key = models.CharField(max_length=64, blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("plausible_domain"), FieldPanel("plausible_script_url")], heading="Plausible"),
        MultiFieldPanel([FieldPanel("umami_website_id"), FieldPanel("umami_script_url")], heading="Umami"),
        FieldPanel("ga4_measurement_id"),
        FieldPanel("segment_write_key"),
    ]

    class Meta:
        verbose_name = "Third-party analytics"

    def clean(self):
        import re

        from django.core.exceptions import ValidationError

        errors = {}
        if self.ga4_measurement_id and not re.fullmatch(r"G-[A-Z0-9]{4,20}", self.ga4_measurement_id):
            errors["ga4_measurement_id"] = "A GA4 measurement ID looks like G-ABC123XYZ."
        if self.segment_write_key and not re.fullmatch(r"[A-Za-z0-9]{8,64}", self.segment_write_key):
            errors["segment_write_key"] = "A Segment write key has only letters and digits."
        if self.umami_website_id and not self.umami_script_url:
            errors["umami_script_url"] = "Umami needs the URL of its script."
        if self.umami_website_id and not re.fullmatch(r"[0-9a-fA-F-]{8,64}", self.umami_website_id):
            errors["umami_website_id"] = "An Umami website ID is a UUID."
        if errors:
            raise ValidationError(errors)
