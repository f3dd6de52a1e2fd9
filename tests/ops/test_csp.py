"""ops.csp.SecurityHeadersMiddleware: the public and admin policies, dynamic origins and Permissions-Policy."""

from csp.decorators import csp_update
from django.http import HttpResponse

from ops.csp import SecurityHeadersMiddleware


def dynamic_source(request):
    return {"img-src": ["https://dynamic.example"]}


def directive(response, name):
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())
    return policy[name].split()


@csp_update({"img-src": ["https://view.example"]})
def page(request):
    return HttpResponse("<p>Hello</p>", content_type="text/html")


def test_dynamic_origins_add_to_a_view_s_own_update(rf, settings):
    settings.CSP_DYNAMIC_SOURCES = ["tests.ops.test_csp.dynamic_source"]
    response = SecurityHeadersMiddleware(page)(rf.get("/pricing/"))
    assert {"https://view.example", "https://dynamic.example"} <= set(directive(response, "img-src"))
    assert "'unsafe-inline'" not in directive(response, "script-src")
    assert response["Permissions-Policy"] == settings.PERMISSIONS_POLICY


def test_the_admin_gets_its_policy_and_no_dynamic_origins(rf, settings):
    settings.CSP_DYNAMIC_SOURCES = ["tests.ops.test_csp.dynamic_source"]
    response = SecurityHeadersMiddleware(page)(rf.get("/admin/pages/"))
    assert "'unsafe-inline'" in directive(response, "script-src")
    assert "https://dynamic.example" not in directive(response, "img-src")
