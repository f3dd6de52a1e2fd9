"""Emails about suggestions: editors hear of a new one, the visitor hears what was decided.

The form promises the visitor ("Only to tell you whether we listed it"), so both decisions are told. The task
worker sends them (resources.tasks), never the request: a slow mail server must not slow the form or the admin.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail, send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse

from .models import SuggestionStatus

APPROVE_PERMISSION = "resources.change_resourcesuggestion"


def admin_url(name, *args):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=args)


def editors_who_can_approve():
    """Active users with an email who may approve suggestions (superusers included)."""
    users = get_user_model().objects.with_perm(APPROVE_PERMISSION, backend="django.contrib.auth.backends.ModelBackend")
    return users.filter(is_active=True).exclude(email="").order_by("pk")


def render(name, context):
    subject = render_to_string(f"resources/emails/{name}_subject.txt", context).strip()
    return " ".join(subject.split()), render_to_string(f"resources/emails/{name}.txt", context)


def tell_editors(suggestion):
    editors = list(editors_who_can_approve())
    if not editors:
        return 0
    subject, body = render(
        "new_suggestion",
        {"suggestion": suggestion, "queue_url": admin_url("wagtailsnippets_resources_resourcesuggestion:list")},
    )
    # One message per editor: no editor sees the others' addresses.
    return send_mass_mail([(subject, body, None, [editor.email]) for editor in editors])


def tell_visitor(suggestion):
    if not suggestion.email or suggestion.status == SuggestionStatus.PENDING:
        return 0
    subject, body = render(f"suggestion_{suggestion.status}", {"suggestion": suggestion, "site_url": settings.BASE_URL})
    return send_mail(subject, body, None, [suggestion.email])
