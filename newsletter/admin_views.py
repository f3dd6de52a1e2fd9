"""Editors' screens: sending an issue and watching it, importing subscribers, an issue from a blog post."""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from analytics.charts import bar_chart

from . import emails, links, sendtime, tasks
from .forms import normalize_email
from .models import REFERRAL_CODE_MAX, BlockedDomain, Campaign, Consent, Subscriber, Tag
from .permissions import campaign_permissions, subscriber_permissions
from .signals import campaign_from_post, is_blog_post

ATTESTATION = (
    "I confirm that every address in this file agreed to receive this newsletter, "
    "and that I can show when and how each one gave consent."
)
MAX_IMPORT_BYTES = 20 * 1024 * 1024


class BulkTagForm(forms.Form):
    tag = forms.ModelChoiceField(queryset=Tag.objects.all(), help_text="Add this tag to the selected subscribers.")


class NewsletterSummaryPanel(Component):
    name = "newsletter_summary"
    order = 150
    template_name = "newsletter/admin/summary_panel.html"

    def get_context_data(self, parent_context):
        counts = dict(Subscriber.objects.values_list("status").annotate(n=Count("pk")).order_by())
        return {
            "counts": [(label, counts.get(value, 0)) for value, label in Subscriber.Status.choices],
            "sending": Campaign.objects.filter(status=Campaign.Status.SENDING)[:5],
        }


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), label="Send at")

    def clean_when(self):
        when = self.cleaned_data["when"]
        if when < timezone.now() - timezone.timedelta(minutes=1):
            raise ValidationError("Choose a time in the future.")
        return when


class TestSendForm(forms.Form):
    email = forms.EmailField(label="Send a test to")


def send_test(campaign, address, broken=()):
    email = emails.render_campaign(campaign, warning=links.warning_text(broken) if broken else "")
    email.subject = f"[Test] {campaign.subject}"
    email.message(Subscriber(pk=0, email=address)).send()


def local_date(value):
    return dateformat.format(timezone.localtime(value), "j F Y, H:i") if value else ""


def status_text(campaign, now=None):
    """The send page's status line, one sentence with its own full stop (a date never brings a second one)."""
    now = now or timezone.now()
    when = local_date(campaign.scheduled_at)
    if campaign.status == Campaign.Status.SCHEDULED and campaign.scheduled_at and campaign.scheduled_at > now:
        return f"Scheduled for {when} ({timezone.get_current_timezone_name()})."
    if campaign.status == Campaign.Status.SCHEDULED:
        return "Starting: the task worker is preparing the send."
    if campaign.status == Campaign.Status.SENDING:
        return "Sending."
    if campaign.status == Campaign.Status.SENT and campaign.finished_at:
        return f"Sent on {local_date(campaign.finished_at)}."
    return f"{campaign.get_status_display()}."


def refuse_broken_links(request, broken):
    """Sending (or scheduling) an issue with links to unpublished pages is refused, with the pages named."""
    if broken:
        messages.error(request, links.warning_text(broken) + " Publish them or remove the links, then send.")
        return True
    return False


def handle_test(request, campaign, broken):
    form = TestSendForm(request.POST)
    if not form.is_valid():
        return form
    address = form.cleaned_data["email"]
    send_test(campaign, address, broken)
    if broken:
        messages.warning(request, f"Test sent to {address}. " + links.warning_text(broken))
    else:
        messages.success(request, f"Test sent to {address}.")
    return None


def handle_schedule(request, campaign, broken):
    form = ScheduleForm(request.POST)
    if not form.is_valid() or refuse_broken_links(request, broken):
        return form
    if tasks.schedule(campaign, form.cleaned_data["when"]):
        messages.success(request, "Scheduled.")
        return None
    messages.error(request, "Only drafts and scheduled issues can be scheduled.")
    return form


