"""Where each post was shared (ticks), where the editor shares (settings), and tagged links to any page."""

import re
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .forms import CampaignLinkForm
from .validators import UTM_VALUE, http_url

SUBREDDIT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]{1,20}$")
X_HANDLE_RE = re.compile(r"^[A-Za-z0-9_]{1,15}$")


def parse_subreddits(text):
    """The subreddit names of a settings value, one a line, with or without "r/", lowercased, without repeats."""
    names = []
    for line in (text or "").splitlines():
        name = line.strip().removeprefix("/").removeprefix("r/").strip("/").lower()
        if name and name not in names:
            names.append(name)
    return names


def parse_handle(value):
    return (value or "").strip().removeprefix("https://x.com/").removeprefix("@").strip("/")


@register_setting(icon="pick")
class DistributionSettings(BaseSiteSetting):
    """Where this site's posts get shared: the subreddits and X accounts of the Distribute screen's rows."""

    subreddits = models.TextField(
        blank=True,
        help_text="One subreddit a line, e.g. “django” or “r/webdev”. Each gets its own row on a post's Distribute "
        "screen. Choose the ones where your post helps people: reddit dislikes self-promotion.",
    )
    personal_x_handle = models.CharField(
        "your X handle", max_length=100, blank=True, help_text="Your own account, e.g. @ada. People share people."
    )
    project_x_handle = models.CharField(
        "project X handle",
        max_length=100,
        blank=True,
        help_text="The product's account. Empty: the X / Twitter account of Settings → Social accounts.",
    )
    mastodon_server = models.CharField(
        max_length=253,
        blank=True,
        help_text="The server you post from, e.g. fosstodon.org. Empty: the Mastodon account of Settings → Social "
        "accounts, else you are asked for it.",
    )

    panels = [
        FieldPanel("subreddits"),
        FieldRowPanel([FieldPanel("personal_x_handle"), FieldPanel("project_x_handle")]),
        FieldPanel("mastodon_server"),
    ]

    class Meta:
        verbose_name = "distribution"

    def clean(self):
        from blog.share import normalize_instance

        errors = {}
        bad = [name for name in parse_subreddits(self.subreddits) if not SUBREDDIT_RE.match(name)]
        if bad:
            errors["subreddits"] = f"Not a subreddit name: {', '.join(bad[:5])}. Names have letters, digits and _."
        for field in ("personal_x_handle", "project_x_handle"):
            handle = parse_handle(getattr(self, field))
            if handle and not X_HANDLE_RE.match(handle):
                errors[field] = "An X handle has up to 15 letters, digits and _, e.g. @launchkit."
            setattr(self, field, f"@{handle}" if handle else "")
        if self.mastodon_server:
            server = normalize_instance(self.mastodon_server)
            if not server:
                errors["mastodon_server"] = "Enter a server's name, e.g. mastodon.social."
            self.mastodon_server = server
        if errors:
            raise ValidationError(errors)

    @property
    def subreddit_list(self):
        return [name for name in parse_subreddits(self.subreddits) if SUBREDDIT_RE.match(name)]


class TickQuerySet(models.QuerySet):
    def for_page(self, page):
        return self.filter(page_id=page.pk)

    def live_posts_with_at_least(self, count):
        """Live blog posts' ids with `count` or more ticks."""
        return (
            self.filter(page__live=True, page__content_type__app_label="blog", page__content_type__model="blogpostpage")
            .values("page_id")
            .annotate(n=Count("pk"))
            .filter(n__gte=count)
        )


class DistributionTick(models.Model):
    """One channel (a subreddit: one target of it) a post was shared on: when, where, by whom."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="distribution_ticks")
    channel = models.CharField(max_length=40)
    target = models.CharField(max_length=100, blank=True, help_text="The subreddit, for reddit's rows.")
    done_at = models.DateTimeField(default=timezone.now)
    submission_url = models.URLField(max_length=500, blank=True, validators=[http_url])
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    objects = TickQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "channel", "target"], name="distribution_tick_unique"),
        ]

    def __str__(self):
        return f"{self.page_id} {self.channel}{':' + self.target if self.target else ''}"

    @property
    def row_key(self):
        return f"{self.channel}:{self.target}" if self.target else self.channel


class CampaignLinkQuerySet(models.QuerySet):
    def shortened(self):
        return self.exclude(slug__isnull=True)


class CampaignLink(models.Model):
    """A page's address tagged for one campaign, with an optional short path /l/<slug>/ on this site."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", help_text="The page of this site to link to."
    )
    source = models.CharField(
        "UTM source", max_length=100, validators=[UTM_VALUE], help_text="Who sends the visitor: hackernews, reddit…"
    )
    medium = models.CharField(
        "UTM medium", max_length=100, validators=[UTM_VALUE], help_text="The kind of link: social, email, talk…"
    )
    campaign = models.CharField(
        "UTM campaign", max_length=100, validators=[UTM_VALUE], help_text="What it is for: launch, a post's slug…"
    )
    content = models.CharField(
        "UTM content",
        max_length=100,
        blank=True,
        validators=[UTM_VALUE],
        help_text="Optional: tells two links of one campaign apart.",
    )
    slug = models.SlugField(
        "short path",
        max_length=60,
        null=True,
        blank=True,
        unique=True,
        help_text="Optional: the link also answers at /l/<short path>/ on this site.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    panels = [
        FieldPanel("page"),
        MultiFieldPanel(
            [
                FieldPanel("preset"),
                FieldRowPanel([FieldPanel("source"), FieldPanel("medium")]),
                FieldRowPanel([FieldPanel("campaign"), FieldPanel("content")]),
            ],
            heading="Tags",
        ),
        FieldPanel("slug"),
        HelpPanel(template="distribution/admin/link_urls.html", heading="The link"),
    ]

    objects = CampaignLinkQuerySet.as_manager()
    base_form_class = CampaignLinkForm

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "campaign link"
        permissions = [
            ("view_campaigns_report", "Can view the campaigns report"),
            ("export_campaigns_report", "Can export the campaigns report as CSV"),
        ]

    def __str__(self):
        return f"{self.campaign}: {self.source} / {self.medium}"

    def save(self, *args, **kwargs):
        self.slug = self.slug or None  # "" would collide with every other link without a short path
        super().save(*args, **kwargs)

    @property
    def query(self):
        values = {"utm_source": self.source, "utm_medium": self.medium, "utm_campaign": self.campaign}
        if self.content:
            values["utm_content"] = self.content
        return urlencode(values)

    def url(self, request=None):
        """The page's full address on BASE_URL with the UTM tags ("" for a page without an address)."""
        if not self.page_id:
            return ""
        parts = self.page.get_url_parts(request)
        if parts is None:
            return ""
        return f"{settings.BASE_URL}{parts[2]}?{self.query}"

    @property
    def full_url(self):
        return self.url()

    def clean(self):
        super().clean()
        if self.page_id and self.page.get_url_parts() is None:
            raise ValidationError({"page": "This page has no address on the site: choose a published page."})

    @property
    def short_url(self):
        return f"{settings.BASE_URL}/l/{self.slug}/" if self.slug else ""
