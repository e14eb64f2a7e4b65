# Both 0003s (near-duplicate bands; translatable names) meet here.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0003_near_duplicate_bands"),
        ("moderation", "0003_translatable_names"),
    ]

    operations = []
