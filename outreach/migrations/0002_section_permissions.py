"""The outreach section's permissions (outreach/permissions.py), given to Wagtail's default groups.

Editors and Moderators keep contacts and write to them (writing is one message to one person, by hand). Exporting,
importing and deleting contacts, and editing the templates, are Moderators' (and superusers').
"""

from django.db import migrations

from ops.grants import grant, revoke

SEND = [("send_outreach", "Can write to outreach contacts")]
EXPORT = [("export_contacts", "Can export outreach contacts")]
IMPORT = [("import_contacts", "Can import outreach contacts")]
CONTACTS = [
    ("view_contact", "Can view contact"),
    ("add_contact", "Can add contact"),
    ("change_contact", "Can change contact"),
]
DELETE = [("delete_contact", "Can delete contact")]
TEMPLATES_VIEW = [("view_messagetemplate", "Can view message template")]
TEMPLATES_MANAGE = [
    ("add_messagetemplate", "Can add message template"),
    ("change_messagetemplate", "Can change message template"),
    ("delete_messagetemplate", "Can delete message template"),
]


def forwards(apps, schema_editor):
    grant(apps, "outreach", "contact", CONTACTS + SEND, groups=["Editors", "Moderators"])
    grant(apps, "outreach", "contact", DELETE + EXPORT + IMPORT, groups=["Moderators"])
    grant(apps, "outreach", "messagetemplate", TEMPLATES_VIEW, groups=["Editors", "Moderators"])
    grant(apps, "outreach", "messagetemplate", TEMPLATES_MANAGE, groups=["Moderators"])


def backwards(apps, schema_editor):
    revoke(apps, "outreach", SEND + EXPORT + IMPORT)


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0001_contacts_templates_messages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
