import json
import logging

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from wagtail import hooks
from wagtail.models import Page

from home.seo import ViewSeo, absolute_url, plain_text
from ops.http import personal_data, public_cache
from ops.params import parse_int

from . import abuse, tokens
from .emails import Sender
from .forms import SignupForm, spend, started_token
from .models import (
    BlockedDomain,
    Campaign,
    Consent,
    StatusChange,
    Subscriber,
    Tag,
    attribution_from_url,
    hash_ip,
    normalized_email,
)

logger = logging.getLogger(__name__)

THANK_YOU = "Almost there! Check your inbox and click the link to confirm your address."
TOO_MANY = "Too many signups from your network. Please try again in a little while."
ASK_AGAIN = "Almost there: please press Subscribe once more."
BLOCKED = "Please use a permanent email address: we don't accept disposable ones."
SIGNUP_CONSENT_TEXT = "Email address, submitted to get the newsletter. No spam. Unsubscribe in one click."
CONFIRM_CONSENT_TEXT = "Yes, send me the {site} newsletter. I can unsubscribe at any time with one click."


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def attribution_for(request, form):
    attribution = form.attribution()
    page_id = attribution.pop("source_page_id")
    if page_id and Page.objects.filter(pk=page_id).exists():
        attribution["source_page_id"] = page_id
    # Without JavaScript the hidden fields are empty: the form page's own URL (the Referer) still says where
    # on the site the signup came from and which campaign brought the visitor.
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        for key, value in attribution_from_url(referer).items():
            attribution[key] = attribution.get(key) or value
    referrer = Subscriber.objects.with_referral_code(attribution.pop("ref", "")).first()
    if referrer is not None and normalized_email(referrer.email) != normalized_email(form.cleaned_data["email"]):
        attribution["referred_by"] = referrer  # counted only once both are confirmed (Subscriber.referral_is_valid)
    return attribution


def form_errors(request, form, status=400):
    if wants_json(request):
        errors = {field: [str(error) for error in errors] for field, errors in form.errors.items()}
        return JsonResponse({"ok": False, "errors": errors}, status=status)
    return render(request, "newsletter/signup.html", {"form": form}, status=status)


def thank_you(request):
    if wants_json(request):
        return JsonResponse({"ok": True, "message": THANK_YOU})
    return redirect("newsletter:thanks")


def send_confirmation_if_due(subscriber):
    """At most one confirmation email per NEWSLETTER_RESEND_MINUTES, however often the form is sent."""
    from .tasks import send_confirmation

    now = timezone.now()
    due = now - timezone.timedelta(minutes=settings.NEWSLETTER_RESEND_MINUTES)
    claimed = (
        Subscriber.objects.filter(pk=subscriber.pk, status=Subscriber.Status.PENDING)
        .exclude(confirmation_sent_at__gt=due)
        .update(confirmation_sent_at=now)
    )
    if claimed:
        send_confirmation.enqueue(subscriber.pk)


def record_consent(subscriber, request, action, form, text, page=""):
    Consent.objects.create(
        subscriber=subscriber,
        action=action,
        form=form,
        page=(page or request.path)[:500],
        text=text,
        ip_hash=hash_ip(request.META.get("REMOTE_ADDR", "")),
    )


@never_cache
@require_GET
def form_token(request):
    """A fresh "started" time for the signup forms of a page, which may have come from a cache."""
    return JsonResponse({"started": started_token()})


def ask_again(request, form):
    """No (or an expired) start time: a person without JavaScript, or a page left open for hours. The form comes back
    filled in, with a fresh time; an instant second post is still refused."""
    form = SignupForm.fresh(request.POST)
    form.is_valid()
    if wants_json(request):
        return JsonResponse({"ok": False, "started": form.data["started"], "errors": {"__all__": [ASK_AGAIN]}})
    return render(request, "newsletter/signup.html", {"form": form, "ask_again": ASK_AGAIN})


# The signup forms sit on cached pages, so they carry no CSRF token: double opt-in, the honeypot, the start time,
# rate limits and blocked domains protect this endpoint, as hosted newsletter embeds are protected.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        return render(request, "newsletter/signup.html", {"form": SignupForm.fresh()})

    form = SignupForm(request.POST)
    if not form.is_valid():
        return form_errors(request, form)
    check = form.started_check()
    if check == "ask":
        return ask_again(request, form)
    if check == "bot":
        return thank_you(request)  # Bots get the normal answer, so they learn nothing.
    if not abuse.allow_ip(request):
        form.add_error(None, TOO_MANY)
        return form_errors(request, form, status=429)
    email = form.cleaned_data["email"]
    if BlockedDomain.blocks(email):
        form.add_error("email", BLOCKED)
        return form_errors(request, form)
    if not abuse.allow_address(request, email) or not spend(form.cleaned_data["started"]):
        return thank_you(request)  # Don't mail-bomb anyone, and don't say why.

    with transaction.atomic():
        subscriber, created = Subscriber.objects.subscribe(email, **attribution_for(request, form))
        if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            # Coming back after unsubscribing: confirm again, like a new signup.
            Subscriber.objects.filter(pk=subscriber.pk).update(
                status=Subscriber.Status.PENDING, confirmation_sent_at=None
            )
            StatusChange.objects.record(subscriber.pk, Subscriber.Status.PENDING, subscriber.status, "Signed up again.")
            subscriber.status = Subscriber.Status.PENDING
            created = True
        if created:
            page = subscriber.source_path or (request.headers.get("Referer", "") or "")[:500]
            record_consent(subscriber, request, Consent.Action.SIGNUP, "Signup form", SIGNUP_CONSENT_TEXT, page)
        if subscriber.status == Subscriber.Status.PENDING:
            send_confirmation_if_due(subscriber)
    return thank_you(request)


