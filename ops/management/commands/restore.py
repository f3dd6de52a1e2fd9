from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ops import backup


class Command(BaseCommand):
    help = "Restore a `manage.py backup` archive into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--force", action="store_true", help="Replace whatever content the database has.")

    def handle(self, *args, path, force=False, **options):
        self.stdout.write(f"Restoring {path}...")
        try:
            manifest, counts, missing = backup.restore(path, force=force)
        except backup.RestoreError as error:
            raise CommandError(str(error)) from error
        for model, count in sorted(counts.items()):
            self.stdout.write(f"  {model}: {count}")
        self.stdout.write("Rebuilding the search and reference indexes...")
        call_command("update_index", verbosity=0)
        call_command("rebuild_references_index", verbosity=0)
        if missing:
            self.stdout.write(self.style.WARNING(f"{len(missing)} media files are not in the media storage yet:"))
            for name in missing[:20]:
                self.stdout.write(f"  {name}")
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest['created_at']}."))
