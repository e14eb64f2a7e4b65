"""The article page's index: its approved (id, parent) pairs, oldest first, from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0003_screening"),
        ("news", "0002_create_homepage"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                fields=["article", "status", "created_at", "id", "parent"], name="comment_thread"
            ),
        ),
        migrations.RemoveIndex(
            model_name="comment",
            name="comment_article",
        ),
    ]
