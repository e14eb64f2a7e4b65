"""Reads for the public news pages. Only live, public articles are ever returned."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from broadsheet.core import site_settings
from broadsheet.news.models import ArticlePage, FeaturedTopic, NewsSettings, Topic


def live_articles() -> QuerySet[ArticlePage]:
    """Live, publicly visible articles, newest first."""
    return ArticlePage.objects.live().public().order_by("-first_published_at", "-pk")


def topic_articles(*, topic: Topic) -> QuerySet[ArticlePage]:
    return live_articles().filter(tagged_topics__tag=topic).distinct()


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


def search_articles(*, query: str) -> QuerySet[ArticlePage]:
    # Double quotes and control characters separate words in the full-text index, but they
    # break the search backend's query (SQLite puts each word in "..." without escaping a
    # quote, NUL ends the string; PostgreSQL refuses NUL): a 500. Search for the words
    # around them instead, which finds the same articles.
    words = "".join(
        " " if char == '"' or unicodedata.category(char) == "Cc" else char for char in query
    ).strip()
    if not words:
        return live_articles().none()
    return live_articles().search(words, order_by_relevance=True)
