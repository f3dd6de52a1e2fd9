"""The per-post Distribute screen, the list of posts to distribute, and the Campaigns report."""

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page

from analytics.admin_views import PERIODS, RangeForm
from analytics.permissions import analytics_permissions
from analytics.reports import default_range
from blog.models import BlogPostPage
from ops import csvexport
from ops.params import parse_int

from . import attribution
from .channels import TIMING, rows_for
from .forms import TickForm
from .models import DistributionTick
from .permissions import campaign_link_permissions, may_distribute


def actions_for(request, page):
    """Buttons other apps add to the screen through the `distribute_actions` hook:
    `hook(request, page) -> [{"text": str, "url": str, "icon": str}]`."""
    return [action for hook in hooks.get_hooks("distribute_actions") for action in hook(request, page) or []]


def distributable_post(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    if page.specific_class is not BlogPostPage:
        return page, None
    if not may_distribute(request.user, page):
        raise PermissionDenied
    return page, page.specific


def distribute(request, page_id):
    page, post = distributable_post(request, page_id)
    if post is None:
        messages.error(request, "Only blog posts have a Distribute screen.")
        return redirect("wagtailadmin_explore", page.get_parent().pk if page.get_parent() else page.pk)
    rows = rows_for(post, request)
    form, status = None, 200
    if request.method == "POST":
        form = TickForm(request.POST)
        if form.is_valid() and save_tick(request, post, rows, form):
            return redirect("distribution_post", post.pk)
        status = 400
    attribution.attach_ticks(rows, post)
    may_see_results = analytics_permissions.user_has_permission(request.user, "view")
    if may_see_results:
        attribution.attach_results(rows, post)
    context = {
        "post": post,
        "rows": rows,
        "form": form,
        "failed_row": form["row"].value() if form is not None else "",
        "may_see_results": may_see_results,
        "since": attribution.since(post),
        "timing": TIMING,
        "actions": actions_for(request, post),
        "done": sum(1 for row in rows if row.tick),
        "today": timezone.localdate(),
    }
    return TemplateResponse(request, "distribution/admin/distribute.html", context, status=status)


def save_tick(request, post, rows, form):
    """Tick or untick one of the post's rows. False (with the form's error) for a row the post doesn't have."""
    data = form.cleaned_data
    row = next((row for row in rows if row.key == data["row"]), None)
    if row is None:
        form.add_error("row", "This post has no such channel: reload the page and try again.")
        return False
    ticks = DistributionTick.objects.filter(page_id=post.pk, channel=row.channel.key, target=row.target)
    if data["action"] == "undo":
        ticks.delete()
        messages.success(request, f"{row.label}: marked as not done.")
        return True
    day = data.get("done_on")
    if day is None or day == timezone.localdate():
        done_at = timezone.now()
    else:
        done_at = timezone.make_aware(datetime.combine(day, time(12)))
    DistributionTick.objects.update_or_create(
        page_id=post.pk,
        channel=row.channel.key,
        target=row.target,
        defaults={"done_at": done_at, "submission_url": data.get("submission_url") or "", "done_by": request.user},
    )
    messages.success(request, f"{row.label}: done on {timezone.localdate(done_at):%b %d, %Y}.")
    return True


def posts(request):
    """Live blog posts, newest first, with how many channels each was ticked on: a link to each Distribute screen."""
    queryset = (
        BlogPostPage.objects.live()
        .annotate(ticks=Count("distribution_ticks"))
        .order_by(F("first_published_at").desc(nulls_last=True), "-pk")
        .only("title", "first_published_at", "live")
    )
    page = Paginator(queryset, 30).get_page(parse_int(request.GET.get("p", ""), default=1))
    return TemplateResponse(request, "distribution/admin/posts.html", {"page_obj": page, "posts": page.object_list})


def report_range(request):
    """The analytics report's range form: (form, start, end, valid)."""
    if not request.GET.get("period") and not request.GET.get("start") and not request.GET.get("end"):
        form = RangeForm(initial={"period": 30})
        return form, *default_range(30), True
    form = RangeForm(request.GET)
    if form.is_valid():
        return form, *form.range(), True
    return form, *default_range(30), False


@campaign_link_permissions.require("report")
def campaigns_report(request):
    form, start, end, valid = report_range(request)
    rows = attribution.campaign_rows(start, end)
    if request.GET.get("format") == "csv" and valid:
        campaign_link_permissions.check(request, "export")
        return campaigns_csv(rows, start, end)
    context = {
        "form": form,
        "rows": rows,
        "start": start,
        "end": end,
        "periods": PERIODS,
        "query": f"start={start.isoformat()}&end={end.isoformat()}",
        "can_export": campaign_link_permissions.user_has_permission(request.user, "export"),
        "links_url": reverse("wagtailsnippets_distribution_campaignlink:list"),
    }
    return TemplateResponse(request, "distribution/admin/campaigns_report.html", context, status=200 if valid else 400)


def campaigns_csv(rows, start, end):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="campaigns-{start}-{end}.csv"'
    writer = csvexport.writer(response)
    writer.writerow(["campaign", "sources", "views", "visitors", "signups", "conversion_percent", "short_link_visits"])
    for row in rows:
        conversion = "" if row.conversion is None else row.conversion
        writer.writerow(
            [row.campaign, row.source_list, row.views, row.visitors, row.signups, conversion, row.short_link_visits]
        )
    return response
