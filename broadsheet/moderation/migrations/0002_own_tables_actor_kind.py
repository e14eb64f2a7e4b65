"""The moderators' tables get their own names; every decision records its actor's kind.

Existing decisions: those by "screening" are screening's, every other one a moderator's (the
only two kinds there were). Content types and the permissions on them move with the models,
so groups keep what they were given.
"""

from django.db import migrations, models

MOVED = ("moderationdecision", "screeningterm", "screeningpolicy", "learnedmodelstate")


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="moderation", model=model).exists():
            ContentType.objects.filter(app_label="comments", model=model).update(
                app_label="moderation"
            )


def set_actor_kinds(apps, schema_editor):
    Decision = apps.get_model("moderation", "ModerationDecision")
    Decision.objects.filter(actor="screening", moderator__isnull=True).update(
        actor_kind="screening"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("comments", "0006_moderation_models_moved"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="moderationdecision", table=None),
        migrations.AlterModelTable(name="screeningterm", table=None),
        migrations.AlterModelTable(name="screeningpolicy", table=None),
        migrations.AlterModelTable(name="learnedmodelstate", table=None),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
        migrations.AddField(
            model_name="moderationdecision",
            name="actor_kind",
            field=models.CharField(
                choices=[
                    ("moderator", "Moderator"),
                    ("screening", "Screening"),
                    ("system", "System"),
                    ("import", "Import"),
                    ("reader", "Reader"),
                ],
                default="moderator",
                max_length=10,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(set_actor_kinds, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="moderationdecision",
            name="actor",
            field=models.CharField(
                help_text="The moderator's username, kept if the account goes.", max_length=150
            ),
        ),
        migrations.AddIndex(
            model_name="moderationdecision",
            index=models.Index(fields=["actor_kind", "created_at"], name="decision_actor_kind"),
        ),
    ]