@campaign_permissions.require("send")
def campaign_send(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    broken = links.unpublished_links(campaign) if campaign.editable else []
    test_form = TestSendForm(initial={"email": request.user.email})
    schedule_form = ScheduleForm(initial={"when": campaign.scheduled_at})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "test":
            form = handle_test(request, campaign, broken)
            if form is None:
                return redirect("newsletter_campaign_send", pk=pk)
            test_form = form
        elif action == "schedule":
            schedule_form = handle_schedule(request, campaign, broken)
            if schedule_form is None:
                return redirect("newsletter_campaign_send", pk=pk)
        elif action == "cancel":
            Campaign.objects.filter(pk=pk, status__in=[Campaign.Status.SCHEDULED, Campaign.Status.SENDING]).update(
                status=Campaign.Status.CANCELLED
            )
            messages.warning(request, "Cancelled. Messages already sent stay sent.")
            return redirect("newsletter_campaign_send", pk=pk)
    campaign.refresh_from_db()
    return TemplateResponse(
        request,
        "newsletter/admin/campaign_send.html",
        {
            "campaign": campaign,
            "status_text": status_text(campaign),
            "starting": campaign.status == Campaign.Status.SCHEDULED
            and campaign.scheduled_at is not None
            and campaign.scheduled_at <= timezone.now(),
            "stats": campaign.stats(),
            "audience_size": campaign.audience_queryset().count() if campaign.editable else None,
            "broken_links": broken,
            "test_form": test_form,
            "schedule_form": schedule_form,
            "edit_url": reverse("wagtailsnippets_newsletter_campaign:edit", args=[campaign.pk]),
            "failures": campaign.deliveries.filter(status="failed").select_related("subscriber")[:20],
            "suggestion": sendtime.send_time_suggestion() if campaign.editable else None,
            "results_url": reverse("newsletter_campaign_results", args=[campaign.pk]) if not campaign.editable else "",
        },
    )


def send_problem(campaign, broken):
    """Why this issue can't be sent now, or "" if it can."""
    if not campaign.editable:
        return f"This issue is {campaign.get_status_display().lower()} and can't be sent again."
    if not campaign.body:
        return "This issue is empty. Write something before sending it."
    if broken:
        return links.warning_text(broken) + " Publish them or remove the links, then send."
    return ""


class CampaignSendConfirmView(WagtailAdminTemplateMixin, TemplateView):
    """Wagtail's confirm-then-act pattern (as for deleting or unpublishing): a page that says how many subscribers
    get the issue, and a POST that sends it. The count the editor saw travels with the form; if the audience changed
    meanwhile, the page asks again with the new number instead of sending to a number nobody confirmed."""

    template_name = "newsletter/admin/campaign_send_confirm.html"
    page_title = "Send issue"
    header_icon = "mail"

    def dispatch(self, request, pk):
        campaign_permissions.check(request, "send")
        self.campaign = get_object_or_404(Campaign, pk=pk)
        self.send_url = reverse("newsletter_campaign_send", args=[pk])
        broken = links.unpublished_links(self.campaign) if self.campaign.editable else []
        problem = send_problem(self.campaign, broken)
        if problem:
            messages.error(request, problem)
            return redirect(self.send_url)
        self.recipients = self.campaign.audience_queryset().count()
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.campaign.subject

    def get_breadcrumbs_items(self):
        return []

    def post(self, request, pk):
        if request.POST.get("recipients") != str(self.recipients):
            messages.warning(request, f"The audience changed while you were deciding: it is now {self.recipients}.")
            return self.get(request, pk)
        if tasks.schedule(self.campaign, timezone.now()):
            messages.success(request, f"Sending to {self.recipients} subscribers started. Progress shows below.")
        else:
            messages.error(request, "This issue can't be sent now.")
        return redirect(self.send_url)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            campaign=self.campaign,
            recipients=self.recipients,
            send_url=self.send_url,
            suggestion=sendtime.send_time_suggestion(),
            **kwargs,
        )


