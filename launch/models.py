"""The launch: a date, a pre-launch mode with a waitlist, and the one-time flip to launched (launch/flip.py)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    NOINDEX = "noindex", "Public, but hidden from search engines until the launch"
    PRIVATE = "private", "Private until the launch (visitors get “not found”; editors still see it)"


LAUNCH_AT_HELP = "At this time the worker switches pre-launch off and sends the announcement issue, once."


class LaunchSettingsForm(WagtailAdminModelForm):
    """Says in which time zone the launch time is: the editor's own (Account settings) or the server's TIME_ZONE."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "launch_at" in self.fields:
            zone = timezone.get_current_timezone_name()
            self.fields["launch_at"].help_text = f"{LAUNCH_AT_HELP} Time zone: {zone}."

    def clean_announcement(self):
        """The announcement goes to subscribers: only someone who may send issues chooses it."""
        from newsletter.permissions import campaign_permissions

        campaign = self.cleaned_data.get("announcement")
        changed = campaign is not None and campaign.pk != self.instance.announcement_id
        if (
            changed
            and self.for_user is not None
            and not campaign_permissions.user_has_permission(self.for_user, "send")
        ):
            raise ValidationError("Only someone who may send newsletter issues can choose the announcement.")
        return campaign


@register_setting(icon="pick")
class LaunchSettings(BaseSiteSetting):
    prelaunch = models.BooleanField(
        "pre-launch mode",
        default=False,
        help_text="While on, the landing page shows the waitlist instead of its hero, and the blog and directory "
        "follow the choices below. At the launch time the site switches this off by itself.",
    )
    launch_at = models.DateTimeField("launch date and time", null=True, blank=True, help_text=LAUNCH_AT_HELP)
    launched_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the site switched itself to launched."
    )
    announcement = models.ForeignKey(
        "newsletter.Campaign",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="launch announcement issue",
        help_text="A draft issue (Newsletter → Issues) sent to its audience, once, at the launch time. "
        "Leave empty to send nothing.",
    )
    headline = models.CharField(max_length=120, default="Something new is coming")
    text = models.TextField(
        "waitlist text",
        max_length=400,
        blank=True,
        default="Join the waitlist: confirmed friends you refer move you up the line.",
    )
    button_label = models.CharField(max_length=40, default="Join the waitlist")
    blog_visibility = models.CharField(
        "blog before the launch", max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    directory_visibility = models.CharField(
        "directory before the launch", max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("prelaunch"), FieldPanel("launch_at"), FieldPanel("announcement")],
            heading="Launch",
        ),
        MultiFieldPanel(
            [FieldPanel("headline"), FieldPanel("text"), FieldPanel("button_label")],
            heading="Waitlist on the landing page",
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("blog_visibility"), FieldPanel("directory_visibility")])],
            heading="Sections before the launch",
        ),
        HelpPanel(template="launch/admin/launched_help.html", heading="Status"),
    ]
    base_form_class = LaunchSettingsForm

    class Meta:
        verbose_name = "launch"
        permissions = [("view_referrers", "Can view the top referrers")]

    def clean(self):
        super().clean()
        if self.prelaunch and not self.launch_at:
            raise ValidationError({"launch_at": "Pre-launch needs a launch date and time."})
        campaign = self.announcement
        if campaign is not None and not self.launched_at and not campaign.editable:
            raise ValidationError(
                {"announcement": f"“{campaign}” is already {campaign.get_status_display().lower()}: choose a draft."}
            )

    @property
    def is_waitlist(self):
        """Pre-launch is on and the site has not launched."""
        return self.prelaunch and self.launched_at is None

    def visibility(self):
        """{"blog": ..., "directory": ...} while the waitlist is on; everything public otherwise."""
        if not self.is_waitlist:
            return {"blog": Visibility.PUBLIC, "directory": Visibility.PUBLIC}
        return {"blog": self.blog_visibility, "directory": self.directory_visibility}


class LaunchFlip(models.Model):
    """The claim that one site launched: one row per site, created in the transaction that flips it, so two workers
    reaching the launch time together flip it (and send its announcement) once."""

    site = models.OneToOneField("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    flipped_at = models.DateTimeField(default=timezone.now)
    announcement = models.ForeignKey(
        "newsletter.Campaign", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "launch flip"

    def __str__(self):
        return f"{self.site} launched at {self.flipped_at:%Y-%m-%d %H:%M}"
