from datetime import timedelta

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ops import csvexport

from . import charts, digest, reports
from .models import DigestPreference
from .permissions import analytics_permissions

PERIODS = (7, 30, 90)
MAX_DAYS = 731
TABLES = ("daily", "pages", "sources", "referrers", "campaigns", "devices", "resources")


class RangeForm(forms.Form):
    period = forms.TypedChoiceField(choices=[(p, f"{p} days") for p in PERIODS], coerce=int, required=False)
    start = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if self.errors:
            return data
        if start or end:
            if not (start and end):
                raise forms.ValidationError("Give both a start and an end date for a custom range.")
            if start > end:
                raise forms.ValidationError("The start date must be on or before the end date.")
            if (end - start).days + 1 > MAX_DAYS:
                raise forms.ValidationError(f"A custom range can cover at most {MAX_DAYS} days.")
            if start > timezone.localdate():
                raise forms.ValidationError("The range starts in the future: there is nothing to show yet.")
        return data

    def range(self):
        data = self.cleaned_data
        if data.get("start") and data.get("end"):
            return data["start"], data["end"]
        return reports.default_range(data.get("period") or 7)


def _range_from(request):
    form = RangeForm(request.GET or None)
    if request.GET and form.is_valid():
        return form, *form.range()
    if request.GET:
        return form, None, None
    form = RangeForm(initial={"period": 7})
    form.is_valid()
    return form, *reports.default_range(7)


@analytics_permissions.require("view")
def report_view(request):
    form, start, end = _range_from(request)
    if start is None:
        start, end = reports.default_range(7)
        status = 400
    else:
        status = 200
    report = reports.build_report(start, end)
    if request.GET.get("format") == "csv" and status == 200:
        analytics_permissions.check(request, "export")
        return csv_export(report, request.GET.get("table", "daily"))
    days = report.days
    context = {
        "form": form,
        "report": report,
        "periods": PERIODS,
        "tables": TABLES,
        "query": f"start={start.isoformat()}&end={end.isoformat()}",
        "views_chart": charts.bar_chart([(d, v) for d, v, _, _ in days], "Page views per day"),
        "visitors_chart": charts.bar_chart([(d, u) for d, _, u, _ in days], "Visitors per day"),
        "signups_chart": charts.bar_chart([(d, s) for d, _, _, s in days], "Signups per day"),
        "digest_opt_in": DigestPreference.objects.filter(user=request.user, weekly_digest=True).exists(),
        "can_export": analytics_permissions.user_has_permission(request.user, "export"),
        "can_send": analytics_permissions.user_has_permission(request.user, "send"),
    }
    return TemplateResponse(request, "analytics/admin/report.html", context, status=status)


def csv_export(report, table):
    if table not in TABLES:
        table = "daily"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="analytics-{table}-{report.start}-{report.end}.csv"'
    writer = csvexport.writer(response)
    if table == "daily":
        writer.writerow(["date", "views", "visitors", "signups"])
        for day, views, visitors, signups in report.days:
            writer.writerow([day.isoformat(), views, visitors, signups])
        return response
    if table == "resources":
        writer.writerow(["resource", "title", "clicks"])
        for row in report.resources:
            writer.writerow([row.key, row.label, row.views])
        return response
    writer.writerow(["key", "views", "visitors", "signups", "conversion_percent"])
    for row in getattr(report, table):
        writer.writerow(
            [row.key, row.views, row.visitors, row.signups, "" if row.conversion is None else row.conversion]
        )
    return response


@analytics_permissions.require("view")
def digest_preview(request):
    _subject, text, html = digest.render_digest(digest.digest_context())
    if request.GET.get("format") == "text":
        return HttpResponse(text, content_type="text/plain; charset=utf-8")
    return HttpResponse(html)


@require_POST
@analytics_permissions.require("view")
def digest_send(request):
    if request.POST.get("to") == "all":
        analytics_permissions.check(request, "send")
    to = digest.recipients() if request.POST.get("to") == "all" else [request.user.email]
    to = [address for address in to if address]
    if not to:
        messages.error(request, "Nobody to send to: no editor has opted in, or your account has no email address.")
        return redirect("analytics_report")
    sent = digest.send_digest(to=to)
    messages.success(request, f"Sent the weekly digest to {sent} address{'es' if sent != 1 else ''}.")
    return redirect("analytics_report")


@require_POST
@analytics_permissions.require("view")
def digest_preference(request):
    wanted = request.POST.get("weekly_digest") == "on"
    DigestPreference.objects.update_or_create(user=request.user, defaults={"weekly_digest": wanted})
    if wanted:
        messages.success(request, "You will get the analytics digest every Monday.")
    else:
        messages.success(request, "You will no longer get the weekly analytics digest.")
    return redirect("analytics_report")


def last_7_days():
    today = timezone.localdate()
    return today - timedelta(days=6), today
