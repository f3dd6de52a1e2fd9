from django.http import HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.csrf import requires_csrf_token


def favicon(request):
    return HttpResponseRedirect(static("img/favicon.ico"))


@requires_csrf_token
def server_error(request):
    """Renders 500.html without context processors: it must not touch the database that may have failed."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render())


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
