"""The resources section's permissions (resources/permissions.py).

The failing-links report was open to every admin user: Editors and Moderators keep it. Importing needed the
"add page" model permission, which only superusers have by default: groups holding it get import_resources.
"""

from django.db import migrations

from ops.grants import grant, revoke

IMPORT = [("import_resources", "Can import resources from CSV")]
LINKS = [("view_linkhealth", "Can view link health")]


def forwards(apps, schema_editor):
    grant(apps, "resources", "resourcepage", IMPORT)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    importers = Group.objects.filter(permissions__content_type__app_label="wagtailcore", permissions__codename="add_page")
    import_resources = Permission.objects.get(content_type__app_label="resources", codename="import_resources")
    for group in importers:
        group.permissions.add(import_resources)
    grant(apps, "resources", "linkhealth", LINKS, groups=["Editors", "Moderators"])


def backwards(apps, schema_editor):
    revoke(apps, "resources", IMPORT)


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0005_resourcepage_search_text"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="resourcepage",
            options={"permissions": IMPORT, "verbose_name": "resource"},
        ),
        migrations.RunPython(forwards, backwards),
    ]
