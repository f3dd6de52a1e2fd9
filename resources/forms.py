import time

from django import forms
from django.conf import settings
from django.core import signing

from .models import ResourcePage, ResourceSuggestion

TIMESTAMP_SALT = "resources.suggest.ts"


def sign_timestamp(now=None):
    return signing.dumps(int(now if now is not None else time.time()), salt=TIMESTAMP_SALT)


class SuggestionForm(forms.ModelForm):
    # Honeypot: hidden from people by CSS and aria-hidden; bots fill in every field.
    website = forms.CharField(required=False, label="Leave this empty")
    ts = forms.CharField(widget=forms.HiddenInput)
    url = forms.URLField(
        label="Web address",
        max_length=500,
        assume_scheme="https",
        error_messages={
            "required": "Please give the resource's web address.",
            "invalid": "Please enter a full web address, starting with https://.",
        },
    )

    class Meta:
        model = ResourceSuggestion
        fields = ["name", "url", "why", "email"]
        labels = {"name": "Name of the resource", "why": "Why is it worth listing?", "email": "Your email (optional)"}
        help_texts = {"email": "Only to tell you whether we listed it."}
        widgets = {"why": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "name": {"required": "Please give the resource's name."},
            "url": {
                "required": "Please give the resource's web address.",
                "invalid": "Please enter a full web address, starting with https://.",
            },
            "why": {"required": "Please tell us in a sentence why it helps people market what they build."},
            "email": {"invalid": "That email address doesn't look right. Leave it empty if you like."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["ts"] = sign_timestamp()

    @property
    def is_spam(self):
        return bool(self.data.get("website"))

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Please enter a web address starting with http:// or https://.")
        if ResourcePage.objects.filter(external_url__iexact=url).exists():
            raise forms.ValidationError("That link is already in the directory. Thank you all the same!")
        return url

    def clean_ts(self):
        try:
            started = signing.loads(self.cleaned_data["ts"], salt=TIMESTAMP_SALT, max_age=60 * 60 * 24)
        except signing.SignatureExpired:
            raise forms.ValidationError("This form has expired. Please send it again.") from None
        except signing.BadSignature:
            raise forms.ValidationError("This form was damaged on its way. Please send it again.") from None
        if time.time() - started < settings.RESOURCES_SUGGEST_MIN_SECONDS:
            raise forms.ValidationError("That was quicker than anyone can type. Please wait a moment and send again.")
        return started


class ImportForm(forms.Form):
    file = forms.FileField(help_text="A CSV file with the columns of the export.")
    dry_run = forms.BooleanField(required=False, initial=True, label="Dry run: check every row and change nothing")