def thanks(request):
    return render(request, "newsletter/thanks.html", {"message": THANK_YOU})


def link_problem(request, title, text, status=400):
    return render(
        request,
        "newsletter/link_problem.html",
        {"title": title, "text": text, "form": SignupForm.fresh()},
        status=status,
    )


def expired(request):
    return link_problem(
        request,
        "This link has expired",
        "Confirmation links work for a limited time. Sign up again below and we'll send you a fresh one.",
    )


def invalid(request):
    return link_problem(
        request,
        "This link isn't valid",
        "It may have been cut short or changed. Copy the whole link from the email, or sign up again below.",
    )


def left_after(subscriber, issued):
    """The address unsubscribed after this confirmation link was mailed (or at an unknown time relative to it)."""
    left = subscriber.unsubscribed_at
    return left is not None and (issued is None or left >= issued)


def stale_confirmation(request):
    return link_problem(
        request,
        "You unsubscribed after we sent this link",
        "So it no longer signs you up. If you'd like the newsletter again, sign up below and confirm the new email.",
        409,
    )


@personal_data
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        subscriber, issued = tokens.read_confirm(token)
    except tokens.TokenExpired:
        return expired(request)
    except tokens.TokenInvalid:
        return invalid(request)
    if subscriber.status != Subscriber.Status.CONFIRMED and left_after(subscriber, issued):
        # A link clicked again, days later, must not undo the person's decision to leave.
        return stale_confirmation(request)
    text = CONFIRM_CONSENT_TEXT.format(site=Sender.load().name)
    if request.method == "GET":
        # Mail scanners follow links: a GET only shows the button.
        return render(request, "newsletter/confirm.html", {"subscriber": subscriber, "consent_text": text})
    if subscriber.status in (Subscriber.Status.BOUNCED, Subscriber.Status.COMPLAINED):
        return link_problem(request, "We can't confirm this address", "Mail to it could not be delivered.", 409)
    if subscriber.status != Subscriber.Status.CONFIRMED:
        from .tasks import send_welcome

        with transaction.atomic():
            subscriber.confirm()
            subscriber.drop_invalid_referral()
            record_consent(subscriber, request, Consent.Action.CONFIRM, "Confirmation page", text)
            send_welcome.enqueue(subscriber.pk)
    return render(
        request,
        "newsletter/confirmed.html",
        {"subscriber": subscriber, "sections": confirmation_page_sections(request, subscriber)},
    )


def confirmation_page_sections(request, subscriber):
    """What other apps add to the "You're subscribed" page (a personal page, never cached): the launch app's place
    in line, the research app's question. Each `confirmation_page_sections` hook is called with the request and the
    confirmed subscriber and returns `[{"heading": str, "html": SafeString, "order": int}]`. A failing one is left
    out: the address is confirmed already, one app's section must not turn that into an error."""
    sections = []
    for hook in hooks.get_hooks("confirmation_page_sections"):
        try:
            sections.extend(hook(request, subscriber))
        except Exception:
            logger.exception("The confirmation page section %r failed", hook)
    return sorted(sections, key=lambda section: section.get("order", 0))


def manage_or_problem(request, token):
    try:
        return tokens.read_manage(token), None
    except (tokens.TokenExpired, tokens.TokenInvalid):
        return None, link_problem(
            request,
            "This link isn't valid",
            "It may have been cut short, or the address was deleted. Use the link in a recent email.",
        )


