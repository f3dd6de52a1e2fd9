from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from .forms import SignupForm
from .models import Subscriber, attribution_from_url

THANK_YOU = "Thanks! You're on the list."


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
    return attribution


@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        return render(request, "newsletter/signup.html", {"form": SignupForm()})

    form = SignupForm(request.POST)
    if not form.is_valid():
        if wants_json(request):
            errors = {field: [str(error) for error in errors] for field, errors in form.errors.items()}
            return JsonResponse({"ok": False, "errors": errors}, status=400)
        return render(request, "newsletter/signup.html", {"form": form}, status=400)

    # The answer is the same for new and known addresses, so nobody can probe who is subscribed.
    Subscriber.objects.subscribe(form.cleaned_data["email"], **attribution_for(request, form))
    if wants_json(request):
        return JsonResponse({"ok": True, "message": THANK_YOU})
    return redirect("newsletter:thanks")


def thanks(request):
    return render(request, "newsletter/thanks.html", {"message": THANK_YOU})
