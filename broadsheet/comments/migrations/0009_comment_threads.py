"""Each reply knows its thread and when the thread began; each article keeps its approved count.

A reply's visibility no longer hangs on its parent's, so the article page reads one page of
threads from an index instead of every (id, parent) pair of the article.
"""

import django.db.models.deletion
import django.db.models.functions.comparison
from django.db import migrations, models
from django.db.models import Count, F


def fill(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    ArticleCommentCount = apps.get_model("comments", "ArticleCommentCount")
    top = Comment.objects.filter(parent__isnull=True)
    top.update(thread_started_at=F("created_at"))
    # Then each depth below: a reply takes its parent's thread and start.
    threads = {pk: (pk, started) for pk, started in top.values_list("pk", "created_at")}
    level = list(threads)
    while level:
        below = list(Comment.objects.filter(parent_id__in=level).values_list("pk", "parent_id"))
        for pk, parent_id in below:
            threads[pk] = threads[parent_id]
            root, started = threads[pk]
            Comment.objects.filter(pk=pk).update(thread_id=root, thread_started_at=started)
        level = [pk for pk, _ in below]
    approved = (
        Comment.objects.filter(status="approved")
        .order_by()
        .values("article_id")
        .annotate(n=Count("pk"))
    )
    ArticleCommentCount.objects.bulk_create(
        [ArticleCommentCount(article_id=row["article_id"], approved=row["n"]) for row in approved]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0008_comment_moderators_group"),
        ("news", "0002_create_homepage"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleCommentCount",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="news.articlepage",
                    ),
                ),
                ("approved", models.IntegerField(default=0)),
            ],
        ),
        migrations.RemoveIndex(
            model_name="comment",
            name="comment_thread",
        ),
        migrations.AddField(
            model_name="comment",
            name="thread",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="comments.comment",
            ),
        ),
        migrations.AddField(
            model_name="comment",
            name="thread_started_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                models.F("article"),
                models.F("status"),
                models.F("thread_started_at"),
                django.db.models.functions.comparison.Coalesce("thread", "id"),
                name="comment_thread_page",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
