from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Subscriber


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = "Subscribers"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["email", "status", "created_at", "source_path", "utm_source"]
    list_filter = ["status"]
    search_fields = ["email"]
    ordering = ["-created_at"]


register_snippet(SubscriberViewSet)
