"""What posting a comment reads of its article: one query, no model instance.

A submission needs six facts of its article (its id, site, language, whether it is live and
public, whether comments are switched on, and when it was published, for the automatic close);
building a Wagtail page instance and routing it through ``get_url_parts`` to learn them cost
more than the comment's own INSERT. :func:`commentable_article` reads them with SQL compiled
once per process.

Invariant: it returns an article exactly when ``selectors.public_article`` does (live, and no
view restriction covers it or an ancestor); ``tests/news/test_commenting.py`` holds the two
side by side.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import Site

from broadsheet.core import languages, site_settings
from broadsheet.news.models import comments_accepting_at
from broadsheet.news.selectors import ANY_ID, CompiledById, public_article_queryset

_COLUMNS = (
    "pk",
    "url_path",
    "live",
    "comments_open",
    "first_published_at",
    "latest_revision_created_at",
    "locale_id",
    "restricted",
)


@dataclass(frozen=True)
class CommentableArticle:
    """The facts of a live, public article that decide whether it takes a comment."""

    id: int
    site_id: int
    language: str
    live: bool
    comments_open: bool
    published_at: datetime | None

    @property
    def pk(self) -> int:
        return self.id

    def comments_accepting(self, *, close_after_days: int, now: datetime | None = None) -> bool:
        """As ``ArticlePage.comments_accepting`` (the same function decides both)."""
        return comments_accepting_at(
            live=self.live,
            comments_open=self.comments_open,
            published_at=self.published_at or timezone.now(),
            close_after_days=close_after_days,
            now=now,
        )


@functools.cache
def _sql(vendor: str) -> CompiledById:
    """The query for ``vendor``, compiled once per process."""
    return CompiledById.of(public_article_queryset(ANY_ID).values_list(*_COLUMNS))


def _moment(value: datetime | str | None) -> datetime | None:
    """A column's datetime as the ORM would give it (SQLite returns text, naive in UTC)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


def site_id_for_url_path(url_path: str) -> int:
    """The site whose root is the longest prefix of ``url_path`` (Wagtail's own order).

    Wagtail keeps the sites' root paths in the cache, most specific first; a page under none
    of them belongs to the default site.
    """
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            return root.site_id
    return site_settings.default_site_id()


def commentable_article(article_id: int) -> CommentableArticle | None:
    """The live, public article ``article_id`` as the facts commenting needs, or None."""
    compiled = _sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, compiled.params_for(article_id))
        row = cursor.fetchone()
    if row is None:
        return None
    pk, url_path, live, comments_open, first_published, latest_revision, locale_id, restricted = row
    if restricted:
        return None
    return CommentableArticle(
        id=pk,
        site_id=site_id_for_url_path(url_path),
        language=languages.page_language_of_locale(locale_id),
        live=bool(live),
        comments_open=bool(comments_open),
        published_at=_moment(first_published) or _moment(latest_revision),
    )
