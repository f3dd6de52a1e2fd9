from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resources.importexport import import_csv


class Command(BaseCommand):
    help = "Import resources from a CSV file (the export's columns). All rows or none; --dry-run only checks."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="CSV file with name, url, description[, category, kind, pricing, tags, featured]"
        )
        parser.add_argument("--dry-run", action="store_true", help="Check every row and report; change nothing.")

    def handle(self, *args, path, dry_run, **options):
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Can't read {path}: {error.strerror}") from None

        def progress(done, total):
            if done == total or done % 50 == 0:
                self.stdout.write(f"[{done}/{total}] rows written")

        report = import_csv(data, dry_run=dry_run, progress=progress)
        for line, message in report.errors:
            self.stderr.write(f"Line {line}: {message}" if line else message)
        if report.errors:
            raise CommandError(f"{len(report.errors)} problem(s) found; nothing was imported.")
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            self.style.SUCCESS(f"{report.created} resource(s) {verb} created and {report.updated} {verb} updated.")
        )
