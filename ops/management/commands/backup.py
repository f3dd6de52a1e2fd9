from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from ops import backup


class Command(BaseCommand):
    help = "Write content (pages, revisions, snippets, settings), media references and subscribers to a zip archive."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Archive to write (default: var/backups/launchkit-<time>.zip).")

    def handle(self, *args, path=None, **options):
        path = path or settings.VAR_DIR / "backups" / f"launchkit-{timezone.now():%Y%m%d-%H%M%S}.zip"
        self.stdout.write(f"Exporting to {path}...")
        manifest = backup.create(path)
        for model, count in manifest["counts"].items():
            self.stdout.write(f"  {model}: {count}")
        self.stdout.write(f"  media files referenced: {len(manifest['media'])} (back them up from the media storage)")
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path}"))
