"""StreamField blocks for the article body."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class PullQuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, max_length=200, label=_("Attribution"))

    class Meta:
        label = _("Pull quote")
        icon = "openquote"
        template = "news/blocks/pull_quote.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, max_length=300, label=_("Caption"))
    credit = blocks.CharBlock(required=False, max_length=200, label=_("Credit"))

    class Meta:
        label = _("Image")
        icon = "image"
        template = "news/blocks/image.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, label=_("Paragraph"))
    subheading = blocks.CharBlock(
        max_length=200,
        form_classname="title",
        template="news/blocks/subheading.html",
        label=_("Subheading"),
    )
    pull_quote = PullQuoteBlock(label=_("Pull quote"))
    image = CaptionedImageBlock(label=_("Image"))
