"""The dashboard's "To do" panel: what waits for an editor, gathered from the feature apps.

Home knows none of the apps; each registers a `dashboard_todo` hook, called with the request, that returns a list of
TodoItem (nothing to do: an empty list). The panel shows them in the order of the hooks, in Wagtail's panel style.
"""

from dataclasses import dataclass

from wagtail import hooks
from wagtail.admin.ui.components import Component


@dataclass
class TodoItem:
    text: str  # e.g. "3 suggestions wait for review"
    url: str  # where the editor does it
    action: str  # the link's words, e.g. "Review them"
    icon: str = "warning"


class TodoPanel(Component):
    name = "todo"
    order = 10
    template_name = "home/admin/todo_panel.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        items = [item for hook in hooks.get_hooks("dashboard_todo") for item in hook(request)]
        return {"items": items}
