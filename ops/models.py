from django.db import models


class ScheduledJob(models.Model):
    """When each periodic job last ran and next runs; see ops/scheduler.py."""

    name = models.CharField(max_length=255, unique=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    next_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The model began in the home app: its table keeps that name, and existing databases keep their rows.
        db_table = "home_scheduledjob"

    def __str__(self):
        return self.name
