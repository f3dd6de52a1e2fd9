from functools import partial, wraps

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from analytics.events import first_click_today, record_event
from ops import csvexport
from ops.http import public_cache
from ops.ratelimit import over_limit

from .forms import SuggestionForm, sign_timestamp
from .importexport import EXPORT_COLUMNS, export_rows
from .models import ResourcePage, record_click
from .tasks import tell_editors_of_suggestion


@require_GET
@never_cache
def go(request, pk):
    """Count an outbound click and redirect to the resource's stored URL. There is no other target."""
    target = ResourcePage.objects.live().public().filter(pk=pk).values_list("external_url", flat=True).first()
    if not target or not target.lower().startswith(("http://", "https://")):
        raise Http404("No such resource")
    # Counted once per visitor and day, and not at all beyond the client's ANALYTICS_CLICK_RATE; the link works anyway.
    if not over_limit(request, "resources.go", settings.ANALYTICS_CLICK_RATE) and first_click_today(request, "go", pk):
        record_click(pk)
    response = HttpResponseRedirect(target)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "origin"
    return response


def suggest(index_page, request):
    # Bound on every POST, an empty one included (`request.POST or None` left an empty POST unbound: a 500 below).
    form = SuggestionForm(request.POST if request.method == "POST" else None)
    sent = request.GET.get("sent") == "1"
    if request.method == "POST":
        if over_limit(request, "resources.suggest", settings.RESOURCES_SUGGEST_RATE):
            form.is_valid()
            form.add_error(None, "You've sent a lot of suggestions in the last hour. Please try again later.")
        elif form.is_spam:
            # Tell a bot nothing it can learn from.
            return redirect(index_page.url + "suggest/?sent=1")
        elif form.is_valid():
            suggestion = form.save()
            transaction.on_commit(partial(tell_editors_of_suggestion.enqueue, suggestion.pk))
            record_event(
                "resource_suggestion",
                path=request.path,
                referrer=request.headers.get("Referer", ""),
                utm_source=request.GET.get("utm_source", ""),
                request=request,
            )
            messages.success(request, "Thank you! Your suggestion is waiting for review.")
            return redirect(index_page.url + "suggest/?sent=1")
        if form.errors:
            # A fresh timestamp, so that correcting a mistake never trips the time trap again.
            form.data = form.data.copy()
            form.data["ts"] = sign_timestamp()
    response = index_page.render(
        request,
        template="resources/suggest.html",
        context_overrides={"form": form, "sent": sent},
    )
    if form.errors:
        response.status_code = 400
    # The form carries this visitor's CSRF token and start time: never from a shared cache.
    add_never_cache_headers(response)
    return response


def directory_export(view):
    """The directory's downloads: every listed resource, so a render costs a query over all of them. The page cache
    and a CDN keep the plain URL (purged with the directory); renders are limited per client address, so made-up
    query strings, which skip the cache, can't be used to load the database."""

    @wraps(view)
    def wrapped(request):
        if over_limit(request, "resources.export", settings.RESOURCES_EXPORT_RATE):
            return HttpResponse(
                "Too many downloads of the directory from your network. Please try again later.\n",
                status=429,
                content_type="text/plain; charset=utf-8",
            )
        return public_cache(view(request), max_age=settings.PAGE_CACHE_SECONDS)

    return require_safe(wrapped)


@directory_export
def export_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="resources.csv"'
    writer = csvexport.DictWriter(response, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    for row in export_rows():
        writer.writerow(row)
    return response


@directory_export
def export_json(request):
    response = JsonResponse({"resources": list(export_rows())}, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = 'attachment; filename="resources.json"'
    return response
