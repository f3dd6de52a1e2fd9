from django import template

from newsletter.forms import SignupForm

register = template.Library()


@register.inclusion_tag("includes/signup_form.html", takes_context=True)
def signup_form(context, button_label="Subscribe", compact=False, name=""):
    """A signup form. Several can share a page (hero, section, footer) and their field ids must differ: a form outside
    the page body (the footer) takes a fixed `name`, because a cached body renders no forms to count."""
    request = context.get("request")
    if name:
        prefix = f"signup-{name}"
    else:
        number = getattr(request, "_signup_form_count", 0) + 1
        if request is not None:
            request._signup_form_count = number
        prefix = f"signup{number}"
    page = context.get("page")
    return {
        "form": SignupForm(auto_id=f"{prefix}-%s", initial={"source_page": getattr(page, "pk", "") or ""}),
        "button_label": button_label,
        "compact": compact,
        "csrf_token": context.get("csrf_token"),
        "id_prefix": prefix,
    }
