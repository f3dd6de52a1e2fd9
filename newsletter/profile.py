"""One admin screen per subscriber: what we know about them, in one place.

Status history, consents, where they signed up (source, campaign, landing page), issues received, tags, the editors'
notes, and what other apps add through the `subscriber_profile_sections` hook:

    @hooks.register("subscriber_profile_sections")
    def referrals(request, subscriber):
        return [{"heading": "Referrals", "html": render_to_string(...), "order": 40}]

Nothing here ties a subscriber to their browsing: the site's analytics are cookieless and keep no per-visitor trail.
"""

import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from wagtail import hooks

from .models import Subscriber, SubscriberNote
from .permissions import subscriber_permissions

logger = logging.getLogger(__name__)


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Add a note",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only editors see notes. They are part of the subscriber's data: in their download, and deleted "
        "with them.",
    )


def other_sections(request, subscriber):
    """The hook's sections, by order; a failing app is logged and skipped, the profile still shows."""
    sections = []
    for hook in hooks.get_hooks("subscriber_profile_sections"):
        try:
            sections.extend(hook(request, subscriber) or [])
        except Exception:
            logger.exception("The subscriber profile section %r failed", hook)
    return sorted(sections, key=lambda section: section.get("order", 100))


def may_view_profile(user):
    """Those who may see or change subscribers (Wagtail shows the subscriber list to either)."""
    return subscriber_permissions.user_has_any_permission(user, ["view", "change"])


def profile(request, pk, form=None):
    if not may_view_profile(request.user):
        raise PermissionDenied
    subscriber = get_object_or_404(Subscriber.objects.select_related("source_page"), pk=pk)
    context = {
        "subscriber": subscriber,
        "status_changes": subscriber.status_changes.all(),
        "consents": subscriber.consents.all(),
        "tags": subscriber.tags.all(),
        "notes": subscriber.notes.select_related("author"),
        "sections": other_sections(request, subscriber),
        "may_change": subscriber_permissions.user_has_permission(request.user, "change"),
        "form": form or NoteForm(),
    }
    return TemplateResponse(request, "newsletter/admin/profile.html", context, status=400 if form else 200)


@subscriber_permissions.require("change")
@require_POST
def add_note(request, pk):
    subscriber = get_object_or_404(Subscriber, pk=pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return profile(request, pk, form=form)
    SubscriberNote.objects.create(subscriber=subscriber, author=request.user, text=form.cleaned_data["text"])
    messages.success(request, "Note added.")
    return redirect("newsletter_subscriber_profile", pk=pk)


@subscriber_permissions.require("change")
@require_POST
def delete_note(request, pk, note_pk):
    get_object_or_404(SubscriberNote, pk=note_pk, subscriber_id=pk).delete()
    messages.success(request, "Note deleted.")
    return redirect("newsletter_subscriber_profile", pk=pk)
