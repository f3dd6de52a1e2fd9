"""Security headers."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils.module_loading import import_string


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp with a second, looser policy for the Wagtail admin, plus Permissions-Policy.

    The public site's policy (CONTENT_SECURITY_POLICY) allows no inline script; the admin's
    (ADMIN_CONTENT_SECURITY_POLICY) has the allowances Wagtail's editor needs and applies only under ADMIN_PATHS.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin_policy = getattr(settings, "ADMIN_CONTENT_SECURITY_POLICY", None)
        if not report_only and parts.config is None and admin_policy and is_admin_path(request.path_info):
            parts.config = admin_policy["DIRECTIVES"]
        return parts

    def process_response(self, request, response):
        if not is_admin_path(request.path_info) and "html" in response.get("Content-Type", ""):
            # Settings an editor changes (third-party analytics) add origins to the public policy per response.
            update = getattr(response, "_csp_update", None) or {}
            for source in dynamic_sources():
                for directive, origins in source(request).items():
                    update[directive] = [*update.get(directive, []), *origins]
            if update:
                response._csp_update = update
        response = super().process_response(request, response)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response


def dynamic_sources():
    return [import_string(path) for path in getattr(settings, "CSP_DYNAMIC_SOURCES", [])]


def is_admin_path(path):
    return path.startswith(tuple(getattr(settings, "ADMIN_PATHS", ("/admin/", "/django-admin/"))))
