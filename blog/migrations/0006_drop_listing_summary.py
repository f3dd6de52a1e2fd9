"""Drop the listing summary merged into the summary by 0005, and explain the two fields that stay.

A migration of its own: on PostgreSQL a table can't be altered in the transaction that updated its rows.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('blog', '0005_one_description_and_image_alt'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='blogpostpage',
            name='listing_summary',
        ),
        migrations.AlterField(
            model_name='blogpostpage',
            name='hero_alt',
            field=models.CharField(blank=True, help_text="Leave empty to use the image's description from the image library. Fill in only when this post needs the image described differently.", max_length=250, verbose_name='hero image alt text'),
        ),
        migrations.AlterField(
            model_name='blogpostpage',
            name='summary',
            field=models.TextField(help_text="One or two sentences for cards, feeds, social networks and search engines (the Promote tab's Search description overrides it for search engines only).", max_length=300),
        ),
    ]
