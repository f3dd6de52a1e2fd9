from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin import messages
from wagtail.snippets.models import register_snippet

from . import site_settings, visibility
from .tags import TagViewSet

register_snippet(TagViewSet)


@hooks.register("before_serve_page")
def preload_site_settings(page, request, serve_args, serve_kwargs):
    """The settings every page shows (and those its type asks for) in one query; see home/site_settings.py."""
    site_settings.preload(request, getattr(page, "site_settings_labels", ()))


@hooks.register("before_serve_page")
def refuse_private_sections(page, request, serve_args, serve_kwargs):
    """A section a feature app keeps private for now (home/visibility.py): "not found" for visitors."""
    visibility.refuse_private(page, request)


@hooks.register("construct_homepage_panels")
def add_todo_panel(request, panels):
    from .dashboard import TodoPanel

    panels.append(TodoPanel())


@hooks.register("after_delete_page")
def offer_a_redirect(request, page):
    """Wagtail 7.4's delete screen offers no redirect (its automatic ones cover moves and slug changes only)."""
    if not page.live or not request.user.has_perm("wagtailredirects.add_redirect"):
        return
    url_parts = page.get_url_parts(request=request)  # still known: the deleted page is in memory
    if not url_parts:
        return
    path = url_parts[2]
    messages.warning(
        request,
        f"Links to {path} (in search engines, emails, other sites) now find nothing. "
        f"Add a redirect from {path} to another page.",
        buttons=[messages.button(reverse("wagtailredirects:add"), "Add a redirect")],
    )


@hooks.register("insert_editor_js")
def schedule_dialog_js():
    """Closes the schedule dialog's date picker once a date is typed or picked, so "Save schedule" is in reach."""
    return format_html('<script src="{}" defer></script>', static("home/admin/schedule.js"))
