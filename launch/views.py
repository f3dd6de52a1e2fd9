"""The referral link, and the top-referrers report."""

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from ops.csvexport import SafeCsvExportMixin
from ops.params import parse_int

from . import referrals
from .permissions import launch_permissions


def referral(request, code):
    """`/r/<code>/`: the landing page with `?ref=<code>`, which the page cache ignores (one cached landing page for
    everyone) and the page's script copies into the signup form. Nothing is looked up or stored here: no cookie, and
    no way to tell a real code from a made-up one."""
    return HttpResponseRedirect("/?" + urlencode({"ref": code}))


class TopReferrersReport(SafeCsvExportMixin, ReportView):
    page_title = _("Top referrers")
    header_icon = "group"
    index_url_name = "launch_top_referrers"
    index_results_url_name = "launch_top_referrers_results"
    results_template_name = "launch/admin/top_referrers_results.html"
    list_export = ["place", "email", "referral_count", "joined", "referral_code"]
    export_headings = {"referral_count": "confirmed referrals", "joined": "confirmed at"}
    columns = [
        Column("place", label="Place", accessor="place"),
        TitleColumn(
            "email",
            label="Subscriber",
            get_url=lambda subscriber: reverse("wagtailsnippets_newsletter_subscriber:edit", args=[subscriber.pk]),
        ),
        Column("referral_count", label="Confirmed referrals"),
        DateColumn("joined", label="Confirmed"),
    ]

    def dispatch(self, request, *args, **kwargs):
        launch_permissions.check(request, "referrers")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return referrals.top_referrers()

    def decorate_paginated_queryset(self, object_list):
        # Places in the referral ranking: the page's offset plus the row's position (one query for the page).
        page = 1 if self.is_export else parse_int(self.request.GET.get(self.page_kwarg), default=1, minimum=1)
        start = (page - 1) * self.paginate_by
        for position, subscriber in enumerate(object_list, start=start + 1):
            subscriber.place = position
        return object_list
