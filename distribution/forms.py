from django import forms
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm

from .channels import CHANNELS
from .validators import http_url

# A campaign link's presets: the Distribute screen's channels, plus the places a developer often links from.
PRESETS = {
    **{channel.key: (channel.label, channel.utm_source, channel.utm_medium) for channel in CHANNELS},
    "talk": ("A talk or its slides", "talk", "slides"),
    "forum": ("A forum or community post", "forum", "referral"),
    "email": ("An email you send by hand", "email", "email"),
}


class PresetSelect(forms.Select):
    """Each option carries its source and medium; distribution/admin/campaign-link.js copies them to the fields."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value in PRESETS:
            _label, source, medium = PRESETS[value]
            option["attrs"].update({"data-source": source, "data-medium": medium})
        return option


class CampaignLinkForm(WagtailAdminModelForm):
    preset = forms.ChoiceField(
        required=False,
        choices=[("", "No preset")] + [(key, f"{label}: {src} / {med}") for key, (label, src, med) in PRESETS.items()],
        widget=PresetSelect(attrs={"data-campaign-link-preset": ""}),
        help_text="Fills in the source and medium of a channel; you can still change them.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("source", "medium"):
            if name in self.fields:
                self.fields[name].required = False

    def clean(self):
        data = super().clean()
        preset = PRESETS.get(data.get("preset") or "")
        for index, name in ((1, "source"), (2, "medium")):
            value = (data.get(name) or "").strip().lower()
            if not value and preset:
                value = preset[index]
            if not value:
                self.add_error(name, "Type it, or pick a preset above.")
            data[name] = value
        for name in ("campaign", "content"):
            data[name] = (data.get(name) or "").strip().lower()
        data["slug"] = (data.get("slug") or "").strip().lower() or None
        return data


class TickForm(forms.Form):
    row = forms.CharField(max_length=150)
    action = forms.ChoiceField(choices=[("done", "Done"), ("undo", "Not done")])
    done_on = forms.DateField(
        label="Done on", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="Empty: today."
    )
    submission_url = forms.URLField(
        label="Submission URL",
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[http_url],
        error_messages={"invalid": "Enter the http:// or https:// address where you posted it."},
        help_text="Where you posted it: the HN item, the reddit thread, the post on X…",
    )

    def clean_done_on(self):
        day = self.cleaned_data.get("done_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError("That day has not come yet: tick a channel once it is done.")
        return day
