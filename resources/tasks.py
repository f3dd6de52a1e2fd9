from datetime import timedelta

from django_tasks import task

from ops.scheduler import periodic


@periodic(every=timedelta(days=7))
@task()
def check_links_weekly():
    """Check every resource's link; `manage.py run_worker` enqueues this once a week."""
    from .linkcheck import check_all
    from .models import ResourcePage

    results = check_all(ResourcePage.objects.all())
    return {"checked": len(results), "failing": sum(1 for r in results.values() if not r.ok)}