class CampaignResultsView(WagtailAdminTemplateMixin, TemplateView):
    """What a sent issue did (newsletter/results.py): for everyone who may view issues."""

    template_name = "newsletter/admin/campaign_results.html"
    page_title = "Results"
    header_icon = "mail"

    def dispatch(self, request, pk):
        campaign_permissions.check(request, "view")
        self.campaign = get_object_or_404(Campaign, pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.campaign.subject

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailsnippets_newsletter_campaign:list"), "label": "Issues"},
            {
                "url": reverse("wagtailsnippets_newsletter_campaign:edit", args=[self.campaign.pk]),
                "label": str(self.campaign),
            },
            {"url": "", "label": "Results"},
        ]

    def get_context_data(self, **kwargs):
        from .results import issue_results

        results = issue_results(self.campaign)
        chart = ""
        if results.clicks:
            chart = bar_chart(results.clicks_by_day, f"Clicks per day in the first {len(results.clicks_by_day)} days")
        return super().get_context_data(
            campaign=self.campaign,
            results=results,
            chart=chart,
            attribution_days=settings.NEWSLETTER_ATTRIBUTION_DAYS,
            may_send=campaign_permissions.user_has_permission(self.request.user, "send"),
            **kwargs,
        )


@campaign_permissions.require("view")
def campaign_preview(request, pk, mode):
    campaign = get_object_or_404(Campaign, pk=pk)
    return campaign.serve_preview(request, "web" if mode == "web" else "email")


