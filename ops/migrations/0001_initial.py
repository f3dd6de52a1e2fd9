from django.db import migrations, models


class Migration(migrations.Migration):
    """ScheduledJob, moved here from the home app. home's migration 0002 created its table; this records the model
    in ops without touching the database, so existing databases keep their rows and new ones get the table from
    home 0002. home's migration 0004 then forgets the model there."""

    initial = True

    dependencies = [
        ('home', '0002_scheduled_job'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ScheduledJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=255, unique=True)),
                        ('last_enqueued_at', models.DateTimeField(blank=True, null=True)),
                        ('next_run_at', models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        'db_table': 'home_scheduledjob',
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
