"""Store each comment's duplicate key, so screening spots copies with one indexed lookup.

Screening compares a new comment with those of the last hour only, so only they are keyed
here; older comments keep "" (never compared again).
"""

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone

RECENT_WINDOW = timedelta(hours=1)


def key_recent_comments(apps, schema_editor):
    from broadsheet.screening.links_spam import duplicate_key

    Comment = apps.get_model("comments", "Comment")
    recent = Comment.objects.filter(created_at__gte=timezone.now() - RECENT_WINDOW)
    for pk, text in recent.values_list("pk", "text").iterator():
        Comment.objects.filter(pk=pk).update(duplicate_key=duplicate_key(text))


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0004_thread_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="duplicate_key",
            field=models.CharField(blank=True, default="", editable=False, max_length=32),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(fields=["duplicate_key", "created_at"], name="comment_duplicate"),
        ),
        migrations.RunPython(key_recent_comments, migrations.RunPython.noop, elidable=True),
    ]
