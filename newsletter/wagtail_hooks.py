from django.urls import path, reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from ops.csvexport import SafeCsvExportMixin
from ops.page_buttons import register_page_button
from ops.permissions import ExportCheckedIndexView, PolicyMenuItem

from . import admin_views, profile
from .landing import confirmed_count
from .models import BlockedDomain, Campaign, Subscriber, Tag
from .permissions import SendColumn, campaign_permissions, subscriber_permissions
from .signals import is_blog_post


class SubscriberIndexView(SafeCsvExportMixin, ExportCheckedIndexView):
    """The subscriber list; its CSV download carries what visitors typed, so formulas are neutralised."""


def profile_button(subscriber, priority=5):
    return Button(
        "Profile", reverse("newsletter_subscriber_profile", args=[subscriber.pk]), icon_name="user", priority=priority
    )


class SubscriberEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        return [profile_button(self.object), *super().header_more_buttons]


def profile_link(subscriber):
    return format_html('<a href="{}">Profile</a>', reverse("newsletter_subscriber_profile", args=[subscriber.pk]))


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    permission_policy = subscriber_permissions
    index_view_class = SubscriberIndexView
    edit_view_class = SubscriberEditView
    icon = "user"
    menu_label = "Subscribers"
    list_display = [
        "email",
        Column("profile", label="Profile", accessor=profile_link),
        "status",
        "source",
        "created_at",
        "confirmed_at",
        "source_path",
        "utm_source",
    ]
    list_filter = {"status": ["exact"], "tags": ["exact"], "source": ["exact"], "created_at": ["gte", "lte"]}
    list_export = [
        "email",
        "status",
        "source",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "source_path",
        "referrer",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_term",
        "utm_content",
        "tag_names",
        "referral_code",
        "referred_by_email",
    ]
    export_headings = {"tag_names": "tags", "referral_code": "referral_code", "referred_by_email": "referred_by"}
    export_filename = "subscribers"
    search_fields = ["email"]
    ordering = ["-created_at"]
    list_per_page = 50

    def get_queryset(self, request):
        return Subscriber.objects.select_related("referred_by").prefetch_related("tags")


class CampaignViewSet(SnippetViewSet):
    model = Campaign
    permission_policy = campaign_permissions
    icon = "mail"
    menu_label = "Issues"
    list_display = [
        "subject",
        "status",
        "scheduled_at",
        Column("progress", label="Progress", accessor="progress_label"),
        SendColumn("send", label="", accessor="send_link"),
        Column("results", label="", accessor="results_link"),
    ]
    list_filter = ["status"]
    search_fields = ["subject"]
    ordering = ["-created_at"]


class TagViewSet(SnippetViewSet):
    model = Tag
    icon = "tag"
    menu_label = "Tags"
    list_display = ["name", "public"]


class BlockedDomainViewSet(SnippetViewSet):
    model = BlockedDomain
    icon = "warning"
    menu_label = "Blocked domains"
    list_display = ["domain", "note"]
    search_fields = ["domain"]


class NewsletterGroup(SnippetViewSetGroup):
    menu_label = "Newsletter"
    menu_icon = "mail"
    menu_order = 300
    items = (CampaignViewSet, SubscriberViewSet, TagViewSet, BlockedDomainViewSet)

    def get_submenu_items(self):
        # The import belongs with the subscribers, not at the top level of the sidebar.
        items = super().get_submenu_items()
        import_item = PolicyMenuItem(
            "Import subscribers",
            reverse_lazy("newsletter_import"),
            icon_name="upload",
            order=99,
            policy=subscriber_permissions,
            action="import",
        )
        return [*items, import_item]


register_snippet(NewsletterGroup)


@hooks.register("register_admin_urls")
def newsletter_admin_urls():
    return [
        path("newsletter/issues/<id:pk>/send/", admin_views.campaign_send, name="newsletter_campaign_send"),
        path(
            "newsletter/issues/<id:pk>/send/confirm/",
            admin_views.CampaignSendConfirmView.as_view(),
            name="newsletter_campaign_send_confirm",
        ),
        path(
            "newsletter/issues/<id:pk>/preview/<str:mode>/",
            admin_views.campaign_preview,
            name="newsletter_campaign_preview",
        ),
        path(
            "newsletter/issues/<id:pk>/results/",
            admin_views.CampaignResultsView.as_view(),
            name="newsletter_campaign_results",
        ),
        path("newsletter/import/", admin_views.import_subscribers, name="newsletter_import"),
        path("newsletter/subscribers/<id:pk>/profile/", profile.profile, name="newsletter_subscriber_profile"),
        path("newsletter/subscribers/<id:pk>/notes/", profile.add_note, name="newsletter_subscriber_note_add"),
        path(
            "newsletter/subscribers/<id:pk>/notes/<id:note_pk>/delete/",
            profile.delete_note,
            name="newsletter_subscriber_note_delete",
        ),
        path("newsletter/from-page/<id:page_id>/", admin_views.campaign_from_page, name="newsletter_from_page"),
    ]


