"""Back up and restore the site's content, media references and subscribers as one zip archive.

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
WAGTAIL_AND_AUTH = [
    "auth.user",
    "auth.group",
    "wagtailcore",
    "wagtailusers",
    "wagtailimages",
    "wagtaildocs",
    "wagtailredirects",
    "taggit",
]
# Rebuilt from the rest after a restore. Sessions, task results and admin logs are not content and stay out.
EXCLUDE = ["wagtailcore.referenceindex", "wagtailimages.rendition"]


class RestoreError(Exception):
    pass


def project_apps():
    base = str(settings.BASE_DIR)
    return [
        config.label
        for config in apps.get_app_configs()
        if str(config.path).startswith(base)
        and not str(config.path).startswith(f"{base}/.venv")
        and list(config.get_models())
    ]


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
        *WAGTAIL_AND_AUTH,
        *project_apps(),
        exclude=EXCLUDE,
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
