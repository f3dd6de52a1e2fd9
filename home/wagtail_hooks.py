from wagtail import hooks

from . import site_settings


@hooks.register("before_serve_page")
def preload_site_settings(page, request, serve_args, serve_kwargs):
    """The settings every page shows (and those its type asks for) in one query; see home/site_settings.py."""
    site_settings.preload(request, getattr(page, "site_settings_labels", ()))


@hooks.register("construct_homepage_panels")
def add_todo_panel(request, panels):
    from .dashboard import TodoPanel

    panels.append(TodoPanel())
