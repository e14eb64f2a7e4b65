"""Field labels, help texts and block labels marked for translation (no schema change)."""

import django.db.models.deletion
import modelcluster.contrib.taggit
import wagtail.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_create_homepage"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="articlepage",
            options={"verbose_name": "article", "verbose_name_plural": "articles"},
        ),
        migrations.AlterField(
            model_name="articlepage",
            name="body",
            field=wagtail.fields.StreamField(
                [("paragraph", 0), ("subheading", 1), ("pull_quote", 4), ("image", 8)],
                blank=True,
                block_lookup={
                    0: (
                        "wagtail.blocks.RichTextBlock",
                        (),
                        {"features": ["bold", "italic", "link", "ol", "ul"], "label": "Paragraph"},
                    ),
                    1: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "form_classname": "title",
                            "label": "Subheading",
                            "max_length": 200,
                            "template": "news/blocks/subheading.html",
                        },
                    ),
                    2: ("wagtail.blocks.TextBlock", (), {"label": "Quote"}),
                    3: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Attribution", "max_length": 200, "required": False},
                    ),
                    4: (
                        "wagtail.blocks.StructBlock",
                        [[("text", 2), ("attribution", 3)]],
                        {"label": "Pull quote"},
                    ),
                    5: ("wagtail.images.blocks.ImageChooserBlock", (), {"label": "Image"}),
                    6: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Caption", "max_length": 300, "required": False},
                    ),
                    7: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Credit", "max_length": 200, "required": False},
                    ),
                    8: (
                        "wagtail.blocks.StructBlock",
                        [[("image", 5), ("caption", 6), ("credit", 7)]],
                        {"label": "Image"},
                    ),
                },
                verbose_name="body",
            ),
        ),
        migrations.AlterField(
            model_name="articlepage",
            name="byline",
            field=models.CharField(blank=True, max_length=200, verbose_name="byline"),
        ),
        migrations.AlterField(
            model_name="articlepage",
            name="comments_open",
            field=models.BooleanField(
                default=True,
                help_text="Readers may post comments (they wait for moderation).",
                verbose_name="comments open",
            ),
        ),
        migrations.AlterField(
            model_name="articlepage",
            name="dateline",
            field=models.CharField(
                blank=True,
                help_text="Place the story is from.",
                max_length=100,
                verbose_name="dateline",
            ),
        ),
        migrations.AlterField(
            model_name="articlepage",
            name="source_name",
            field=models.CharField(
                blank=True,
                help_text="For syndicated copy: the agency or publication.",
                max_length=200,
                verbose_name="source",
            ),
        ),
        migrations.AlterField(
            model_name="articlepage",
            name="source_url",
            field=models.URLField(blank=True, verbose_name="source URL"),
        ),
        migrations.AlterField(
            model_name="articlepage",
            name="standfirst",
            field=models.TextField(blank=True, max_length=500, verbose_name="standfirst"),
        ),
        migrations.AlterField(
            model_name="articlepage",
            name="topics",
            field=modelcluster.contrib.taggit.ClusterTaggableManager(
                blank=True,
                help_text="A comma-separated list of tags.",
                through="news.ArticleTopic",
                to="news.Topic",
                verbose_name="topics",
            ),
        ),
        migrations.AlterField(
            model_name="articlepage",
            name="updated_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Set when the article is substantially updated.",
                null=True,
                verbose_name="updated at",
            ),
        ),
        migrations.AlterField(
            model_name="featuredtopic",
            name="topic",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="news.topic",
                verbose_name="topic",
            ),
        ),
        migrations.AlterField(
            model_name="homepage",
            name="lead_article",
            field=models.ForeignKey(
                blank=True,
                help_text="Shown at the top of the front page. Defaults to the newest article.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="news.articlepage",
                verbose_name="lead article",
            ),
        ),
        migrations.AlterField(
            model_name="topic",
            name="description",
            field=models.CharField(blank=True, max_length=300, verbose_name="description"),
        ),
    ]
