from django import template

from newsletter.forms import SignupForm

register = template.Library()


@register.inclusion_tag("includes/signup_form.html", takes_context=True)
def signup_form(context, button_label="Subscribe", compact=False):
    request = context.get("request")
    # Several forms can share a page (hero, section, footer); their field ids must differ.
    number = getattr(request, "_signup_form_count", 0) + 1
    if request is not None:
        request._signup_form_count = number
    page = context.get("page")
    return {
        "form": SignupForm(auto_id=f"signup{number}-%s", initial={"source_page": getattr(page, "pk", "") or ""}),
        "button_label": button_label,
        "compact": compact,
        "csrf_token": context.get("csrf_token"),
        "form_number": number,
    }