class SendToSubscribersButton(Button):
    pass


def _send_button(page, user, priority):
    if is_blog_post(page) and page.live and campaign_permissions.user_has_permission(user, "add"):
        return SendToSubscribersButton(
            "Send to subscribers",
            reverse("newsletter_from_page", args=[page.pk]),
            icon_name="mail",
            priority=priority,
        )
    return None


page_listing_send_button, page_header_send_button = register_page_button(_send_button, 45, 55)


class UnsubscribeBulkAction(SnippetBulkAction):
    display_name = "Unsubscribe"
    action_type = "unsubscribe"
    aria_label = "Unsubscribe the selected subscribers"
    template_name = "newsletter/admin/confirm_bulk_action.html"
    models = [Subscriber]
    action_priority = 20

    def check_perm(self, obj):
        return subscriber_permissions.user_has_permission(self.request.user, "change")

    @classmethod
    def execute_action(cls, objects, **kwargs):
        count = 0
        for subscriber in objects:
            subscriber.unsubscribe(reason="Unsubscribed by an editor.")
            count += 1
        return count, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(n)d subscriber unsubscribed", "%(n)d subscribers unsubscribed", num_parent_objects) % {
            "n": num_parent_objects
        }


class TagBulkAction(SnippetBulkAction):
    display_name = "Add tag"
    action_type = "add_tag"
    aria_label = "Add a tag to the selected subscribers"
    template_name = "newsletter/admin/confirm_bulk_action.html"
    models = [Subscriber]
    form_class = admin_views.BulkTagForm
    action_priority = 25

    def check_perm(self, obj):
        return subscriber_permissions.user_has_permission(self.request.user, "change")

    def get_execution_context(self):
        return {**super().get_execution_context(), "tag": self.cleaned_form.cleaned_data["tag"]}

    @classmethod
    def execute_action(cls, objects, tag=None, **kwargs):
        tag.subscribers.add(*objects)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"Tagged {num_parent_objects} subscriber(s)."


hooks.register("register_bulk_action", UnsubscribeBulkAction)
hooks.register("register_bulk_action", TagBulkAction)


@hooks.register("construct_homepage_panels")
def add_newsletter_panel(request, panels):
    if subscriber_permissions.user_has_permission(request.user, "view"):
        panels.append(admin_views.NewsletterSummaryPanel())


@hooks.register("dashboard_todo")
def newsletter_todo(request):
    from home.dashboard import TodoItem

    if not campaign_permissions.user_has_permission(request.user, "send"):
        return []
    return [
        TodoItem(
            f"Issue “{campaign.subject}” is sending: {campaign.progress_label}",
            reverse("newsletter_campaign_send", args=[campaign.pk]),
            "Follow the send",
            icon="mail",
        )
        for campaign in Campaign.objects.filter(status=Campaign.Status.SENDING).order_by("pk")[:5]
    ]


@hooks.register("social_proof_count")
def confirmed_subscriber_count():
    """The landing page's live subscriber count (home.blocks.SocialProofBlock)."""
    return confirmed_count()


@hooks.register("register_sitemaps")
def newsletter_sitemaps():
    from .sitemaps import ArchivedIssueSitemap

    return {"newsletter": ArchivedIssueSitemap}


@hooks.register("register_permissions")
def newsletter_section_permissions():
    """Custom permissions show up on the group editing screen only when registered (snippets register theirs)."""
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="newsletter",
        codename__in=["send_campaign", "export_subscribers", "import_subscribers"],
    )


@hooks.register("subscriber_data")
def issue_clicks_in_subscriber_data(subscriber):
    """A subscriber's JSON download lists the issue links they clicked (and opens, if open tracking recorded any)."""
    from .results import subscriber_data

    return subscriber_data(subscriber)


@hooks.register("subscriber_profile_sections")
def issues_and_clicks_profile_section(request, subscriber):
    """The subscriber's admin screen (built by the research helper): the issues they got and what they clicked."""
    from .results import profile_section

    return profile_section(request, subscriber)


@hooks.register("load_demo_content", order=60)
def load_demo_newsletter_results(home_page):
    from .demo import load_sent_issue  # only `load_demo` needs the demo issue

    load_sent_issue(home_page)


@hooks.register("register_snippet_listing_buttons")
def subscriber_profile_button(snippet, user, next_url=None):
    if isinstance(snippet, Subscriber) and profile.may_view_profile(user):
        return [profile_button(snippet)]
    return []
