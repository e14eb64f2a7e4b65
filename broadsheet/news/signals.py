"""Cache invalidation only: publishing changes which cached pages are stale."""

from __future__ import annotations

from django.db import transaction
from wagtail.signals import page_published, page_unpublished

from broadsheet.core.page_cache import purge_paths
from broadsheet.news.models import ArticlePage


def article_paths(article: ArticlePage) -> list[str]:
    """Every public path that shows this article: itself, the front page, its topics, feeds."""
    paths = ["/", "/feeds/rss/", "/feeds/atom/", "/sitemap.xml", "/news-sitemap.xml"]
    if article.url:
        paths.append(article.url)
    for topic in article.topic_list:
        base = topic.get_absolute_url()
        paths += [base, base + "rss/", base + "atom/"]
    return paths


def _article_changed(sender, instance, **kwargs) -> None:
    paths = article_paths(instance.specific)
    purge_paths(paths)
    # Again after commit: a reader who fetched the page between the first purge and the
    # commit would otherwise have put the old version back into the cache.
    transaction.on_commit(lambda: purge_paths(paths))


def connect() -> None:
    page_published.connect(_article_changed, sender=ArticlePage)
    page_unpublished.connect(_article_changed, sender=ArticlePage)
