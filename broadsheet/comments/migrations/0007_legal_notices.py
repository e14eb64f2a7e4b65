"""Legal notices are kept, version by version; each comment points at the one it was shown.

Existing comments recorded only a version number. The current version's text is known (the
settings hold it); older versions' texts were never stored, so their rows say so instead of
pretending. Comments on articles outside every site's tree keep no notice.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# The default notice text of migration 0001, shown where a site never saved its settings.
DEFAULT_TEXT = (
    "Comments are read by an editor before they are published. By posting you accept that you "
    "are legally responsible for what you write. We will not publish, and you may be held "
    "liable for, comments that are criminal or incite crime; threaten, harass or intimidate; "
    "are offensive, insulting or use abusive language; are derogatory or hateful towards any "
    "person or group; are defamatory; are vulgar, pornographic or indecent; reveal personal "
    "data or violate anyone's privacy or personality rights; or are otherwise damaging, such "
    "as spam, advertising or fraud. We keep your IP address for a limited time to deal with "
    "abuse and share it only when the law requires."
)
UNRECORDED = "[The text of this version was not recorded: versions were kept from {date} on.]"


def record_notices(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Comment = apps.get_model("comments", "Comment")
    CommentSettings = apps.get_model("comments", "CommentSettings")
    LegalNotice = apps.get_model("comments", "LegalNotice")
    language = settings.LANGUAGE_CODE
    today = django.utils.timezone.now().date().isoformat()
    for site in Site.objects.select_related("root_page"):
        rules = CommentSettings.objects.filter(site=site).first()
        current = rules.notice_version if rules else 1
        text = rules.legal_notice if rules else DEFAULT_TEXT
        comments = Comment.objects.filter(article__path__startswith=site.root_page.path)
        versions = set(comments.values_list("notice_version", flat=True).distinct())
        for version in sorted(versions | {current}):
            notice = LegalNotice.objects.create(
                site=site,
                version=version,
                language=language,
                text=text if version == current else UNRECORDED.format(date=today),
            )
            comments.filter(notice_version=version).update(notice=notice)
            if rules is not None and version == current:
                CommentSettings.objects.filter(pk=rules.pk).update(current_notice=notice)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0006_moderation_models_moved"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="LegalNotice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.PositiveIntegerField()),
                ("language", models.CharField(max_length=16)),
                ("text", models.TextField()),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "created_by",
                    models.CharField(
                        blank=True, help_text="Who saved this version (username).", max_length=150
                    ),
                ),
                (
                    "site",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.site",
                    ),
                ),
            ],
            options={
                "ordering": ["site", "language", "version"],
            },
        ),
        migrations.AddField(
            model_name="comment",
            name="notice",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="comments",
                to="comments.legalnotice",
            ),
        ),
        migrations.AddField(
            model_name="commentsettings",
            name="current_notice",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="comments.legalnotice",
            ),
        ),
        migrations.AddConstraint(
            model_name="legalnotice",
            constraint=models.UniqueConstraint(
                fields=("site", "language", "version"), name="legal_notice_version"
            ),
        ),
        migrations.RunPython(record_notices, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="comment",
            name="notice_version",
        ),
    ]
