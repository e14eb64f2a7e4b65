"""Decisions, screening terms, the screening policy and the learned model now belong to the
``moderation`` app (its 0001 takes them over); here they leave the ``comments`` state only.
The tables stay, untouched, for ``moderation`` to rename."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0005_comment_duplicate_key"),
        ("moderation", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ModerationDecision"),
                migrations.DeleteModel(name="ScreeningTerm"),
                migrations.DeleteModel(name="ScreeningPolicy"),
                migrations.DeleteModel(name="LearnedModelState"),
            ],
            database_operations=[],
        )
    ]
