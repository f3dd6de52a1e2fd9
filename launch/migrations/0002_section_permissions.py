"""The launch section's permissions (launch/permissions.py), given to Wagtail's default Moderators group: the launch
setting chooses an issue that goes to every subscriber, and the report lists subscribers' addresses, so both belong
with those who send issues and manage subscribers."""

from django.db import migrations

from ops.grants import grant, revoke

SETTINGS = [("change_launchsettings", "Can change launch")]
REFERRERS = [("view_referrers", "Can view the top referrers")]


def forwards(apps, schema_editor):
    grant(apps, "launch", "launchsettings", SETTINGS + REFERRERS, groups=["Moderators"])


def backwards(apps, schema_editor):
    revoke(apps, "launch", REFERRERS)


class Migration(migrations.Migration):
    dependencies = [
        ("launch", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
