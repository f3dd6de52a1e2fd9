"""One permission policy per admin section, built on Wagtail's ModelPermissionPolicy.

Wagtail's policy maps an action to `<app>.<action>_<model>` ("view" -> newsletter.view_subscriber). A section also
has actions of its own (send an issue, export subscribers): `SectionPermissionPolicy` maps those to custom
permissions declared in the model's Meta.permissions, and answers for both kinds the same way. Each app keeps its
policies in `<app>/permissions.py`; views, menu items, panels and buttons all ask them:

    @campaign_permissions.require("send")          # a view: 403 without the permission
    campaign_permissions.check(request, "export")  # inside a view, for one branch of it
    PolicyMenuItem(..., policy=..., action="view")  # a menu item shown only to those who may
"""

from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import IndexView


class SectionPermissionPolicy(ModelPermissionPolicy):
    def __init__(self, model, custom_actions=None):
        """`custom_actions` maps an action to a permission codename in `model`'s app: {"send": "send_campaign"}."""
        super().__init__(model)
        self.custom_actions = dict(custom_actions or {})

    def codename(self, action):
        if action in self.custom_actions:
            return self.custom_actions[action]
        return f"{action}_{self.model._meta.model_name}"

    def permission_name(self, action):
        return f"{self.model._meta.app_label}.{self.codename(action)}"

    def user_has_permission(self, user, action):
        return user.is_active and user.has_perm(self.permission_name(action))

    def users_with_any_permission(self, actions):
        permissions = Permission.objects.filter(
            content_type__app_label=self.model._meta.app_label,  # a custom action may name another model's permission
            codename__in={self.codename(action) for action in actions},
        )
        granted = Q(is_superuser=True) | Q(user_permissions__in=permissions) | Q(groups__permissions__in=permissions)
        return get_user_model().objects.filter(granted, is_active=True).distinct()

    def check(self, request, action):
        """Raise PermissionDenied (403) unless the request's user may do `action`."""
        if not self.user_has_permission(request.user, action):
            raise PermissionDenied

    def require(self, action):
        """A view decorator: 403 unless the user may do `action`."""

        def decorator(view):
            @wraps(view)
            def checked(request, *args, **kwargs):
                self.check(request, action)
                return view(request, *args, **kwargs)

            return checked

        return decorator


class PolicyMenuItem(MenuItem):
    """A menu item shown only to users the policy allows `action`."""

    def __init__(self, *args, policy, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy, self.action = policy, action

    def is_shown(self, request):
        return self.policy.user_has_permission(request.user, self.action)


class ExportCheckedIndexView(IndexView):
    """A snippet listing whose spreadsheet download needs the policy's "export" action: hidden, and 403, without."""

    def dispatch(self, request, *args, **kwargs):
        if self.is_export and not self.permission_policy.user_has_permission(request.user, "export"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def show_export_buttons(self):
        return super().show_export_buttons and self.permission_policy.user_has_permission(self.request.user, "export")
