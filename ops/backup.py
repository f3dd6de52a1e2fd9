"""Back up and restore the whole site (every installed app's data: content, settings, subscribers, history) and its
media references as one zip archive.

The archive holds `data.json` (Django serialisation with natural keys, so it loads into any database) and
`manifest.json` (when, from where, row counts per model, and every media file the content refers to). Media files
themselves live in MEDIA_ROOT or the bucket and are backed up there (docs/deploy.md); restore reports any that
are missing.
"""

import io
import json
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

FORMAT = 1
# Every installed app is backed up (so a new app or model, ours or a package's, is covered without a change here),
# except what is not data of its own. Each entry says why; tests/deploy/test_backup.py compares every other table.
EXCLUDE = {
    "contenttypes": "recreated by migrate/flush; the archive refers to content types by natural key",
    "auth.permission": "recreated by migrate/flush; referred to by natural key",
    "sessions": "logins: short-lived, and signed with the old server's SECRET_KEY",
    "wagtailcore.referenceindex": "rebuilt by `restore` (rebuild_references_index)",
    "wagtailsearch": "the search index: rebuilt by `restore` (update_index)",
    "wagtailimages.rendition": "resized copies: made again on first view",
    "wagtailadmin.editingsession": "who has an edit form open right now",
    "django_tasks_database": "the task queue: `run_worker` re-enqueues what is due (scheduled sends, periodic jobs)",
}


class RestoreError(Exception):
    pass


def media_references():
    files = []
    for label in ("wagtailimages.Image", "wagtaildocs.Document"):
        model = apps.get_model(label)
        for name in model.objects.order_by("pk").values_list("file", flat=True):
            if name:
                files.append(name)
    return files


def dump():
    serializers.register_serializer("launchkit-json", "ops.serializers")
    out = io.StringIO()
    call_command(
        "dumpdata",
        exclude=list(EXCLUDE),
        use_base_manager=True,  # every row, whatever a default manager filters
        natural_foreign=True,
        format="launchkit-json",
        indent=None,
        stdout=out,
    )
    return out.getvalue()


def create(path):
    data = dump()
    counts = Counter(row["model"] for row in json.loads(data))
    media = media_references()
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "site": settings.WAGTAIL_SITE_NAME,
        "base_url": settings.BASE_URL,
        "counts": dict(sorted(counts.items())),
        "media": media,
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        archive.writestr("data.json", data)
    tmp.replace(path)  # never a half-written archive under the real name
    return manifest


def read(path):
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read("manifest.json"))
            data = archive.read("data.json").decode()
    except (OSError, KeyError, zipfile.BadZipFile, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise RestoreError(f"{path} is not a Launchkit backup: {error}") from error
    if manifest.get("format") != FORMAT:
        raise RestoreError(f"{path} has backup format {manifest.get('format')}; this version reads {FORMAT}.")
    return manifest, data


def database_is_empty():
    """Freshly migrated: Wagtail's root and welcome page at most, no users, no subscribers."""
    page = apps.get_model("wagtailcore.Page")
    user = apps.get_model(settings.AUTH_USER_MODEL)
    subscriber = apps.get_model("newsletter.Subscriber")
    return not (page.objects.filter(depth__gt=2).exists() or user.objects.exists() or subscriber.objects.exists())


def restore(path, force=False):
    manifest, data = read(path)
    if not force and not database_is_empty():
        raise RestoreError("The database already has content. Restore into an empty, migrated database (or --force).")
    with tempfile.TemporaryDirectory() as tmp, transaction.atomic():
        fixture = Path(tmp) / "launchkit-backup.json"
        fixture.write_text(data)
        # Wagtail's migrations seed a root page, site, collection, groups and workflow; the backup has its own.
        # flush re-creates content types and permissions, which the archive refers to by natural key.
        call_command("flush", interactive=False, verbosity=0)
        # loaddata also resets PostgreSQL's sequences past the restored ids.
        call_command("loaddata", str(fixture), verbosity=0)
    counts = Counter(row["model"] for row in json.loads(data))
    missing = [name for name in manifest["media"] if not default_storage.exists(name)]
    return manifest, counts, missing
