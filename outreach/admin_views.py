"""The outreach screens: writing to one contact, the due follow-ups, results, the import, and the shortcuts from a
partner's directory page and from a blog post."""

import json
import smtplib

from bs4 import BeautifulSoup
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.mail import BadHeaderError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from analytics.sources import host_of
from blog.models import BlogPostPage
from ops.params import parse_int
from ops.ratelimit import over_limit
from resources.models import ResourcePage

from . import importing, writing
from .models import Contact, ContactKind, MessageTemplate, SentVia, Status, TemplateUse
from .permissions import contact_permissions
from .results import results_for

# What the compose form may carry: one subject, one body, what to do. No recipients: the contact is in the URL.
COMPOSE_FIELDS = {"csrfmiddlewaretoken", "subject", "body", "action", "template", "post"}


class ComposeForm(forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(max_length=10000, widget=forms.Textarea(attrs={"rows": 12}))
    action = forms.ChoiceField(choices=[("sent_mailto", "I sent it"), ("send", "Send from the site")])

    def clean_subject(self):
        return writing.one_line(self.cleaned_data["subject"])


def chosen(request, model, name, queryset=None):
    """The object whose id the query string or form names under `name`, or None."""
    pk = parse_int(request.POST.get(name) or request.GET.get(name, ""))
    if pk is None:
        return None
    return (queryset if queryset is not None else model.objects).filter(pk=pk).first()


def template_for(use):
    return MessageTemplate.objects.filter(use_for=use).order_by("pk").first()


def compose_context(request, contact, form=None):
    template = chosen(request, MessageTemplate, "template")
    post = chosen(request, BlogPostPage, "post", BlogPostPage.objects.live())
    if form is None:
        subject, body = writing.render(template, contact, post) if template else ("", "")
        form = ComposeForm(initial={"subject": subject, "body": body})
    subject = form["subject"].value() or ""
    body = form["body"].value() or ""
    return {
        "contact": contact,
        "form": form,
        "templates": MessageTemplate.objects.all(),
        "template": template,
        "post": post,
        "mailto": writing.mailto_url(contact.email, subject, body),
        "words": writing.word_count(body),
        "words_hint": writing.WORDS_HINT,
        "from_email": writing.sender_address(request.user),
        "history": contact.messages.select_related("sent_by")[:20],
        "may_send": contact_permissions.user_has_permission(request.user, "send"),
    }


def refuse_bulk(request):
    """A 400 for a POST that names recipients or repeats a field: this screen writes one message to one contact."""
    extra = set(request.POST) - COMPOSE_FIELDS
    repeated = [key for key in request.POST if len(request.POST.getlist(key)) > 1]
    if extra or repeated:
        return HttpResponseBadRequest(
            "One message to one contact: this form takes no recipients or lists.", content_type="text/plain"
        )
    return None


@contact_permissions.require("view")
def compose(request, pk):
    contact = get_object_or_404(Contact, pk=pk)
    if request.method != "POST":
        return TemplateResponse(request, "outreach/admin/compose.html", compose_context(request, contact))
    contact_permissions.check(request, "send")
    refused = refuse_bulk(request)
    if refused:
        return refused
    form = ComposeForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(request, "outreach/admin/compose.html", compose_context(request, contact, form))
    subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
    if form.cleaned_data["action"] == "sent_mailto":
        writing.record(contact, subject, body, SentVia.MAILTO, request.user)
        messages.success(
            request, f"Recorded your message to {contact.name}; the follow-up is due {contact.follow_up_on}."
        )
        return redirect("outreach_due")
    problem = send_problem(request, contact)
    if problem is None:
        try:
            writing.send_from_site(contact, subject, body, request.user)
        except (smtplib.SMTPException, OSError, BadHeaderError) as error:
            problem = f"The mail server refused the message, so nothing was recorded as sent: {error}"
    if problem:
        messages.error(request, problem)
        return TemplateResponse(request, "outreach/admin/compose.html", compose_context(request, contact, form))
    messages.success(request, f"Sent to {contact.email}; the follow-up is due {contact.follow_up_on}.")
    return redirect("outreach_due")


def send_problem(request, contact):
    """Why the site can't send this message now, or None."""
    if not contact.email:
        return "This contact has no email address: write to them through their own channels and record it."
    if not writing.sender_address(request.user):
        return "Your account has no email address to send from: add one in your account settings."
    if over_limit(request, "outreach.send", settings.OUTREACH_SEND_RATE, f"user:{request.user.pk}"):
        return (
            "You have sent as many messages from the site as the hourly limit allows. "
            "Use your mail program, or try again later."
        )
    return None


def safe_next(request, default):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@require_POST
@contact_permissions.require("change")
def set_status(request, pk):
    contact = get_object_or_404(Contact, pk=pk)
    status = request.POST.get("status", "")
    if status not in Status.values:
        return HttpResponseBadRequest("Unknown status.", content_type="text/plain")
    contact.set_status(status)
    messages.success(request, f"{contact.name}: {contact.get_status_display().lower()}.")
    return redirect(safe_next(request, reverse("outreach_due")))


@contact_permissions.require("view")
def due(request):
    contacts = Contact.objects.due().prefetch_related("messages")
    return TemplateResponse(
        request,
        "outreach/admin/due.html",
        {
            "contacts": contacts,
            "follow_up_template": template_for(TemplateUse.FOLLOW_UP),
            "delay": settings.OUTREACH_FOLLOW_UP_DAYS,
            "may_change": contact_permissions.user_has_permission(request.user, "change"),
        },
    )


@contact_permissions.require("view")
def results(request):
    return TemplateResponse(
        request, "outreach/admin/results.html", {"results": results_for(Contact.objects.order_by("name", "pk"))}
    )


@contact_permissions.require("export")
def contact_data(request, pk):
    """Everything kept about one contact, messages included, as a JSON download."""
    contact = get_object_or_404(Contact, pk=pk)
    response = HttpResponse(json.dumps(contact.as_data(), indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="contact-{contact.pk}.json"'
    return response


class ImportForm(forms.Form):
    file = forms.FileField(
        help_text="A CSV file with a “name” column. Optional: “email”, “kind”, “website”, “notes”, “status”."
    )
    dry_run = forms.BooleanField(
        required=False, initial=True, label="Dry run: check the file and show the report without importing"
    )

    def clean_file(self):
        try:
            return importing.read_csv(self.cleaned_data["file"].read(importing.MAX_BYTES + 1))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


@contact_permissions.require("import")
def import_contacts(request):
    form, report, imported = ImportForm(), None, None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            report = importing.check_rows(*form.cleaned_data["file"])
            if not form.cleaned_data["dry_run"] and report.ok:
                imported = importing.do_import(report)
                messages.success(request, f"Imported {imported} contacts.")
    return TemplateResponse(
        request, "outreach/admin/import.html", {"form": form, "report": report, "imported": imported}
    )


def contact_for_resource(resource):
    return Contact.objects.filter(resource=resource).order_by("pk").first()


def contact_from_resource(resource):
    """A new partner contact from its directory entry: its name, its site, and its contact address if it is one."""
    email = resource.partner_contact.strip()
    try:
        forms.EmailField().clean(email)
    except forms.ValidationError:
        email = ""
    if email and Contact.objects.with_email(email).exists():
        contact = Contact.objects.with_email(email).get()
        if contact.resource_id is None:
            contact.resource = resource
            contact.save(update_fields=["resource"])
        return contact
    return Contact.objects.create(
        name=resource.title[:200],
        email=email,
        kind=ContactKind.PARTNER,
        website=resource.external_url,
        resource=resource,
    )


def compose_url(contact, use, post=None):
    template = template_for(use)
    query = []
    if template:
        query.append(f"template={template.pk}")
    if post:
        query.append(f"post={post.pk}")
    return reverse("outreach_compose", args=[contact.pk]) + ("?" + "&".join(query) if query else "")


@contact_permissions.require("send")
def tell_partner(request, page_id):
    """ "Tell this partner they are listed": their contact (made from the page when there is none), then compose."""
    resource = get_object_or_404(ResourcePage, pk=page_id)
    contact = contact_for_resource(resource)
    if contact is None and request.method == "POST":
        contact_permissions.check(request, "add")
        contact = contact_from_resource(resource)
    if contact is None:
        return TemplateResponse(request, "outreach/admin/new_partner_contact.html", {"resource": resource})
    return redirect(compose_url(contact, TemplateUse.LISTED))


def external_links(post):
    """The http(s) links in the post's text that point away from this site, in order, once each."""
    own = host_of(settings.BASE_URL)
    found = []
    for block in post.body:
        if block.block_type != "paragraph":
            continue
        for anchor in BeautifulSoup(block.value.source, "html.parser").find_all("a", href=True):
            href = anchor["href"].strip()
            host = host_of(href)
            if href.lower().startswith(("http://", "https://")) and host and host != own and href not in found:
                found.append(href)
    return found


@contact_permissions.require("view")
def post_mentions(request, page_id):
    """ "Tell the people this post mentions": the post's contacts and the outside links in it, each with a compose."""
    post = get_object_or_404(BlogPostPage, pk=page_id)
    contacts = list(post.outreach_contacts.order_by("name", "pk"))
    known_hosts = {contact.host for contact in contacts if contact.host}
    by_host = {c.host: c for c in Contact.objects.exclude(website="") if c.host}  # contacts elsewhere, by their site
    links = []
    for url in external_links(post):
        host = host_of(url)
        if host in known_hosts:
            continue
        links.append({"url": url, "host": host, "contact": by_host.get(host)})
    rows = [{"contact": c, "compose_url": compose_url(c, TemplateUse.MENTIONED, post)} for c in contacts]
    return TemplateResponse(request, "outreach/admin/post_mentions.html", {"post": post, "rows": rows, "links": links})


class LinkForm(forms.Form):
    url = forms.URLField(max_length=500, assume_scheme="https")


@require_POST
@contact_permissions.require("send")
def contact_from_link(request, page_id):
    """A link in a post becomes a contact mentioned by it (or an existing contact for that site gets the post)."""
    post = get_object_or_404(BlogPostPage, pk=page_id)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That isn't a link this screen can turn into a contact.")
        return redirect("outreach_post_mentions", page_id=post.pk)
    url = form.cleaned_data["url"]
    host = host_of(url)
    contact = next((c for c in Contact.objects.exclude(website="") if c.host == host), None)
    if contact is None:
        contact_permissions.check(request, "add")
        contact = Contact.objects.create(name=host[:200] or url[:200], website=url, kind=ContactKind.BLOGGER)
    contact.posts.add(post)
    messages.success(request, f"{contact.name} is now a contact this post mentions: add their address to write.")
    return redirect(compose_url(contact, TemplateUse.MENTIONED, post))
