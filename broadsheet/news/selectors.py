"""Reads for the public news pages and of articles for the layers above.

Invariant: functions returning articles for readers (``live_articles``, ``public_article``
and those built on them) return only live articles no view restriction covers.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Length, Substr
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import timezone, translation
from wagtail.models import Page, PageViewRestriction
from wagtail.search.query import And, Or, PlainText, SearchQuery

from broadsheet.core import languages, site_settings, turkish
from broadsheet.news.models import ArticlePage, FeaturedTopic, NewsSettings, Topic


def live_articles(*, language: str | None = None) -> QuerySet[ArticlePage]:
    """Live, publicly visible articles, newest first; only ``language``'s if one is given.

    With one language every article is in it, so ``language`` filters nothing.
    """
    articles = ArticlePage.objects.live().public().order_by("-first_published_at", "-pk")
    if language is not None and languages.bilingual():
        articles = articles.filter(locale_id=languages.locale_id(language))
    return articles


def topic_articles(*, topic: Topic, language: str | None = None) -> QuerySet[ArticlePage]:
    return live_articles(language=language).filter(tagged_topics__tag=topic).distinct()


def recent_articles(*, hours: int = 48, now: datetime | None = None) -> QuerySet[ArticlePage]:
    """Articles first published within the last ``hours`` (the Google News sitemap window)."""
    since = (now or timezone.now()) - timedelta(hours=hours)
    return live_articles().filter(first_published_at__gte=since)


def featured_topics(*, request: HttpRequest) -> list[Topic]:
    """The Featured row for the request's site, in the editors' order (memoised per request).

    The row's topics are one query; the settings row comes from the settings cache.
    """
    cached = getattr(request, "_broadsheet_featured", None)
    if cached is not None:
        return cached
    news_settings = site_settings.setting_for_request(NewsSettings, request)
    featured = FeaturedTopic.objects.filter(setting_id=news_settings.pk).select_related("topic")
    topics = [item.topic for item in featured.order_by("sort_order")]
    request._broadsheet_featured = topics
    return topics


def search_articles(*, query: str, language: str | None = None) -> QuerySet[ArticlePage]:
    # Double quotes and control characters separate words in the full-text index, but they
    # break the search backend's query (SQLite puts each word in "..." without escaping a
    # quote, NUL ends the string; PostgreSQL refuses NUL): a 500. Search for the words
    # around them instead, which finds the same articles.
    words = "".join(
        " " if char == '"' or unicodedata.category(char) == "Cc" else char for char in query
    ).strip()
    if not words:
        return live_articles().none()
    return live_articles(language=language).search(_search_query(words), order_by_relevance=True)


def _search_query(words: str) -> str | SearchQuery:
    """The query for ``words``: as typed, unless a word holds an I or İ.

    The index folds case the default way (a capital I becomes a dotted i, never the dotless one
    a Turkish word needs), so such a word is looked for in its Turkish lower case too
    (``core.turkish.spellings``); every word must still match.
    """
    terms = [turkish.spellings(word) for word in words.split()]
    if all(len(forms) == 1 for forms in terms):
        return words
    return And([Or([PlainText(form) for form in forms]) for forms in terms])


def site_id_for_article(article: ArticlePage | None) -> int:
    """The id of the site an article belongs to (the default site if it has none or is None).

    No query for a routable article: Wagtail keeps the sites' root paths in the cache.
    """
    parts = article.get_url_parts() if article is not None else None
    return parts[0] if parts is not None else site_settings.default_site_id()


def site_id_for_article_id(article_id: int) -> int:
    """The site of the article ``article_id`` (the default site if it is unknown)."""
    article = ArticlePage.objects.filter(pk=article_id).only("path", "depth", "url_path").first()
    return site_id_for_article(article)


def article_language(*, article_id: int) -> str:
    """The language article ``article_id`` is written in (the default one if it is unknown)."""
    if not languages.bilingual():
        return languages.default_language()
    locale_id = ArticlePage.objects.filter(pk=article_id).values_list("locale_id", flat=True)
    return languages.locale_language(locale_id.first())


def article_title(*, article_id: int) -> str | None:
    return ArticlePage.objects.filter(pk=article_id).values_list("title", flat=True).first()


# What posting a comment reads of its article: title, routing (site), state, closing date,
# language (its locale).
_COMMENTING_FIELDS = (
    "title",
    "path",
    "depth",
    "url_path",
    "live",
    "comments_open",
    "first_published_at",
    "latest_revision_created_at",
    "locale",
)


def public_article_queryset(article_id: int) -> QuerySet[ArticlePage]:
    """``article_id`` if live and public, with only what commenting reads, and ``restricted``.

    ``restricted``: whether a view restriction covers it or an ancestor (the caller refuses).
    """
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return (
        ArticlePage.objects.live()
        .filter(pk=article_id)
        .order_by()
        .only(*_COMMENTING_FIELDS)
        .annotate(restricted=Exists(restricted))[:1]
    )


ANY_ID = -7_000_000_001  # stands for the article id in SQL compiled once


@dataclass(frozen=True)
class CompiledById:
    """A queryset of one article id, compiled once: its SQL and params with ``ANY_ID`` in
    place of the id. Building such a queryset (annotation, subquery, inheritance join) costs
    more CPU than running it, and the SQL only ever differs in the id."""

    sql: str
    params: tuple

    @classmethod
    def of(cls, queryset: QuerySet) -> CompiledById:
        """``queryset`` (built for ``ANY_ID``) compiled; refused unless the id is one parameter."""
        sql, params = queryset.query.sql_with_params()
        if [p for p in params if p == ANY_ID] != [ANY_ID]:
            raise RuntimeError(f"the article id is not one parameter of {sql}")
        return cls(sql, tuple(params))

    def params_for(self, article_id: int) -> list:
        return [article_id if p == ANY_ID else p for p in self.params]


@functools.cache
def _public_article_sql(vendor: str) -> CompiledById:
    """``public_article_queryset`` compiled for ``vendor``, once per process."""
    return CompiledById.of(public_article_queryset(ANY_ID))


def public_article(article_id: int) -> ArticlePage | None:
    """The live article readers may see and comment on, or None (unknown, draft, private).

    One query: the article (only what commenting needs; the rest loads if used) and whether a
    view restriction covers it or an ancestor (a restricted page whose tree path starts the
    article's).
    """
    compiled = _public_article_sql(connection.vendor)
    found = list(ArticlePage.objects.raw(compiled.sql, compiled.params_for(article_id)))
    if not found or found[0].restricted:
        return None
    return found[0]


@dataclass(frozen=True)
class LanguageVersion:
    """One language's version of the page a reader is on (for hreflang and the switch)."""

    code: str
    name: str
    path: str
    current: bool
    translated: bool  # False: no translation of this page, ``path`` is that language's front page


def language_versions(*, request: HttpRequest, page: Page | None) -> list[LanguageVersion]:
    """The page in each of the site's languages, in the site's order (memoised per request).

    A Wagtail page's versions are its live, public translations (one query); any other page
    (topics, search) is the same route under the other prefix. A language the page has no
    translation in links to that language's front page. Empty with one language: no query.
    """
    if not languages.bilingual():
        return []
    cached = getattr(request, "_broadsheet_language_versions", None)
    if cached is not None:
        return cached
    current = translation.get_language()
    if page is not None:
        found = {
            languages.locale_language(p.locale_id): p.url
            for p in page.get_translations(inclusive=True)
            .live()
            .public()
            .only("path", "depth", "url_path", "locale_id")
        }
    else:
        found = {code: translate_url(request.path, code) for code in languages.site_languages()}
    versions = [
        LanguageVersion(
            code=code,
            name=languages.language_name(code),
            path=found.get(code) or languages.prefixed("/", code),
            current=code == current,
            translated=code in found,
        )
        for code in languages.site_languages()
    ]
    request._broadsheet_language_versions = versions
    return versions
