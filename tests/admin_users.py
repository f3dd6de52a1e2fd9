"""Signed-in admin users with exactly the permissions a test names: the editors permission tests are about."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission


def permission(name):
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def admin_editor(*perms, username="editor", groups=()):
    """A non-superuser who can use the admin, holding `perms` ("app.codename") and belonging to `groups`."""
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw")
    user.user_permissions.add(permission("wagtailadmin.access_admin"), *(permission(name) for name in perms))
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def sign_in_editor(client, *perms, **options):
    user = admin_editor(*perms, **options)
    client.force_login(user)
    return user


def denied(response):
    """Wagtail's answer to PermissionDenied in the admin: back to the dashboard with "Sorry, you do not have
    permission" (or a plain 403 where a view answers itself)."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")
