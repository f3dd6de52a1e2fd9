from io import StringIO

import pytest
from django.core.management import call_command

from resources.linkcheck import check_all, check_url
from resources.models import LinkHealth, ResourcePage
from resources.tasks import check_links_weekly
from tests.factories import ResourcePageFactory

pytestmark = pytest.mark.django_db


def test_ok(link_server):
    result = check_url(link_server.url + "/ok")
    assert result.ok and result.status_code == 200
    method, _, agent = link_server.requests[0]
    assert method == "HEAD"
    assert agent.startswith("Launchkit-LinkChecker/") and "http://testserver/" in agent


def test_redirect_is_followed_and_recorded(link_server):
    result = check_url(link_server.url + "/moved")
    assert result.ok
    assert result.final_url == link_server.url + "/ok"
    assert result.redirects == [{"status": 301, "url": "/ok"}]


@pytest.mark.parametrize("path, status", [("/missing", 404), ("/broken", 500)])
def test_errors(link_server, path, status):
    result = check_url(link_server.url + path)
    assert not result.ok and result.status_code == status
    # HEAD failed, so GET was tried too.
    assert [r[0] for r in link_server.requests] == ["HEAD", "GET"]


def test_head_refused_falls_back_to_get(link_server):
    result = check_url(link_server.url + "/no-head")
    assert result.ok and result.status_code == 200
    assert [r[0] for r in link_server.requests] == ["HEAD", "GET"]


def test_hanging_server_times_out(link_server):
    result = check_url(link_server.url + "/hang", request_timeout=0.5)
    assert not result.ok
    assert "Timed out" in result.error


def test_unreachable_and_non_http():
    assert check_url("http://127.0.0.1:1/").error
    assert check_url("ftp://example.com/").error == "Not an http(s) URL"


@pytest.fixture
def resources(directory, link_server):
    return {
        path: ResourcePageFactory(parent=directory, title=path, external_url=link_server.url + path)
        for path in ("/ok", "/moved", "/missing", "/broken", "/hang")
    }


def test_check_all_concurrently_records_health(resources, settings):
    settings.RESOURCES_DEAD_AFTER_FAILURES = 2
    results = check_all(ResourcePage.objects.all(), workers=5, request_timeout=0.5)
    assert len(results) == 5
    health = {h.resource.title: h for h in LinkHealth.objects.select_related("resource")}
    assert health["/ok"].status_code == 200 and health["/ok"].last_ok_at and not health["/ok"].consecutive_failures
    assert health["/moved"].final_url.endswith("/ok") and health["/moved"].redirects
    assert health["/missing"].status_code == 404 and health["/missing"].consecutive_failures == 1
    assert health["/broken"].status_code == 500
    assert "Timed out" in health["/hang"].error
    assert not any(h.dead for h in health.values())

    check_all(ResourcePage.objects.all(), workers=5, request_timeout=0.5)
    health = {h.resource.title: h for h in LinkHealth.objects.select_related("resource")}
    assert {title for title, h in health.items() if h.dead} == {"/missing", "/broken", "/hang"}
    assert health["/missing"].consecutive_failures == 2
    assert health["/missing"].last_ok_at is None


def test_recovery_resets_failures(resources, link_server):
    page = resources["/missing"]
    LinkHealth.objects.create(resource=page, consecutive_failures=5, dead=True)
    page.external_url = link_server.url + "/ok"
    page.save_revision().publish()
    check_all(ResourcePage.objects.filter(pk=page.pk))
    health = LinkHealth.objects.get(resource=page)
    assert not health.dead and health.consecutive_failures == 0


def test_command_shows_progress(resources, settings):
    settings.RESOURCES_LINK_CHECK_TIMEOUT = 0.5
    out = StringIO()
    call_command("check_links", stdout=out, no_color=True)
    output = out.getvalue()
    assert "Checking 5 links" in output
    assert "[5/5]" in output
    assert "404" in output and "500" in output and "Timed out" in output
    assert "Done: 2 OK, 3 failing." in output


def test_weekly_task_is_registered_and_runs(resources, settings):
    from ops import scheduler

    settings.RESOURCES_LINK_CHECK_TIMEOUT = 0.5
    jobs = scheduler.discover()
    assert check_links_weekly.module_path in jobs
    assert jobs[check_links_weekly.module_path].every.days == 7
    result = check_links_weekly.enqueue()
    assert result.return_value == {"checked": 5, "failing": 3}


def test_failing_links_report(admin_client, resources, settings):
    settings.RESOURCES_LINK_CHECK_TIMEOUT = 0.5
    check_all(ResourcePage.objects.all())
    response = admin_client.get("/admin/reports/failing-links/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "/missing" in content and "/broken" in content
    assert ">/ok<" not in content
    export = admin_client.get("/admin/reports/failing-links/?export=csv")
    assert export.status_code == 200
    assert b"/missing" in b"".join(export.streaming_content) if export.streaming else export.content


def test_report_needs_admin(client, directory):
    response = client.get("/admin/reports/failing-links/")
    assert response.status_code == 302
