"""The analytics section's permissions (analytics/permissions.py), given to Wagtail's default groups.

Editors and Moderators keep seeing the report, as every admin user did; exporting it and sending the digest to
everyone who opted in are Moderators' (and superusers').
"""

from django.db import migrations

from ops.grants import grant, revoke

VIEW = [("view_report", "Can view analytics reports")]
MANAGE = [
    ("export_report", "Can export analytics reports as CSV"),
    ("send_digest", "Can send the analytics digest to every opted-in editor"),
]


def forwards(apps, schema_editor):
    grant(apps, "analytics", "dailystat", VIEW, groups=["Editors", "Moderators"])
    grant(apps, "analytics", "dailystat", MANAGE, groups=["Moderators"])


def backwards(apps, schema_editor):
    revoke(apps, "analytics", VIEW + MANAGE)


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="dailystat",
            options={"permissions": VIEW + MANAGE},
        ),
        migrations.RunPython(forwards, backwards),
    ]
