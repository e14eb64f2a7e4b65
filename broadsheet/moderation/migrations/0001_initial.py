"""The moderators' records move here from ``comments``, tables and rows untouched.

The models are taken over in the migration state as they were (on their old tables); the next
migration renames the tables. Nothing is copied, so nothing can be lost.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("comments", "0005_comment_duplicate_key"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LearnedModelState",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("model", models.BinaryField()),
                        ("n_seen", models.PositiveIntegerField(default=0)),
                        (
                            "trained_through",
                            models.DateTimeField(
                                help_text="Decisions up to this time have been learned from."
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "db_table": "comments_learnedmodelstate",
                        "verbose_name": "learned screening model",
                    },
                ),
                migrations.CreateModel(
                    name="ScreeningPolicy",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "auto_approve",
                            models.BooleanField(
                                default=False,
                                help_text="Publish low-risk comments from commenters (same e-mail address) who already have enough approved comments. Off: every comment waits for a moderator.",
                            ),
                        ),
                        ("auto_approve_min_approved", models.PositiveIntegerField(default=5)),
                        ("auto_approve_max_risk", models.FloatField(default=0.15)),
                        (
                            "auto_spam",
                            models.BooleanField(
                                default=False,
                                help_text="Move comments at or above the threshold to the Spam tab (kept, never deleted).",
                            ),
                        ),
                        ("auto_spam_threshold", models.FloatField(default=0.95)),
                        (
                            "learned_min_decisions",
                            models.PositiveIntegerField(
                                default=50,
                                help_text="The learned model takes part once this many decisions exist.",
                            ),
                        ),
                        (
                            "retrain_every",
                            models.PositiveIntegerField(
                                default=25,
                                help_text="Retrain the learned model after this many new decisions.",
                            ),
                        ),
                        (
                            "allowed_domains",
                            models.TextField(
                                blank=True,
                                help_text="One domain a line: links to these never count as spam.",
                            ),
                        ),
                        (
                            "blocked_domains",
                            models.TextField(
                                blank=True,
                                help_text="One domain a line: links to these mark a comment as spam.",
                            ),
                        ),
                        (
                            "site",
                            models.OneToOneField(
                                editable=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                to="wagtailcore.site",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "comments_screeningpolicy",
                        "verbose_name": "screening policy",
                    },
                ),
                migrations.CreateModel(
                    name="ScreeningTerm",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("phrase", models.CharField(max_length=200)),
                        (
                            "language",
                            models.CharField(default="en", help_text="e.g. en, tr", max_length=8),
                        ),
                        (
                            "severity",
                            models.CharField(
                                choices=[
                                    ("banned", "Banned (recommend reject)"),
                                    ("suspect", "Suspect (recommend review)"),
                                    ("allowed", "Allowed (never flag this phrase)"),
                                ],
                                max_length=10,
                            ),
                        ),
                        (
                            "category",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("illegal", "Illegal"),
                                    ("threat", "Threat"),
                                    ("insult", "Insult"),
                                    ("vulgar", "Vulgar"),
                                    ("sexual", "Sexual"),
                                    ("hate", "Hate"),
                                    ("defamation", "Defamation"),
                                    ("personal_data", "Personal data"),
                                    ("spam", "Spam"),
                                    ("off_topic", "Off-topic"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("note", models.CharField(blank=True, max_length=300)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "db_table": "comments_screeningterm",
                        "ordering": ["phrase"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("phrase", "language"), name="screening_term_unique"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ModerationDecision",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "actor",
                            models.CharField(
                                help_text="The moderator's username, kept if the account goes.",
                                max_length=150,
                            ),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "from_status",
                            models.CharField(
                                choices=[
                                    ("pending", "Pending"),
                                    ("approved", "Approved"),
                                    ("rejected", "Rejected"),
                                    ("spam", "Spam"),
                                ],
                                max_length=10,
                            ),
                        ),
                        (
                            "to_status",
                            models.CharField(
                                choices=[
                                    ("pending", "Pending"),
                                    ("approved", "Approved"),
                                    ("rejected", "Rejected"),
                                    ("spam", "Spam"),
                                ],
                                max_length=10,
                            ),
                        ),
                        (
                            "reason",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("illegal", "Illegal"),
                                    ("threatening", "Threatening"),
                                    ("insulting", "Insulting or swearing"),
                                    ("derogatory", "Derogatory"),
                                    ("defamatory", "Defamatory"),
                                    ("vulgar", "Vulgar or pornographic"),
                                    ("personal_data", "Personal data"),
                                    ("spam", "Spam"),
                                    ("off_topic", "Off-topic"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("note", models.TextField(blank=True)),
                        (
                            "comment",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="decisions",
                                to="comments.comment",
                            ),
                        ),
                        (
                            "moderator",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "comments_moderationdecision",
                        "ordering": ["created_at", "pk"],
                        "indexes": [models.Index(fields=["created_at"], name="decision_created")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
