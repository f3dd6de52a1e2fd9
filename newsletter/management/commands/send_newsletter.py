import sys
import time

from django.core.management.base import BaseCommand, CommandError

from newsletter import sending, tasks
from newsletter.models import Campaign
from ops.params import parse_int


def bar(done, total, width=40):
    filled = int(width * done / total) if total else width
    percent = int(100 * done / total) if total else 100
    return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {percent:3d}%"


class Command(BaseCommand):
    help = "Send a newsletter issue (by id or slug) and show its progress. Workers send unless --inline."

    def add_arguments(self, parser):
        parser.add_argument("issue", help="The issue's id or slug.")
        parser.add_argument("--inline", action="store_true", help="Send from this process instead of the workers.")
        parser.add_argument("--no-wait", action="store_true", help="Start (or resume) the send and return at once.")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between progress updates.")

    def handle(self, issue, inline, no_wait, interval, **options):
        pk = parse_int(issue)
        lookup = {"pk": pk} if pk is not None else {"slug": issue}
        campaign = Campaign.objects.filter(**lookup).first()
        if campaign is None:
            raise CommandError(f"No issue {issue!r}.")
        resuming = campaign.status == Campaign.Status.SENDING
        if campaign.status in (Campaign.Status.DRAFT, Campaign.Status.SCHEDULED):
            if inline:
                Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.SCHEDULED, scheduled_at=_now())
            else:
                tasks.schedule(campaign, _now())
        elif campaign.status == Campaign.Status.SENDING:
            self.stdout.write("Resuming a send in progress.")
        else:
            raise CommandError(f"This issue is {campaign.get_status_display().lower()}.")

        if inline:
            sending.start(campaign.pk)
            total = Campaign.objects.get(pk=campaign.pk).recipients
            done = [campaign.stats()["done"]]

            def progress():
                done[0] += 1
                if done[0] % 50 == 0 or done[0] == total:
                    self._show(done[0], total)

            sending.Sender(campaign.pk, progress=progress).run()
            sending.finish_if_done(campaign.pk)
            if done[0] % 50:
                self._show(done[0], total)
        else:
            if resuming:
                tasks.resume_sends.call()
            if no_wait:
                self.stdout.write("Queued for the workers (manage.py run_worker).")
                return
            while True:
                campaign.refresh_from_db()
                stats = campaign.stats()
                self._show(stats["done"], stats["total"])
                if campaign.status in (Campaign.Status.SENT, Campaign.Status.CANCELLED):
                    break
                time.sleep(interval)
        campaign.refresh_from_db()
        stats = campaign.stats()
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"{campaign.get_status_display()}: {stats['sent']} sent, {stats['failed']} failed, "
                f"{stats['skipped']} skipped, {stats['unknown']} outcome unknown, "
                f"{stats['queued'] + stats['sending']} still queued."
            )
        )

    def _show(self, done, total):
        end = "\r" if sys.stdout.isatty() else "\n"
        self.stdout.write(bar(done, total), ending=end)
        self.stdout.flush()


def _now():
    from django.utils import timezone

    return timezone.now()
