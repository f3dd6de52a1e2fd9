from django.core.management.base import BaseCommand

from resources.linkcheck import check_all
from resources.models import ResourcePage


class Command(BaseCommand):
    help = "Check every resource's link concurrently and record its health."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=None, help="Concurrent checks (default 8).")
        parser.add_argument("--timeout", type=float, default=None, help="Seconds per request (default 10).")
        parser.add_argument("--live-only", action="store_true", help="Only check published resources.")

    def handle(self, *args, **options):
        resources = ResourcePage.objects.live() if options["live_only"] else ResourcePage.objects.all()
        total = resources.count()
        self.stdout.write(f"Checking {total} links…")

        def progress(done, count, url, result):
            label = result.status_code or result.error
            style = self.style.SUCCESS if result.ok else self.style.ERROR
            redirects = f" → {result.final_url}" if result.redirects else ""
            self.stdout.write(f"[{done}/{count}] " + style(f"{label}") + f" {url}{redirects}")

        results = check_all(
            resources, workers=options["workers"], progress=progress, request_timeout=options["timeout"]
        )
        failing = sum(1 for result in results.values() if not result.ok)
        self.stdout.write(self.style.SUCCESS(f"Done: {len(results) - failing} OK, {failing} failing."))
