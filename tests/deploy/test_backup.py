import io
import json
import zipfile

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import QuerySet
from django.test import Client
from PIL import Image as PILImage
from wagtail.contrib.redirects.models import Redirect
from wagtail.images.models import Image
from wagtail.models import Collection, Page, Revision
from wagtailseo.models import SeoSettings

from home.models import NavigationSettings
from newsletter.models import Subscriber
from ops import backup
from tests.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
    SubscriberFactory,
)
from tests.home.test_landing_page import FULL_BODY

pytestmark = pytest.mark.django_db(transaction=True)


def png():
    out = io.BytesIO()
    PILImage.new("RGB", (2, 2), "blue").save(out, "PNG")
    return out.getvalue()


def page_html(url="/"):
    """The page as a visitor sees it (public pages carry no per-visitor token or time)."""
    return Client().get(url).content.decode()


def snapshot():
    """Everything the backup covers, serialised; ids and all."""
    return sorted(json.loads(backup.dump()), key=lambda row: (row["model"], str(row["pk"])))


@pytest.fixture
def site_content(home_page):
    home_page.body = FULL_BODY
    home_page.save_revision().publish()
    home_page.title = "Launchkit (draft)"
    home_page.save_revision()  # an unpublished draft revision
    blog = BlogIndexPageFactory(parent=home_page)
    for n in range(3):
        BlogPostPageFactory(parent=blog, title=f"Post {n}")
    resources = ResourceIndexPageFactory(parent=home_page)
    ResourcePageFactory(parent=resources, title="Segment", featured=True)
    SubscriberFactory.create_batch(3, status="confirmed", utm_source="hn")
    SubscriberFactory(status="pending", email="Mixed.Case@Example.com")
    nav = NavigationSettings.for_site(home_page.get_site())
    nav.footer_text = "Made with care."
    nav.save()
    # Transactional tests flush migrations' data, the root collection with it.
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    Image.objects.create(
        title="Logo", file=SimpleUploadedFile("logo.png", png()), width=2, height=2, collection=collection
    )
    Redirect.objects.create(old_path="/old", redirect_page=blog)
    get_user_model().objects.create_superuser("admin", "admin@example.com", "pw-123456789")
    return home_page


def is_excluded(model):
    meta = model._meta  # Django's documented Model _meta API
    label = (meta.auto_created._meta if meta.auto_created else meta).label_lower
    return meta.app_label in backup.EXCLUDE or label in backup.EXCLUDE


def natural(model, pk):
    """Content types and permissions get new ids in a new database: compare them by name."""
    if model is ContentType:
        return tuple(ContentType.objects.filter(pk=pk).values_list("app_label", "model").first() or (pk,))
    perm = Permission.objects.filter(pk=pk).select_related("content_type").first()
    return (perm.codename, perm.content_type.app_label) if perm else (pk,)


def all_tables():
    """Every row of every installed model's table (many-to-many tables too), as the database stores it, foreign keys
    to content types and permissions by name. New models are covered without changing this test."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if is_excluded(model) or model._meta.proxy:
            continue
        fields = model._meta.concrete_fields
        if model._meta.auto_created:  # a many-to-many table: its rows' own ids are not data
            fields = [field for field in fields if not field.primary_key]
        rows = []
        for values in QuerySet(model).values_list(*[field.attname for field in fields]):
            row = []
            for field, value in zip(fields, values, strict=True):
                target = field.related_model if field.is_relation else None
                if target in (ContentType, Permission) and value:
                    row.append(natural(target, value))
                else:
                    row.append(repr(field.get_prep_value(value)))  # StreamFields as their stored JSON
            rows.append(tuple(row))
        tables[model._meta.db_table] = sorted(rows, key=repr)
    return tables


def test_backup_and_restore_round_trip_every_table_and_every_setting(site_content, tmp_path):
    seo = SeoSettings.for_site(site_content.get_site())
    logo = Image.objects.get(title="Logo")
    seo.twitter_site = "@launchkit"
    seo.struct_org_name = "Launchkit Ltd"
    seo.struct_org_logo = logo
    seo.og_image_default = logo
    seo.save()
    page_html()  # every other site setting row, as the first page view creates them
    before = all_tables()
    assert before["wagtailseo_seosettings"] and before["home_navigationsettings"]
    archive = tmp_path / "site.zip"
    call_command("backup", str(archive), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    assert not SeoSettings.objects.exists()

    call_command("restore", str(archive), stdout=io.StringIO())

    after = all_tables()
    assert set(after) == set(before)
    assert {table: rows for table, rows in after.items() if rows != before[table]} == {}
    seo = SeoSettings.for_site(site_content.get_site())
    assert (seo.twitter_site, seo.struct_org_logo, seo.og_image_default) == ("@launchkit", logo, logo)
    assert "@launchkit" in page_html()  # the restored site renders its Twitter handle again


def test_only_rebuilt_or_transient_tables_stay_out_of_a_backup():
    left_out = {model._meta.label_lower for model in apps.get_models(include_auto_created=True) if is_excluded(model)}
    assert {label.split(".")[0] for label in left_out} <= {
        "contenttypes",
        "auth",
        "sessions",
        "wagtailcore",
        "wagtailsearch",
        "wagtailimages",
        "wagtailadmin",
        "django_tasks_database",
    }
    assert "auth.user" not in left_out and "wagtailcore.page" not in left_out


def test_backup_and_restore_round_trip_loses_nothing(site_content, tmp_path):
    html_before = page_html()  # (creates settings rows on first read)
    before = snapshot()
    archive = tmp_path / "site.zip"
    call_command("backup", str(archive), stdout=io.StringIO())

    with zipfile.ZipFile(archive) as zipped:
        manifest = json.loads(zipped.read("manifest.json"))
    assert manifest["counts"]["newsletter.subscriber"] == 4
    assert manifest["counts"]["blog.blogpostpage"] == 3
    assert any(name.startswith("original_images/logo") for name in manifest["media"])

    # An empty database: everything deleted, as after `migrate` on a new server.
    call_command("flush", interactive=False, verbosity=0)
    assert not Subscriber.objects.exists() and not Page.objects.exists()

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Restored the backup" in out.getvalue()
    assert snapshot() == before
    assert Revision.objects.filter(object_str="Launchkit (draft)").exists()
    assert Subscriber.objects.get(status="pending").email == "Mixed.Case@Example.com"
    # The site works on the restored data, and new rows get fresh ids (sequences were reset).
    assert page_html() == html_before
    assert Client().get("/old").status_code == 301
    SubscriberFactory()
    assert Subscriber.objects.count() == 5


def test_restore_refuses_a_database_with_content(site_content, tmp_path):
    archive = tmp_path / "site.zip"
    call_command("backup", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already has content"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Subscriber.objects.count() == 4


@pytest.mark.parametrize("content", [b"", b"not a zip", None])
def test_restore_rejects_bad_archives_cleanly(tmp_path, content, db):
    path = tmp_path / "bad.zip"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("manifest.json", json.dumps({"format": 99}))
            archive.writestr("data.json", "[]")
    else:
        path.write_bytes(content)
    with pytest.raises(CommandError):
        call_command("restore", str(path), stdout=io.StringIO())
