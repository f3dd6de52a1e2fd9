from datetime import timedelta

from django.conf import settings
from django.urls import path, reverse, reverse_lazy
from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ops.csvexport import SafeCsvExportMixin
from ops.page_buttons import register_page_button
from ops.permissions import ExportCheckedIndexView, PolicyMenuItem

from . import admin_views
from .models import Contact, MessageTemplate
from .permissions import CUSTOM, contact_permissions, template_permissions


class ContactIndexView(SafeCsvExportMixin, ExportCheckedIndexView):
    """The contact list; its CSV download carries what editors and imports typed, so formulas are neutralised."""


class ContactViewSet(SnippetViewSet):
    model = Contact
    permission_policy = contact_permissions
    index_view_class = ContactIndexView
    icon = "user"
    menu_label = "Contacts"
    list_display = ["name", "email", "kind", "status", "follow_up_on"]
    list_filter = {"status": ["exact"], "kind": ["exact"], "follow_up_on": ["lte"]}
    list_export = ["name", "email", "kind", "website", "status", "follow_up_on", "notes", "created_at"]
    export_filename = "outreach-contacts"
    search_fields = ["name", "email", "website", "notes"]
    ordering = ["name"]
    list_per_page = 50


class MessageTemplateViewSet(SnippetViewSet):
    model = MessageTemplate
    permission_policy = template_permissions
    icon = "doc-full"
    menu_label = "Templates"
    list_display = ["name", "use_for", "subject"]
    list_filter = ["use_for"]
    search_fields = ["name", "subject", "body"]


class OutreachGroup(SnippetViewSetGroup):
    """One "Outreach" entry in the sidebar: contacts, due follow-ups, results, templates and the import."""

    menu_label = "Outreach"
    menu_icon = "mail"
    menu_order = 320
    items = (ContactViewSet, MessageTemplateViewSet)

    def get_submenu_items(self):
        contacts, templates = super().get_submenu_items()
        extra = [
            ("Due follow-ups", "outreach_due", "time", "view"),
            ("Results", "outreach_results", "view", "view"),
            ("Import contacts", "outreach_import", "upload", "import"),
        ]
        items = [
            PolicyMenuItem(label, reverse_lazy(name), icon_name=icon, order=order, policy=contact_permissions, action=a)
            for order, (label, name, icon, a) in enumerate(extra, start=10)
        ]
        return [contacts, items[0], items[1], templates, items[2]]


register_snippet(OutreachGroup)


@hooks.register("register_admin_urls")
def outreach_admin_urls():
    return [
        path("outreach/contacts/<id:pk>/write/", admin_views.compose, name="outreach_compose"),
        path("outreach/contacts/<id:pk>/status/", admin_views.set_status, name="outreach_set_status"),
        path("outreach/contacts/<id:pk>/data/", admin_views.contact_data, name="outreach_contact_data"),
        path("outreach/due/", admin_views.due, name="outreach_due"),
        path("outreach/results/", admin_views.results, name="outreach_results"),
        path("outreach/import/", admin_views.import_contacts, name="outreach_import"),
        path("outreach/partner/<id:page_id>/", admin_views.tell_partner, name="outreach_tell_partner"),
        path("outreach/post/<id:page_id>/", admin_views.post_mentions, name="outreach_post_mentions"),
        path("outreach/post/<id:page_id>/add/", admin_views.contact_from_link, name="outreach_contact_from_link"),
    ]


@hooks.register("register_snippet_listing_buttons")
def contact_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, Contact):
        return []
    buttons = []
    if contact_permissions.user_has_permission(user, "send"):
        buttons.append(
            Button("Write", url=reverse("outreach_compose", args=[snippet.pk]), icon_name="mail", priority=5)
        )
    if contact_permissions.user_has_permission(user, "export"):
        buttons.append(
            Button(
                "Download data",
                url=reverse("outreach_contact_data", args=[snippet.pk]),
                icon_name="download",
                priority=40,
            )
        )
    return buttons


def is_partner(page):
    from resources.models import Kind, ResourcePage

    return isinstance(page.specific_deferred, ResourcePage) and page.specific_deferred.kind == Kind.PARTNER


def is_post(page):
    from blog.models import BlogPostPage

    return isinstance(page.specific_deferred, BlogPostPage)


def shortcut_button(page, user, priority):
    if not contact_permissions.user_has_permission(user, "send"):
        return None
    if is_partner(page):
        url = reverse("outreach_tell_partner", args=[page.pk])
        return Button("Tell this partner they are listed", url, icon_name="mail", priority=priority)
    if is_post(page):
        url = reverse("outreach_post_mentions", args=[page.pk])
        return Button("Tell the people this post mentions", url, icon_name="mail", priority=priority)
    return None


page_listing_outreach_button, page_header_outreach_button = register_page_button(shortcut_button, 46, 56)


@hooks.register("distribute_actions")
def tell_mentioned_people(request, page):
    """On the Distribute screen (distribution app): write to the people and sites the post mentions."""
    if not contact_permissions.user_has_permission(request.user, "send"):
        return []
    return [
        {
            "text": "Tell the people this post mentions",
            "url": reverse("outreach_post_mentions", args=[page.pk]),
            "icon": "mail",
        }
    ]


@hooks.register("dashboard_todo")
def outreach_todo(request):
    from home.dashboard import TodoItem

    if not contact_permissions.user_has_permission(request.user, "view"):
        return []
    due = Contact.objects.due().count()
    if not due:
        return []
    return [
        TodoItem(
            f"{due} follow-up{'s' if due != 1 else ''} due today",
            reverse("outreach_due"),
            "Write the follow-ups",
            icon="mail",
        )
    ]


@hooks.register("weekly_digest_sections")
def follow_ups_in_digest(start, end):
    """Follow-ups due on the day the digest goes out (the day after the week it reports)."""
    day = end + timedelta(days=1)
    contacts = list(Contact.objects.due(day)[:20])
    if not contacts:
        return []
    url = settings.BASE_URL + reverse("outreach_due")
    return [
        {
            "heading": "Follow-ups due",
            "items": [{"text": f"{c.name} (due {c.follow_up_on:%b %d})", "url": url} for c in contacts],
        }
    ]


@hooks.register("load_demo_content", order=60)
def load_demo_outreach(home_page):
    from .demo import load_outreach

    return load_outreach(home_page)


@hooks.register("register_permissions")
def outreach_section_permissions():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="outreach", codename__in=CUSTOM)
