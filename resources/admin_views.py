"""Admin views: moderating suggestions, the failing-links report, URL prefill and CSV import."""

from functools import partial

from django import forms
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from ops.csvexport import SafeCsvExportMixin

from .forms import ImportForm
from .importexport import import_csv
from .models import LinkHealth, ResourceIndexPage, ResourceSuggestion, SuggestionStatus
from .permissions import resources_permissions
from .prefill import PrefillError, fetch_metadata
from .tasks import tell_visitor_of_decision


class RejectForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="Emailed to the visitor when they left an address.",
        error_messages={"required": "Please say why, so the record explains the decision."},
    )


def _suggestions_url():
    return reverse("wagtailsnippets_resources_resourcesuggestion:list")


@require_http_methods(["GET", "POST"])
@resources_permissions.require("moderate")
def approve_suggestion(request, pk):
    """GET asks (approving emails the visitor, which can't be taken back); POST approves."""
    suggestion = get_object_or_404(ResourceSuggestion, pk=pk)
    if suggestion.status != SuggestionStatus.PENDING:
        messages.warning(request, f"“{suggestion.name}” was already {suggestion.get_status_display().lower()}.")
        return redirect(_suggestions_url())
    if request.method == "GET":
        return TemplateResponse(
            request,
            "resources/admin/approve_suggestion.html",
            {"suggestion": suggestion, "header_title": f"Approve “{suggestion.name}”"},
        )
    try:
        page = suggestion.approve(user=request.user)
    except ValueError as error:
        messages.error(request, str(error))
        return redirect(_suggestions_url())
    transaction.on_commit(partial(tell_visitor_of_decision.enqueue, suggestion.pk))
    messages.success(
        request,
        f"“{suggestion.name}” is now a draft resource. Check it, file it in a category and publish it.",
        buttons=[messages.button(reverse("wagtailadmin_pages:edit", args=[page.pk]), "Edit the draft")],
    )
    return redirect(_suggestions_url())


@resources_permissions.require("moderate")
def reject_suggestion(request, pk):
    suggestion = get_object_or_404(ResourceSuggestion, pk=pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        suggestion.reject(form.cleaned_data["reason"], user=request.user)
        transaction.on_commit(partial(tell_visitor_of_decision.enqueue, suggestion.pk))
        messages.success(request, f"“{suggestion.name}” was rejected.")
        return redirect(_suggestions_url())
    return TemplateResponse(
        request,
        "resources/admin/reject_suggestion.html",
        {"suggestion": suggestion, "form": form, "header_title": f"Reject “{suggestion.name}”"},
        status=400 if form.errors else 200,
    )


@require_GET
@permission_required("wagtailadmin.access_admin", raise_exception=True)
def directory_pages(request):
    """The Resources menu's "All resources": the directory's pages in Wagtail's page explorer."""
    index_page = ResourceIndexPage.objects.first()
    if index_page is None:
        messages.warning(request, "There is no resources directory yet. Add one under the landing page.")
        return redirect("wagtailadmin_explore_root")
    return redirect("wagtailadmin_explore", index_page.pk)


@require_GET
@permission_required("wagtailadmin.access_admin", raise_exception=True)
def prefill(request):
    try:
        data = fetch_metadata(request.GET.get("url", ""))
    except PrefillError as error:
        return JsonResponse({"ok": False, "error": str(error)}, status=400)
    return JsonResponse({"ok": True, **data})


@resources_permissions.require("import")
def import_resources(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            form.add_error("file", "The file is larger than 5 MB; split it up.")
        else:
            report = import_csv(upload.read(), dry_run=form.cleaned_data["dry_run"])
            if report.ok and not report.dry_run:
                messages.success(request, f"Imported: {report.created} created, {report.updated} updated.")
    return TemplateResponse(
        request,
        "resources/admin/import.html",
        {"form": form, "report": report, "header_title": "Import resources"},
    )


class FailingLinksReport(SafeCsvExportMixin, ReportView):
    page_title = _("Failing resource links")
    header_icon = "warning"
    index_url_name = "resources_failing_links"
    index_results_url_name = "resources_failing_links_results"
    results_template_name = "resources/admin/failing_links_results.html"
    list_export = [
        "resource.title",
        "checked_url",
        "status_code",
        "error",
        "consecutive_failures",
        "dead",
        "last_checked_at",
        "last_ok_at",
    ]
    export_headings = {"resource.title": "Resource"}
    columns = [
        TitleColumn(
            "resource",
            label="Resource",
            accessor="resource.title",
            get_url=lambda health: reverse("wagtailadmin_pages:edit", args=[health.resource_id]),
        ),
        Column("checked_url", label="URL"),
        Column("status", label="Result", accessor="result_label"),
        Column("consecutive_failures", label="Failures in a row"),
        Column("dead", label="Dead", accessor="dead_label"),
        DateColumn("last_checked_at", label="Last checked"),
        DateColumn("last_ok_at", label="Last OK"),
    ]

    def get_queryset(self):
        return (
            LinkHealth.objects.filter(consecutive_failures__gt=0)
            .select_related("resource")
            .order_by("-dead", "-consecutive_failures", "resource__title")
        )

    def decorate_paginated_queryset(self, object_list):
        for health in object_list:
            health.result_label = health.status_code or health.error or "-"
            health.dead_label = "Dead" if health.dead else ""
        return object_list

    def dispatch(self, request, *args, **kwargs):
        resources_permissions.check(request, "links")
        return super().dispatch(request, *args, **kwargs)
