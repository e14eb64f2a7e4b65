"""Editorial content: the home page, articles, topics and the site's newsroom settings.

Invariants:
- A topic is a taggit tag with a description; ``/topics/<slug>/`` lists live articles tagged
  with it. Topics are edited as snippets.
- ``NewsSettings`` (one per Wagtail site) holds the ordered Featured row.
- With both languages a topic has a page in each (``/tr/topics/<slug>/``, ``/en/...``) listing
  that language's articles; each front page lists its own language's articles.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from broadsheet.core import turkish
from broadsheet.core.languages import bilingual, page_language, prefixed
from broadsheet.news.blocks import ArticleBodyBlock

HOME_PAGE_SIZE = 10


@register_snippet
class Topic(TagBase):
    """A subject, place or person that articles are tagged with."""

    description = models.CharField(_("description"), max_length=300, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def get_absolute_url(self, language: str | None = None) -> str:
        """The topic's page in ``language`` (the active language by default)."""
        return prefixed(f"/topics/{self.slug}/", language or get_language())

    def slugify(self, tag: str, i: int | None = None) -> str:
        """An ASCII slug, Turkish letters spelt as Turkish addresses spell them.

        The topic URLs take ASCII slugs only; taggit's own keeps the Turkish letters (the
        dotless i, the s with a cedilla), so the page of a Turkish topic could never be found.
        A name with no Latin letter at all keeps taggit's Unicode slug (not reachable either).
        """
        slug = slugify(turkish.ascii_fold(tag)) or super().slugify(tag)
        return slug if i is None else f"{slug}_{i}"


class ArticleTopic(ItemBase):
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = ParentalKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_topics"
    )


class HomePage(Page):
    """The front page: a lead article, then the latest articles, paginated."""

    lead_article = models.ForeignKey(
        "news.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lead article"),
        help_text=_("Shown at the top of the front page. Defaults to the newest article."),
    )

    content_panels = [*Page.content_panels, FieldPanel("lead_article")]
    subpage_types = ["news.ArticlePage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.live().public().order_by("-first_published_at", "-pk")
        if bilingual():
            articles = articles.filter(locale_id=self.locale_id)
        lead = self.lead_article if self.lead_article and self.lead_article.live else None
        if lead is None:
            lead = articles.first()
        if lead is not None:
            articles = articles.exclude(pk=lead.pk)
        context["lead"] = lead
        context["articles"] = paginate(articles, request.GET.get("page"), HOME_PAGE_SIZE)
        return context


def comments_accepting_at(
    *,
    live: bool,
    comments_open: bool,
    published_at: datetime,
    close_after_days: int,
    now: datetime | None = None,
) -> bool:
    """True while readers may post: live, switched on, and not past the automatic close.

    ``close_after_days`` of 0 means comments never close by age.
    """
    if not comments_open or not live:
        return False
    if not close_after_days:
        return True
    return published_at >= (now or timezone.now()) - timedelta(days=close_after_days)


class ArticlePage(Page):
    """One news article with the reference page's action row and its comment area."""

    standfirst = models.TextField(_("standfirst"), max_length=500, blank=True)
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("body"))
    byline = models.CharField(_("byline"), max_length=200, blank=True)
    source_name = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("For syndicated copy: the agency or publication."),
    )
    source_url = models.URLField(_("source URL"), blank=True)
    dateline = models.CharField(
        _("dateline"), max_length=100, blank=True, help_text=_("Place the story is from.")
    )
    updated_at = models.DateTimeField(
        _("updated at"),
        null=True,
        blank=True,
        help_text=_("Set when the article is substantially updated."),
    )
    topics = ClusterTaggableManager(through=ArticleTopic, blank=True, verbose_name=_("topics"))
    comments_open = models.BooleanField(
        _("comments open"),
        default=True,
        help_text=_("Readers may post comments (they wait for moderation)."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("standfirst"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("byline"), FieldPanel("dateline")]),
                FieldRowPanel([FieldPanel("source_name"), FieldPanel("source_url")]),
                FieldPanel("updated_at"),
            ],
            heading=_("Credits"),
        ),
        FieldPanel("body"),
        FieldPanel("topics"),
        FieldPanel("comments_open"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.SearchField("byline"),
        index.FilterField("first_published_at"),
    ]
    parent_page_types = ["news.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    @property
    def published_at(self):
        return self.first_published_at or self.latest_revision_created_at or timezone.now()

    def comments_accepting(self, *, close_after_days: int, now=None) -> bool:
        """True while readers may post: live, switched on, and not past the automatic close."""
        return comments_accepting_at(
            live=self.live,
            comments_open=self.comments_open,
            published_at=self.published_at,
            close_after_days=close_after_days,
            now=now,
        )

    @property
    def language(self) -> str:
        """The language the article is written in ("tr" or "en")."""
        return page_language(self)

    @cached_property
    def topic_list(self) -> list[Topic]:
        """The article's topics by name, in one query (memoised on the instance)."""
        return list(Topic.objects.filter(tagged_articles__content_object=self).order_by("name"))


@register_setting(icon="cog")
class NewsSettings(BaseSiteSetting, ClusterableModel):
    """Per-site newsroom settings: the ordered Featured row shown on every public page."""

    panels = [InlinePanel("featured_topics", heading=_("Featured topics"), label=_("Topic"))]

    class Meta:
        verbose_name = _("newsroom settings")

    def featured(self) -> list[Topic]:
        return [item.topic for item in self.featured_topics.all() if item.topic_id]


class FeaturedTopic(Orderable):
    setting = ParentalKey(NewsSettings, on_delete=models.CASCADE, related_name="featured_topics")
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="+", verbose_name=_("topic")
    )

    panels = [FieldPanel("topic")]


def paginate(queryset, page_number, per_page: int):
    """Return one page of ``queryset``; a bad or out-of-range number gives page 1 or the last."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(page_number or 1)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
