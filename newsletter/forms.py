from django import forms
from django.core.exceptions import ValidationError

from .models import UTM_FIELDS


def normalize_email(value):
    """Trim, lowercase the domain and store it in its ASCII (IDNA) form, so one mailbox has one spelling."""
    value = value.strip()
    local, _, domain = value.rpartition("@")
    if not local or not domain:
        return value
    try:
        domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError as error:
        raise ValidationError("Enter a valid email address.", code="invalid") from error
    return f"{local}@{domain}"


class SignupForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter a valid email address, like name@example.com.",
            "max_length": "That address is too long: email addresses have at most 254 characters.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "you@example.com"}),
    )
    # Attribution, filled in by the page's script. Bad values are dropped, never shown as errors.
    source_page = forms.CharField(required=False, widget=forms.HiddenInput)
    referrer = forms.CharField(required=False, widget=forms.HiddenInput, strip=True)
    utm_source = forms.CharField(required=False, widget=forms.HiddenInput)
    utm_medium = forms.CharField(required=False, widget=forms.HiddenInput)
    utm_campaign = forms.CharField(required=False, widget=forms.HiddenInput)
    utm_term = forms.CharField(required=False, widget=forms.HiddenInput)
    utm_content = forms.CharField(required=False, widget=forms.HiddenInput)
    # Abuse checks: when the form was rendered (signed), and a field only bots fill in.
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    website = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        from .abuse import started_token

        super().__init__(*args, **kwargs)
        self.fields["started"].initial = started_token()

    def is_bot(self):
        from .abuse import filled_too_fast

        return bool(self.cleaned_data.get("website")) or filled_too_fast(self.cleaned_data.get("started"))

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])

    def clean_source_page(self):
        value = self.cleaned_data.get("source_page", "")
        return int(value) if value.isdigit() and len(value) < 12 else None

    def clean_referrer(self):
        return self.cleaned_data.get("referrer", "")[:500]

    def attribution(self):
        data = self.cleaned_data
        attribution = {key: data.get(key, "")[:200] for key in UTM_FIELDS}
        attribution["referrer"] = data.get("referrer", "")
        attribution["source_page_id"] = data.get("source_page")
        return attribution
