"""Starting templates for the shortcuts: short, human, one clear benefit. Editors change them; a template that
exists (by name) is left alone."""

from django.db import migrations

TEMPLATES = [
    {
        "name": "You are listed",
        "use_for": "listed",
        "subject": "{resource} is listed on {site}",
        "body": (
            "Hi {name},\n\n"
            "I run {site} and just listed {resource} in our directory of tools for developers who market their "
            "products: {resource_url}\n\n"
            "Nothing to do on your side. If anything in the entry is wrong, reply and I'll fix it.\n\n"
            "Thanks for building it!"
        ),
    },
    {
        "name": "Your work is mentioned",
        "use_for": "mentioned",
        "subject": "I mentioned your work in “{post}”",
        "body": (
            "Hi {name},\n\n"
            "I wrote about {post} and your work is part of it: {post_url}\n\n"
            "I thought you'd like to know. If you find it useful, a share would mean a lot.\n\n"
            "Thanks!"
        ),
    },
    {
        "name": "Friendly follow-up",
        "use_for": "follow_up",
        "subject": "Following up",
        "body": (
            "Hi {name},\n\n"
            "Just bringing my last note back to the top of your inbox, in case it got buried. "
            "No worries if it's not a fit.\n\n"
            "Thanks!"
        ),
    },
]


def forwards(apps, schema_editor):
    MessageTemplate = apps.get_model("outreach", "MessageTemplate")
    for data in TEMPLATES:
        MessageTemplate.objects.get_or_create(name=data["name"], defaults=data)


class Migration(migrations.Migration):
    dependencies = [("outreach", "0002_section_permissions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
