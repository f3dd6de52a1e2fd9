"""The default question (asked until an editor writes their own), and the research section's permissions
(research/permissions.py) for Wagtail's default groups: Editors and Moderators ask questions, read the answers
report and tag answers."""

from django.db import migrations

from ops.grants import grant, revoke

DEFAULT_QUESTION = "What are you hoping this will help you with?"
QUESTIONS = [
    ("add_question", "Can add question"),
    ("change_question", "Can change question"),
    ("view_question", "Can view question"),
]
ANSWERS = [("view_answer", "Can view answer"), ("change_answer", "Can change answer")]
TAGS = [
    ("add_answertag", "Can add answer tag"),
    ("change_answertag", "Can change answer tag"),
    ("delete_answertag", "Can delete answer tag"),
    ("view_answertag", "Can view answer tag"),
]
GROUPS = ["Editors", "Moderators"]


def forwards(apps, schema_editor):
    Question = apps.get_model("research", "Question")
    if not Question.objects.exists():
        Question.objects.create(text=DEFAULT_QUESTION, kind="text", active=True)
    grant(apps, "research", "question", QUESTIONS, groups=GROUPS)
    grant(apps, "research", "answer", ANSWERS, groups=GROUPS)
    grant(apps, "research", "answertag", TAGS, groups=GROUPS)


def backwards(apps, schema_editor):
    revoke(apps, "research", QUESTIONS + ANSWERS + TAGS)


class Migration(migrations.Migration):
    dependencies = [
        ("research", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
