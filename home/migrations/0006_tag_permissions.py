"""Editors and Moderators manage tags from the admin's Tags screen (home/tags.py)."""

from django.db import migrations

from ops.grants import grant

TAGS = [
    ("add_tag", "Can add tag"),
    ("change_tag", "Can change tag"),
    ("delete_tag", "Can delete tag"),
    ("view_tag", "Can view tag"),
]


def forwards(apps, schema_editor):
    grant(apps, "taggit", "tag", TAGS, groups=["Editors", "Moderators"])


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    tag_permissions = Permission.objects.filter(content_type__app_label="taggit", content_type__model="tag")
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.remove(*tag_permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_link_paths_on_this_site"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
