"""Which sections are hidden before the launch, as (page path, kind) rules for home/visibility.py.

Every page view and every sitemap file asks. The answer (plain strings) is kept in the shared cache for a minute,
per site, and forgotten as soon as the launch setting is saved or pages are published, moved or deleted; a miss
costs no query on pages (the setting is read with the others, see home/site_settings.py).
"""

from django.apps import apps
from django.core.cache import cache

from home.visibility import NOINDEX, PRIVATE

from .models import Visibility

SECTIONS = {"blog": "blog.BlogIndexPage", "directory": "resources.ResourceIndexPage"}
KINDS = {Visibility.NOINDEX: NOINDEX, Visibility.PRIVATE: PRIVATE}
CACHE_KEY = "launch:visibility"  # {site id: [[path, kind], ...]}
CACHE_SECONDS = 60


def rules(request, launch_settings):
    """`launch_settings(request)` reads the setting of the request's site (or the default site's)."""
    launch = launch_settings(request)
    if launch is None:
        return []
    known = cache.get(CACHE_KEY) or {}
    site = str(launch.site_id)
    if site not in known:
        known[site] = compute(launch)
        cache.set(CACHE_KEY, known, CACHE_SECONDS)
    return [tuple(rule) for rule in known[site]]


def compute(launch):
    chosen = {section: KINDS[kind] for section, kind in launch.visibility().items() if kind in KINDS}
    found = []
    for section, kind in chosen.items():
        model = apps.get_model(SECTIONS[section])
        found += [[page_path, kind] for page_path in model.objects.values_list("path", flat=True)]
    return found


def forget(**kwargs):
    cache.delete(CACHE_KEY)


def connect():
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import LaunchSettings

    post_save.connect(forget, sender=LaunchSettings, dispatch_uid="launch-visibility-settings")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget, dispatch_uid=f"launch-visibility-{signal!r}")
    post_delete.connect(forget_on_page_delete, dispatch_uid="launch-visibility-page-deleted")


def forget_on_page_delete(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        forget()
