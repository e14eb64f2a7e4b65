"""One table for the purges either cache layer did not take: PendingFrontPurge's rows move in."""

from django.db import migrations, models


def move_front_purges(apps, schema_editor):
    front = apps.get_model("core", "PendingFrontPurge")
    pending = apps.get_model("core", "PendingPurge")
    rows = [
        pending(layer="front", target=row.url, created_at=row.created_at)
        for row in front.objects.all().iterator()
    ]
    pending.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


def move_back(apps, schema_editor):
    front = apps.get_model("core", "PendingFrontPurge")
    pending = apps.get_model("core", "PendingPurge")
    kept = pending.objects.filter(layer="front")
    front.objects.bulk_create(
        [front(url=row.target, created_at=row.created_at) for row in kept.iterator()],
        batch_size=500,
        ignore_conflicts=True,
    )
    kept.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_pendingfrontpurge"),
    ]

    operations = [
        migrations.RenameField(model_name="pendingpurge", old_name="path", new_name="target"),
        migrations.AlterField(model_name="pendingpurge", name="target", field=models.TextField()),
        migrations.AddField(
            model_name="pendingpurge",
            name="layer",
            field=models.CharField(
                choices=[("page", "page cache (a path)"), ("front", "front cache (a full URL)")],
                default="page",
                max_length=8,
            ),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="pendingpurge",
            constraint=models.UniqueConstraint(
                fields=("layer", "target"), name="pending_purge_once"
            ),
        ),
        migrations.AlterModelOptions(
            name="pendingpurge",
            options={"verbose_name": "pending purge", "verbose_name_plural": "pending purges"},
        ),
        migrations.RunPython(move_front_purges, move_back),
        migrations.DeleteModel(name="PendingFrontPurge"),
    ]
