from django.db import migrations


class Migration(migrations.Migration):
    """ScheduledJob moved to the ops app. Only Django's record of models changes: the table
    home_scheduledjob and its rows stay, now owned by ops.ScheduledJob (ops/migrations/0001_initial.py)."""

    dependencies = [
        ('home', '0003_seo_noindex_robots'),
        ('ops', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='ScheduledJob')],
            database_operations=[],
        ),
    ]
