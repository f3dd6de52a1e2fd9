"""The distribution section's permissions (distribution/permissions.py), given to Wagtail's default groups.

Editors and Moderators build campaign links and read the Campaigns report; exporting the report is Moderators'
(and superusers'), like the analytics report's export. Ticking a post's channels needs no permission of its own:
whoever may edit the post may tick it.
"""

from django.db import migrations

from ops.grants import grant, revoke

LINKS = [
    ("add_campaignlink", "Can add campaign link"),
    ("change_campaignlink", "Can change campaign link"),
    ("delete_campaignlink", "Can delete campaign link"),
    ("view_campaignlink", "Can view campaign link"),
]
REPORT = [("view_campaigns_report", "Can view the campaigns report")]
EXPORT = [("export_campaigns_report", "Can export the campaigns report as CSV")]


def forwards(apps, schema_editor):
    grant(apps, "distribution", "campaignlink", LINKS + REPORT, groups=["Editors", "Moderators"])
    grant(apps, "distribution", "campaignlink", EXPORT, groups=["Moderators"])


def backwards(apps, schema_editor):
    revoke(apps, "distribution", REPORT + EXPORT)


class Migration(migrations.Migration):
    dependencies = [
        ("distribution", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
