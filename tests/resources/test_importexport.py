import csv
import io
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from resources.importexport import import_csv
from resources.models import ResourcePage
from tests.factories import ResourcePageFactory

pytestmark = pytest.mark.django_db

HEADER = "name,url,description,category,kind,pricing,tags,featured\n"


@pytest.fixture
def listed(directory):
    page = ResourcePageFactory(
        parent=directory,
        title="Segment",
        external_url="https://segment.com/",
        category=directory.categories["analytics"],
    )
    page.tags.add("events")
    page.save_revision().publish()
    return page


def test_csv_export(client, listed):
    response = client.get("/resources/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["name"] == "Segment" and rows[0]["category"] == "Analytics" and rows[0]["tags"] == "events"


def test_json_export(client, listed):
    data = client.get("/resources/export.json").json()
    assert data["resources"][0]["url"] == "https://segment.com/"


def test_the_downloads_are_stored_by_the_page_cache_and_fresh_after_a_publish(client, listed, directory):
    first = client.get("/resources/export.json")
    assert "public" in first["Cache-Control"] and first["X-Wagtail-Cache"] == "miss"
    assert client.get("/resources/export.json")["X-Wagtail-Cache"] == "hit"
    listed.title = "Segment CDP"
    listed.save_revision().publish()
    fresh = client.get("/resources/export.json")
    assert fresh["X-Wagtail-Cache"] == "miss" and fresh.json()["resources"][0]["name"] == "Segment CDP"


def test_renders_of_the_downloads_are_limited_per_client_address(client, listed, settings):
    """A made-up query string skips the page cache, so each one renders: those renders are what is limited."""
    settings.RESOURCES_EXPORT_RATE = "2/h"
    assert client.get("/resources/export.csv?a=1").status_code == 200
    assert client.get("/resources/export.json?a=2").status_code == 200
    refused = client.get("/resources/export.csv?a=3")
    assert refused.status_code == 429 and "Too many downloads" in refused.content.decode()
    assert client.get("/resources/export.csv", REMOTE_ADDR="192.0.2.7").status_code == 200  # another address


def test_export_then_import_round_trips(client, listed):
    exported = client.get("/resources/export.csv").content
    report = import_csv(exported, dry_run=False)
    assert report.ok, report.errors
    assert (report.created, report.updated) == (0, 1)


def test_import_creates_and_updates(listed):
    data = HEADER + (
        'Plausible,https://plausible.io/,Cookieless analytics.,Analytics,service,paid,"analytics, privacy",yes\n'
        "Segment,https://segment.com/,New words.,analytics,service,freemium,,no\n"
    )
    dry = import_csv(data.encode(), dry_run=True)
    assert dry.ok and (dry.created, dry.updated) == (1, 1)
    assert not ResourcePage.objects.filter(title="Plausible").exists()
    report = import_csv(data.encode(), dry_run=False)
    assert report.ok
    plausible = ResourcePage.objects.get(title="Plausible")
    assert plausible.live and plausible.featured and plausible.category.slug == "analytics"
    assert sorted(t.name for t in plausible.tags.all()) == ["analytics", "privacy"]
    assert ResourcePage.objects.get(external_url="https://segment.com/").description == "New words."


def test_import_reports_every_row_error_and_writes_nothing(listed):
    data = HEADER + (
        "Good,https://good.example/,Fine.,,,,,\n"
        ",https://noname.example/,No name.,,,,,\n"
        "Bad URL,not a url,Words.,,,,,\n"
        "Bad kind,https://kind.example/,Words.,,wizard,,,\n"
        "Bad cat,https://cat.example/,Words.,Nowhere,,,,\n"
        "Bad flag,https://flag.example/,Words.,,,,,maybe\n"
        "Dup,https://good.example/,Again.,,,,,\n"
    )
    report = import_csv(data.encode(), dry_run=False)
    lines = sorted({line for line, _ in report.errors})
    assert lines == [3, 4, 5, 6, 7, 8]
    assert not ResourcePage.objects.filter(title="Good").exists()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\xff\xfe\x00garbage", "UTF-8"),
        (b"title,link\nx,y\n", "no column"),
        (b"", "no column"),
    ],
)
def test_import_rejects_bad_files(listed, data, message):
    report = import_csv(data, dry_run=False)
    assert message in report.errors[0][1]


def test_import_is_all_or_nothing_even_when_writing_fails(listed, monkeypatch):
    data = HEADER + "A,https://a.example/,A.,,,,,\nB,https://b.example/,B.,,,,,\n"
    calls = []
    original = ResourcePage.save_revision

    def failing_save_revision(self, *args, **kwargs):
        calls.append(self.title)
        if self.title == "B":
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ResourcePage, "save_revision", failing_save_revision)
    with pytest.raises(RuntimeError):
        import_csv(data.encode(), dry_run=False)
    assert calls == ["A", "B"]
    assert not ResourcePage.objects.filter(title__in=["A", "B"]).exists()


def test_import_command(tmp_path, listed):
    path = tmp_path / "in.csv"
    path.write_text(HEADER + "Plausible,https://plausible.io/,Analytics.,,,,,\n")
    out = StringIO()
    call_command("import_resources", str(path), "--dry-run", stdout=out)
    assert "1 resource(s) would be created" in out.getvalue()
    assert not ResourcePage.objects.filter(title="Plausible").exists()
    call_command("import_resources", str(path), stdout=StringIO())
    assert ResourcePage.objects.filter(title="Plausible").exists()
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + ",,,\n")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_resources", str(bad), stdout=StringIO(), stderr=err)
    assert "Line 2" in err.getvalue()
    with pytest.raises(CommandError, match="Can't read"):
        call_command("import_resources", str(tmp_path / "missing.csv"))


def test_admin_import_view(admin_client, listed):
    assert admin_client.get("/admin/resources/import/").status_code == 200
    upload = SimpleUploadedFile("r.csv", (HEADER + "Bad,nope,x,,,,,\n").encode(), content_type="text/csv")
    response = admin_client.post("/admin/resources/import/", {"file": upload, "dry_run": "on"})
    assert response.status_code == 200
    assert b"Line 2" in response.content and b"nothing was imported" in response.content
    upload = SimpleUploadedFile("r.csv", (HEADER + "Good,https://good.example/,Fine.,,,,,\n").encode())
    response = admin_client.post("/admin/resources/import/", {"file": upload})
    assert ResourcePage.objects.filter(title="Good").exists()
    assert admin_client.post("/admin/resources/import/", {}).status_code == 200