@campaign_permissions.require("add")
def campaign_from_page(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not is_blog_post(page):
        messages.error(request, "Only blog posts can be sent to subscribers.")
        return redirect("wagtailadmin_explore", page.get_parent().pk if page.get_parent() else page.pk)
    campaign = campaign_from_post(page)
    messages.success(request, f"A draft issue was created from “{page.title}”. Check it, then send it.")
    return redirect("wagtailsnippets_newsletter_campaign:edit", campaign.pk)


# --- CSV import --------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="A CSV file with an “email” column. Optional columns: “tags” (comma separated), “status”, "
        "“referral_code” and “referred_by” (the referrer's address), as the subscriber export writes them, and "
        "“confirmed_at” and “unsubscribed_at” (when each happened; Mailchimp's CONFIRM_TIME, OPTIN_TIME and UNSUB_TIME "
        "too), which new subscribers keep instead of the time of the import."
    )
    tags = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tag every imported address.",
    )
    attest = forms.BooleanField(label=ATTESTATION, error_messages={"required": "Importing needs this attestation."})
    dry_run = forms.BooleanField(
        required=False, initial=True, label="Dry run: check the file and show the report without importing"
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError("The file is larger than 20 MB. Split it into smaller files.")
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError as error:
                raise ValidationError("The file isn't text. Save it as CSV (UTF-8).") from error
        try:
            rows = list(csv.reader(io.StringIO(text)))
        except csv.Error as error:
            raise ValidationError(f"The file isn't valid CSV: {error}") from error
        if not rows:
            raise ValidationError("The file is empty.")
        # "Confirmed at" (our export's heading) and "confirmed_at" name the same column.
        header = [re.sub(r"[\s-]+", "_", name.strip().lower()) for name in rows[0]]
        if "email" not in header and "email_address" in header:
            header[header.index("email_address")] = "email"  # Mailchimp's export calls it "Email Address"
        if "email" not in header:
            raise ValidationError("The first row must name the columns, one of them “email”.")
        return header, rows[1:]


STATUS_WORDS = {value: value for value in Subscriber.Status.values} | {
    label.lower(): value for value, label in Subscriber.Status.choices
}
STATUS_WORDS |= {"subscribed": "confirmed", "active": "confirmed", "cleaned": "bounced", "": "confirmed"}


@dataclass
class ImportReport:
    rows: int = 0
    new: list = field(default_factory=list)
    existing: list = field(default_factory=list)
    suppressed: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (line, value, reason)

    @property
    def ok(self):
        return len(self.new) + len(self.existing)


class _RowError(Exception):
    """A row that can't be imported: the value shown in the report, and why."""

    def __init__(self, value, reason):
        super().__init__(reason)
        self.value, self.reason = value, reason


# Columns a time is read from, first found first: ours, then Mailchimp's export.
TIME_COLUMNS = {
    "confirmed_at": ("confirmed_at", "confirm_time", "optin_time"),
    "unsubscribed_at": ("unsubscribed_at", "unsub_time"),
}
COLUMNS = ("email", "tags", "status", "referral_code", "referred_by", "clean_time", *sum(TIME_COLUMNS.values(), ()))
REFERRAL_CODE = re.compile(rf"^[A-Za-z0-9_-]{{1,{REFERRAL_CODE_MAX}}}$")


def check_rows(header, rows):
    """Validate every row without writing. Returns the report and the parsed rows to import."""
    report = ImportReport()
    position = {name: header.index(name) for name in COLUMNS if name in header}
    seen = set()
    parsed = []
    blocked = set(BlockedDomain.objects.values_list("domain", flat=True))
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        report.rows += 1
        try:
            parsed.append(_parse_row(row, position, seen, blocked))
        except _RowError as error:
            report.errors.append((line, error.value, error.reason))
    known = _known_subscribers(parsed)
    _count_outcomes(report, parsed, known)
    return report, parsed, known


def _parse_row(row, position, seen, blocked):
    """(email, status, tags, referral, times) from one row, or _RowError. A valid address counts as seen even if the
    row fails later."""

    def cell(name):
        index = position.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    email = _parse_email(cell("email"))
    if email.lower() in seen:
        raise _RowError(email, "appears earlier in the file")
    seen.add(email.lower())
    if _is_blocked(email, blocked):
        raise _RowError(email, "blocked domain")
    times = {}
    for key, names in TIME_COLUMNS.items():
        column = next((name for name in names if cell(name)), names[0])
        times[key] = _parse_time(email, column, cell(column))
    status = _parse_status(email, cell("status") or _implied_status(times, cell("clean_time")))
    tags = [name.strip()[:100] for name in cell("tags").split(",") if name.strip()]
    referral = _parse_referral(email, cell("referral_code"), cell("referred_by"))
    return email, status, tags, referral, times


def _implied_status(times, cleaned):
    """The status of a row without one. Mailchimp exports each status to a file of its own, without a status column:
    a row that says when the address left, or when it was cleaned after bouncing, is no subscriber."""
    if times["unsubscribed_at"]:
        return Subscriber.Status.UNSUBSCRIBED
    if cleaned:
        return Subscriber.Status.BOUNCED
    return ""


def _parse_time(email, column, value):
    """When something happened, from a cell: ISO 8601 as our export and most tools write it, or a date alone; a time
    without a zone is UTC (Mailchimp's). Empty is None."""
    if not value:
        return None
    try:
        when = parse_datetime(value)
        if when is None and (day := parse_date(value)) is not None:
            when = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        when = None  # well formed but impossible, like month 13
    if when is None:
        raise _RowError(email, f"{column}: not a date and time (write it like 2026-03-01 09:30 or 2026-03-01)")
    if timezone.is_naive(when):
        when = timezone.make_aware(when, datetime.UTC)
    if when > timezone.now() + datetime.timedelta(days=1):
        raise _RowError(email, f"{column}: {value[:30]} is in the future")
    return when


def _parse_referral(email, code, referred_by):
    """(referral code, referrer's address) of a row: both optional, as the subscriber export writes them."""
    if code and not REFERRAL_CODE.match(code):
        raise _RowError(email, "referral code: letters, digits, - and _ only, at most 16")
    if referred_by:
        try:
            validate_email(referred_by)
        except ValidationError:
            raise _RowError(email, "referred_by is not a valid email address") from None
    return code, referred_by.lower()


def _parse_email(value):
    try:
        validate_email(value)
        return normalize_email(value)
    except ValidationError:
        raise _RowError(value[:100], "not a valid email address") from None


def _is_blocked(email, blocked):
    """Whether the address's domain, or a domain it is a subdomain of, is blocked."""
    domain = email.rpartition("@")[2].lower()
    return any(domain == d or domain.endswith("." + d) for d in blocked)


def _parse_status(email, word):
    """The subscriber status a word of the status column means; importing can't make anyone pending."""
    status = STATUS_WORDS.get(word.lower())
    if status is None or status == Subscriber.Status.PENDING:
        raise _RowError(email, f"unknown status “{word[:30]}”")
    return status


def _known_subscribers(parsed):
    """The existing subscribers among the parsed addresses, by lower-cased address, looked up 1000 at a time."""
    known = {}
    for start in range(0, len(parsed), 1000):
        chunk = [email.lower() for email, *_ in parsed[start : start + 1000]]
        for subscriber in Subscriber.objects.annotate(lower=Lower("email")).filter(lower__in=chunk):
            known[subscriber.lower] = subscriber
    return known


def _count_outcomes(report, parsed, known):
    """Sort the parsed addresses into the report: new, already known, or new but suppressed (unsubscribed and so on)."""
    for email, status, *_ in parsed:
        if email.lower() in known:
            report.existing.append(email)
        else:
            (report.new if status == Subscriber.Status.CONFIRMED else report.suppressed).append(email)


def do_import(parsed, known, extra_tags, user, filename):
    now = timezone.now()
    tag_cache = {tag.name.lower(): tag for tag in Tag.objects.all()}

    def tag_named(name):
        if name.lower() not in tag_cache:
            tag_cache[name.lower()], _ = Tag.objects.get_or_create(name=name)
        return tag_cache[name.lower()]

    with transaction.atomic():
        referrals = []
        for email, status, tag_names, referral, times in parsed:
            subscriber = known.get(email.lower())
            if subscriber is None:
                # The file's times, where it has them: when someone opted in is part of their consent record.
                confirmed_at = times["confirmed_at"] or (now if status == Subscriber.Status.CONFIRMED else None)
                unsubscribed_at = times["unsubscribed_at"] or now
                subscriber = Subscriber.objects.create(
                    email=email,
                    status=status,
                    source=Subscriber.Source.IMPORT,
                    confirmed_at=confirmed_at,
                    unsubscribed_at=unsubscribed_at if status == Subscriber.Status.UNSUBSCRIBED else None,
                )
                Consent.objects.create(
                    subscriber=subscriber,
                    action=Consent.Action.IMPORT,
                    form=f"CSV import by {user.get_username()}"[:200],
                    page=filename[:500],
                    text=ATTESTATION,
                )
            # A known address keeps its status: an import never resubscribes anyone.
            tags = [tag_named(name) for name in tag_names] + list(extra_tags)
            if tags:
                subscriber.tags.add(*tags)
            if any(referral):
                referrals.append((subscriber, *referral))
        import_referrals(referrals)


def import_referrals(referrals):
    """Referral codes and who referred whom, after every row exists (a referrer may come later in the file).
    What a subscriber already has is kept; a code another subscriber already has is left out."""
    for subscriber, code, referred_by in referrals:
        if code and not subscriber.referral_code and not Subscriber.objects.filter(referral_code=code).exists():
            Subscriber.objects.filter(pk=subscriber.pk).update(referral_code=code)
        if referred_by and not subscriber.referred_by_id:
            referrer = Subscriber.objects.with_email(referred_by).exclude(pk=subscriber.pk).first()
            if referrer is not None:
                Subscriber.objects.filter(pk=subscriber.pk).update(referred_by=referrer)


@subscriber_permissions.require("import")
def import_subscribers(request):
    report = None
    form = ImportForm()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            header, rows = form.cleaned_data["file"]
            report, parsed, known = check_rows(header, rows)
            dry_run = form.cleaned_data["dry_run"]
            if not dry_run:
                do_import(parsed, known, form.cleaned_data["tags"], request.user, request.FILES["file"].name)
                messages.success(request, f"Imported {len(parsed)} addresses.")
            return TemplateResponse(
                request, "newsletter/admin/import.html", {"form": form, "report": report, "dry_run": dry_run}
            )
    return TemplateResponse(request, "newsletter/admin/import.html", {"form": form, "report": report})
