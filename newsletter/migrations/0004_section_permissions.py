"""The newsletter section's permissions (newsletter/permissions.py).

Groups keep what they could do: sending needed "change campaign", importing "add subscriber", so those groups get
send_campaign and import_subscribers. Exporting needed only "view subscriber"; it is now its own permission, given
with "change subscriber". Wagtail's default groups: Editors draft issues, Moderators also send them and manage
subscribers.
"""

from django.db import migrations

from ops.grants import grant, revoke

SEND = [("send_campaign", "Can send, schedule and cancel newsletter issues")]
EXPORT = [("export_subscribers", "Can export subscribers")]
IMPORT = [("import_subscribers", "Can import subscribers")]
DRAFT = [("add_campaign", "Can add newsletter issue"), ("change_campaign", "Can change newsletter issue")]
DRAFT += [("view_campaign", "Can view newsletter issue")]
SUBSCRIBERS = [("view_subscriber", "Can view subscriber"), ("change_subscriber", "Can change subscriber")]


def forwards(apps, schema_editor):
    grant(apps, "newsletter", "campaign", SEND, holders_of="change_campaign")
    grant(apps, "newsletter", "subscriber", IMPORT, holders_of="add_subscriber")
    grant(apps, "newsletter", "subscriber", EXPORT, holders_of="change_subscriber")
    grant(apps, "newsletter", "campaign", DRAFT, groups=["Editors", "Moderators"])
    grant(apps, "newsletter", "campaign", SEND, groups=["Moderators"])
    grant(apps, "newsletter", "subscriber", SUBSCRIBERS + EXPORT, groups=["Moderators"])


def backwards(apps, schema_editor):
    revoke(apps, "newsletter", SEND + EXPORT + IMPORT)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0003_seed_blocked_domains"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="campaign",
            options={"ordering": ["-created_at"], "permissions": SEND, "verbose_name": "newsletter issue"},
        ),
        migrations.AlterModelOptions(
            name="subscriber",
            options={"ordering": ["-created_at"], "permissions": EXPORT + IMPORT},
        ),
        migrations.RunPython(forwards, backwards),
    ]
