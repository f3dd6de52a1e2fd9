import threading

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from ops import scheduler


class Command(DbWorkerCommand):
    help = "Run background tasks (db_worker) together with the periodic-job scheduler. Run as many as you like."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--no-scheduler", action="store_true", help="Only run tasks; enqueue no periodic jobs.")
        parser.add_argument("--scheduler-tick", type=float, default=15.0, help="Seconds between scheduler checks.")

    def handle(self, *args, **options):
        stop = threading.Event()
        if not options.pop("no_scheduler"):
            tick = options.pop("scheduler_tick")
            thread = threading.Thread(target=scheduler.run_forever, args=(stop, tick), daemon=True, name="scheduler")
            thread.start()
        else:
            options.pop("scheduler_tick")
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
