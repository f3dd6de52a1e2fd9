"""Data-migration helper: create an app's custom permissions and give them to groups.

Django creates permissions after all migrations ran (post_migrate), too late for a migration that hands them to
groups; this creates them first, with the historical models a migration passes in.
"""


def grant(apps, app_label, model_name, codenames, groups=(), holders_of=None):
    """Give `codenames` of `app_label` (creating them on `model_name` if needed) to the named `groups`, and to every
    group holding the `holders_of` codename, so groups keep what that permission used to allow."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
    permissions = []
    for codename, name in codenames:
        permission, _ = Permission.objects.get_or_create(
            content_type__app_label=app_label, codename=codename, defaults={"content_type": content_type, "name": name}
        )
        permissions.append(permission)
    receivers = set(Group.objects.filter(name__in=groups))
    if holders_of:
        receivers |= set(
            Group.objects.filter(permissions__content_type__app_label=app_label, permissions__codename=holders_of)
        )
    for group in receivers:
        group.permissions.add(*permissions)


def revoke(apps, app_label, codenames):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label=app_label, codename__in=[c for c, _ in codenames]).delete()
