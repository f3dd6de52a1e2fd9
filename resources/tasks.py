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


@task()
def tell_editors_of_suggestion(suggestion_id):
    """Email the editors who can approve it about a new suggestion."""
    from .models import ResourceSuggestion
    from .notifications import tell_editors

    suggestion = ResourceSuggestion.objects.pending().filter(pk=suggestion_id).first()
    return tell_editors(suggestion) if suggestion else 0


@task()
def tell_visitor_of_decision(suggestion_id):
    """Email the visitor who suggested it (when they left an address) whether it was approved or rejected."""
    from .models import ResourceSuggestion
    from .notifications import tell_visitor

    suggestion = ResourceSuggestion.objects.filter(pk=suggestion_id).first()
    return tell_visitor(suggestion) if suggestion else 0
