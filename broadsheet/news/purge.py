"""Which cached pages show what, and purging them in both cache layers.

Invariants:
- Every function here purges through ``core.page_cache.purge_paths``: the app's page cache and
  the front cache (Varnish, nginx or a CDN) together.
- Purges that follow a database change run after its commit and once more for the article
  pages themselves, so a reader who fetched a page between the change and the commit cannot
  put the old version back.
- With both languages every reader page is purged under each language's prefix (``/tr/``,
  ``/en/``), and an article's purge covers its translations too (their hreflang alternates and
  language switch name it). The sitemaps are unprefixed: they list every language.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from broadsheet.core.languages import bilingual, prefixed, site_languages
from broadsheet.core.page_cache import purge_paths
from broadsheet.news.models import ArticlePage, FeaturedTopic, NewsSettings, Topic

# The pages every language has (prefixed with both languages), then the sitemaps (never).
READER_PATHS = ("/", "/feeds/rss/", "/feeds/atom/", "/search/")
SITEMAP_PATHS = ("/sitemap.xml", "/news-sitemap.xml")


def _site_wide_paths() -> list[str]:
    paths = [prefixed(path, language) for language in site_languages() for path in READER_PATHS]
    return paths + list(SITEMAP_PATHS)


def _topic_paths(slug: str) -> list[str]:
    bases = [prefixed(f"/topics/{slug}/", language) for language in site_languages()]
    return [path for base in bases for path in (base, base + "rss/", base + "atom/")]


def article_paths(article: ArticlePage) -> list[str]:
    """Every public path that shows this article: itself and its translations, the front
    pages, its topics, the feeds and the sitemaps."""
    paths = _site_wide_paths()
    if article.url:
        paths.append(article.url)
    if bilingual():
        translations = article.get_translations().only("path", "depth", "url_path", "locale_id")
        paths += [url for url in (page.url for page in translations) if url]
    for topic in article.topic_list:
        paths += _topic_paths(topic.slug)
    return paths


def purge_articles(article_ids: Iterable[int]) -> None:
    """Purge the pages of these articles (where their comments show): one query for all."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    articles = ArticlePage.objects.filter(pk__in=ids).only("path", "depth", "url_path")
    paths = [url for url in (article.url for article in articles) if url]
    if paths:
        purge_paths(paths)


def purge_article(article_id: int) -> None:
    purge_articles([article_id])


def site_paths() -> list[str]:
    """Every public page of the newsroom: front pages, feeds, topics and live articles.

    Used when something every page shows changes (the Featured row, the legal notice, the
    comment rules). One site per deployment is the supported shape (docs/deploy.md), so this
    covers every site's pages.
    """
    paths = _site_wide_paths()
    for slug in Topic.objects.values_list("slug", flat=True):
        paths += _topic_paths(slug)
    articles = ArticlePage.objects.live().only("path", "depth", "url_path")
    paths += [url for url in (article.url for article in articles) if url]
    return paths


_local = threading.local()


def purge_site() -> None:
    """Purge every public page, once, after the current transaction commits.

    A settings form saves several rows (the Featured row is one per topic); each asks for the
    purge, and the first request whose transaction commits runs it: a request made inside a
    savepoint that rolled back is simply dropped with it.
    """
    _local.site_purge_pending = True

    def run() -> None:
        if getattr(_local, "site_purge_pending", False):
            _local.site_purge_pending = False
            purge_paths(site_paths())

    transaction.on_commit(run)


def purge_page_tree(page: Page) -> None:
    """Purge a page and every page below it (its privacy changed), now and after commit."""
    pages = Page.objects.filter(path__startswith=page.path).only("path", "depth", "url_path")
    paths = [url for url in (p.url for p in pages) if url]
    if paths:
        purge_paths(paths)
        transaction.on_commit(lambda: purge_paths(paths))


def _article_changed(sender, instance, **kwargs) -> None:
    paths = article_paths(instance.specific)
    purge_paths(paths)
    transaction.on_commit(lambda: purge_paths(paths))


def _privacy_changed(sender, instance: PageViewRestriction, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        purge_page_tree(page)


def _every_page_changed(sender, **kwargs) -> None:
    purge_site()


def connect() -> None:
    page_published.connect(_article_changed, sender=ArticlePage)
    page_unpublished.connect(_article_changed, sender=ArticlePage)
    post_save.connect(_privacy_changed, sender=PageViewRestriction)
    post_delete.connect(_privacy_changed, sender=PageViewRestriction)
    for model in (NewsSettings, FeaturedTopic):
        post_save.connect(_every_page_changed, sender=model)
        post_delete.connect(_every_page_changed, sender=model)
