"""Content-Security-Policy (django-csp) with a second policy for the Wagtail admin, plus Permissions-Policy."""

from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils.module_loading import import_string


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp with a second, looser policy for the Wagtail admin, plus Permissions-Policy.

    The public site's policy (CONTENT_SECURITY_POLICY) allows no inline script; the admin's
    (ADMIN_CONTENT_SECURITY_POLICY) has the allowances Wagtail's editor needs and applies only under ADMIN_PATHS.
    Public HTML pages also allow the origins CSP_DYNAMIC_SOURCES name, which editors change in the admin.

    Wagtail renders a preview by passing a dummy request for the page's public URL through the whole middleware
    chain (Page.make_preview_request, which marks it `is_preview`). Such a response gets the public policy, except
    that the admin's own origin may frame it: the editor's preview panel is an iframe. Public pages keep
    `frame-ancestors 'none'` and X-Frame-Options DENY.
    """

    def get_policy_parts(self, request, response, report_only=False):
        # django-csp's documented extension point: parts.config replaces the policy, parts.update adds origins.
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if is_preview(request):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": PREVIEW_FRAME_ANCESTORS}
        if is_admin_path(request.path_info):
            # A view's own policy (django-csp's csp_override decorator) wins over the admin's.
            if parts.config is None and settings.ADMIN_CONTENT_SECURITY_POLICY:
                parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        elif "html" in response.get("Content-Type", ""):
            parts.update = with_dynamic_sources(request, parts.update)
        return parts

    def process_response(self, request, response):
        if HEADER in response:
            # A page from the page cache keeps the headers it was stored with: settings that change the policy purge
            # every stored page, and working the policy out again would cost a cache read on every hit.
            return response
        response = super().process_response(request, response)
        if is_preview(request):
            # XFrameOptionsMiddleware said DENY to the dummy request; Wagtail's preview views say SAMEORIGIN too.
            response["X-Frame-Options"] = "SAMEORIGIN"
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response


PREVIEW_FRAME_ANCESTORS = ["'self'"]


def is_preview(request):
    """A request Wagtail made up to render a preview (is_preview is set once it reaches the view)."""
    return bool(getattr(request, "is_preview", False))


def with_dynamic_sources(request, update):
    """`update` ({directive: [origins]} or None) plus the origins every dynamic source allows for this request."""
    update = {directive: list(origins) for directive, origins in (update or {}).items()}
    for source in dynamic_sources():
        for directive, origins in source(request).items():
            update[directive] = [*update.get(directive, []), *origins]
    return update or None


def dynamic_sources():
    return [import_string(path) for path in settings.CSP_DYNAMIC_SOURCES]


def is_admin_path(path):
    return path.startswith(tuple(settings.ADMIN_PATHS))
