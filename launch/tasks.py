"""The launch's periodic job: run by every `manage.py run_worker`; the flip itself happens once (launch/flip.py)."""

from datetime import timedelta

from django_tasks import task

from ops.scheduler import periodic

from .flip import flip_due_sites


@periodic(every=timedelta(minutes=1))
@task()
def launch_when_due():
    return len(flip_due_sites())