@personal_data
@csrf_exempt  # RFC 8058 one-click: mail providers POST with no cookie and no token
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET only shows the button: mail scanners and link previews follow links. A POST (the button, or the RFC 8058
    one-click POST a mail provider sends for the List-Unsubscribe header) unsubscribes."""
    subscriber, problem = manage_or_problem(request, token)
    if problem:
        return problem
    context = {"subscriber": subscriber, "token": token}
    if request.method == "POST":
        subscriber.unsubscribe()
        return render(request, "newsletter/unsubscribed.html", context)
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return render(request, "newsletter/unsubscribed.html", context)
    return render(request, "newsletter/unsubscribe.html", context)


@personal_data
@require_http_methods(["POST"])
def resubscribe(request, token):
    subscriber, problem = manage_or_problem(request, token)
    if problem:
        return problem
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        if subscriber.confirmed_at:
            with transaction.atomic():
                subscriber.confirm(when=subscriber.confirmed_at)
                record_consent(subscriber, request, Consent.Action.RESUBSCRIBE, "Undo unsubscribe", "Undo")
        else:
            Subscriber.objects.filter(pk=subscriber.pk).update(status=Subscriber.Status.PENDING)
            StatusChange.objects.record(
                subscriber.pk, Subscriber.Status.PENDING, subscriber.status, "Undid an unsubscribe."
            )
            send_confirmation_if_due(subscriber)
    return redirect("newsletter:preferences", token=token)


@personal_data
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    subscriber, problem = manage_or_problem(request, token)
    if problem:
        return problem
    topics = Tag.objects.filter(public=True)
    saved = False
    if request.method == "POST":
        chosen = {parse_int(value) for value in request.POST.getlist("topics")} - {None}
        with transaction.atomic():
            subscriber.tags.remove(*[tag for tag in topics if tag.pk not in chosen])
            subscriber.tags.add(*[tag for tag in topics if tag.pk in chosen])
            if request.POST.get("subscribed") and subscriber.status == Subscriber.Status.UNSUBSCRIBED:
                if subscriber.confirmed_at:
                    subscriber.confirm(when=subscriber.confirmed_at)
            elif not request.POST.get("subscribed") and subscriber.status in (
                Subscriber.Status.CONFIRMED,
                Subscriber.Status.PENDING,
            ):
                subscriber.unsubscribe()
        saved = True
    mine = set(subscriber.tags.values_list("pk", flat=True))
    return render(
        request,
        "newsletter/preferences.html",
        {"subscriber": subscriber, "token": token, "topics": topics, "mine": mine, "saved": saved},
    )


@personal_data
def data(request, token):
    subscriber, problem = manage_or_problem(request, token)
    if problem:
        return problem
    response = HttpResponse(json.dumps(subscriber.as_data(), indent=2), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-newsletter-data.json"'
    return response


@personal_data
@require_http_methods(["GET", "POST"])
def delete(request, token):
    subscriber, problem = manage_or_problem(request, token)
    if problem:
        return problem
    if request.method == "POST":
        subscriber.delete()
        return render(request, "newsletter/deleted.html")
    return render(request, "newsletter/delete.html", {"subscriber": subscriber, "token": token})


# --- Public archive of sent issues ------------------------------------------------------------


def archived():
    return Campaign.objects.filter(status=Campaign.Status.SENT, in_archive=True).order_by("-finished_at", "-pk")


def archive(request):
    issues = Paginator(archived().only("subject", "slug", "preheader", "finished_at"), 20).get_page(
        parse_int(request.GET.get("page"), default=1)
    )
    # Indexable, with the same meta, social and JSON-LD treatment as pages (the sitemap lists the issues).
    seo = ViewSeo(
        request,
        "Newsletter archive",
        f"Every past issue of the {Sender.load().name} newsletter, newest first: "
        + "; ".join(issue.subject for issue in issues[:3]),
        items=[absolute_url(reverse("newsletter:archive_detail", args=[issue.slug])) for issue in issues],
    )
    seo.set_seo_listing(request, title="Newsletter archive", description=seo.description, number=issues.number)
    return render(request, "newsletter/archive.html", {"issues": issues, "seo_page": seo})


def archive_detail(request, slug):
    campaign = get_object_or_404(archived(), slug=slug)
    seo = ViewSeo(
        request,
        campaign.subject,
        campaign.preheader or issue_text(campaign),
        article=True,
        published_at=campaign.finished_at,
    )
    return render(request, "newsletter/archive_detail.html", {"campaign": campaign, "seo_page": seo})


def issue_text(campaign):
    """The opening words of an issue, through its blocks' searchable content (Wagtail's API)."""
    return " ".join(plain_text(text) for text in campaign.body.stream_block.get_searchable_content(campaign.body))


class ArchiveFeed(Feed):
    description = "Past issues of the newsletter."

    def __call__(self, request, *args, **kwargs):
        return public_cache(super().__call__(request, *args, **kwargs))

    def title(self):
        return f"{Sender.load().name} newsletter"

    def link(self):
        return absolute_url(reverse("newsletter:archive"))

    def items(self):
        return archived()[:20]

    def item_title(self, item):
        return item.subject

    def item_description(self, item):
        return item.preheader

    def item_link(self, item):
        return absolute_url(reverse("newsletter:archive_detail", args=[item.slug]))

    def item_pubdate(self, item):
        return item.finished_at
