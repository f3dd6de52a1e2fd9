from django.core.management.base import BaseCommand

from ops import scheduler


class Command(BaseCommand):
    help = "Enqueue the periodic jobs that are due (once), for operators who prefer cron or a separate process."

    def handle(self, *args, **options):
        names = scheduler.enqueue_due()
        for name in names:
            self.stdout.write(f"enqueued {name}")
        if not names:
            self.stdout.write("nothing due")
