"""Reads of comments. Public readers only ever see APPROVED comments.

Invariant: every function whose name starts with ``public_`` filters on APPROVED; nothing
else in the package is used to render public pages, feeds or the JSON API.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction

from broadsheet.comments.models import Comment, CommentSettings, CommentStatus, ModerationDecision
from broadsheet.core import site_settings
from broadsheet.news.models import ArticlePage

COMMENT_THREADS_PER_PAGE = 50


@dataclass(frozen=True, slots=True)
class PublicComment:
    """What readers see of an approved comment (no e-mail, address or screening)."""

    pk: int
    parent_id: int | None
    author_name: str
    text: str
    created_at: datetime


@dataclass
class CommentNode:
    """An approved comment with its approved replies, for nested rendering."""

    comment: PublicComment
    replies: list[CommentNode] = field(default_factory=list)


def site_id_for_article(article: ArticlePage | None) -> int:
    """The id of the site an article belongs to (the default site if it has none or is None).

    No query for a routable article: Wagtail keeps the sites' root paths in the cache.
    """
    parts = article.get_url_parts() if article is not None else None
    return parts[0] if parts is not None else site_settings.default_site_id()


def comment_settings(site_id: int | None = None) -> CommentSettings:
    """The comment rules of a site (the default site if None), from the settings cache."""
    return site_settings.setting_for_site_id(CommentSettings, site_id)


# What posting a comment reads of its article: title, routing (site), state, closing date.
_COMMENTING_FIELDS = (
    "title",
    "path",
    "depth",
    "url_path",
    "live",
    "comments_open",
    "first_published_at",
    "latest_revision_created_at",
)


def _public_article_queryset(article_id: int) -> QuerySet[ArticlePage]:
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


_ANY_ID = -7_000_000_001  # stands for the article id in the SQL compiled once


@functools.cache
def _public_article_sql(vendor: str) -> tuple[str, tuple]:
    """The SQL of ``_public_article_queryset`` for ``vendor``, compiled once per process.

    Building that queryset (annotation, subquery, inheritance join) cost more CPU than running
    it; the SQL only ever differs in the article id, which ``_ANY_ID`` marks in the params.
    """
    sql, params = _public_article_queryset(_ANY_ID).query.sql_with_params()
    if [p for p in params if p == _ANY_ID] != [_ANY_ID]:
        raise RuntimeError("public_article: the article id is not one parameter")
    return sql, tuple(params)


def public_article(article_id: int) -> ArticlePage | None:
    """The live article readers may see and comment on, or None (unknown, draft, private).

    One query: the article (only what commenting needs; the rest loads if used) and whether a
    view restriction covers it or an ancestor (a restricted page whose tree path starts the
    article's).
    """
    sql, params = _public_article_sql(connection.vendor)
    found = list(ArticlePage.objects.raw(sql, [article_id if p == _ANY_ID else p for p in params]))
    if not found or found[0].restricted:
        return None
    return found[0]


def comment_settings_for_article_id(article_id: int) -> CommentSettings:
    """The comment rules of the site an article belongs to (the default site if unknown)."""
    article = ArticlePage.objects.filter(pk=article_id).only("path", "depth", "url_path").first()
    return comment_settings(site_id_for_article(article))


def comment_depth(comment: Comment) -> int:
    """0 for a top-level comment, 1 for a reply, and so on (walks up the parents)."""
    depth = 0
    # Services only attach replies to existing comments, so the chain is short and acyclic.
    while comment.parent_id is not None:
        depth += 1
        comment = comment.parent
    return depth


def public_comments(*, article_id: int) -> QuerySet[Comment]:
    """Approved comments of one article, oldest first."""
    return Comment.objects.filter(article_id=article_id, status=CommentStatus.APPROVED).order_by(
        "created_at", "pk"
    )


@dataclass(frozen=True)
class _Threads:
    """The shape of an article's approved comments: top-level ids and each one's replies.

    Both oldest first. ``count`` is how many readers see: a reply counts only under a
    visible parent, at any depth.
    """

    roots: list[int]
    replies: dict[int, list[int]]

    @property
    def count(self) -> int:
        return len(self.visible(self.roots))

    def visible(self, roots: list[int]) -> list[int]:
        """``roots`` and every visible reply below them, each parent before its replies.

        Parents are stored before their replies, so the walk ends.
        """
        found, stack = [], list(reversed(roots))
        while stack:
            pk = stack.pop()
            found.append(pk)
            stack.extend(reversed(self.replies.get(pk, ())))
        return found


def _threads(article_id: int) -> _Threads:
    """One index-only read of the article's approved ``(id, parent)`` pairs, oldest first.

    Fetched at once: a server-side cursor (``iterator()``) would make PostgreSQL plan for
    the first rows and walk the primary key of the whole table.
    """
    roots: list[int] = []
    replies: dict[int, list[int]] = {}
    for pk, parent_id in public_comments(article_id=article_id).values_list("pk", "parent_id"):
        if parent_id is None:
            roots.append(pk)
        else:
            replies.setdefault(parent_id, []).append(pk)
    return _Threads(roots=roots, replies=replies)


def _approved_by_id(ids: list[int]) -> dict[int, PublicComment]:
    """The approved comments among ``ids`` (in chunks: SQLite bounds a query's parameters)."""
    found: dict[int, PublicComment] = {}
    for start in range(0, len(ids), _ID_CHUNK):
        chunk = ids[start : start + _ID_CHUNK]
        # By primary key alone, whatever the planner's statistics; the status is checked here.
        rows = Comment.objects.filter(pk__in=chunk).order_by()
        for *fields, status in rows.values_list(*_PUBLIC_FIELDS, "status"):
            if status == CommentStatus.APPROVED:
                found[fields[0]] = PublicComment(*fields)
    return found


def public_comment_list(*, article_id: int) -> list[PublicComment]:
    """The approved comments readers see, oldest first (the JSON list).

    Two queries, as for a page: the thread shape, then the visible comments by id. A comment
    moderated between the two reads drops out with its replies.
    """
    threads = _threads(article_id)
    visible = threads.visible(threads.roots)  # each parent before its replies
    comments = _approved_by_id(visible)
    kept: dict[int, PublicComment] = {}
    for pk in visible:
        comment = comments.get(pk)
        if comment is not None and (comment.parent_id is None or comment.parent_id in kept):
            kept[pk] = comment
    return sorted(kept.values(), key=lambda c: (c.created_at, c.pk))


def public_comment_count(*, article_id: int) -> int:
    """How many comments readers see (the count above the comments)."""
    return _threads(article_id).count


@dataclass
class CommentPage:
    """One page of an article's approved threads, and what the page links need."""

    threads: list[CommentNode]
    count: int
    number: int
    num_pages: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


_PUBLIC_FIELDS = ("pk", "parent_id", "author_name", "text", "created_at")  # PublicComment
_ID_CHUNK = 900


def public_comment_page(
    *, article_id: int, page: int | str | None = 1, per_page: int = COMMENT_THREADS_PER_PAGE
) -> CommentPage:
    """Approved threads of an article, ``per_page`` top-level comments a page, oldest first.

    Two queries whatever the article's size or the replies' depth: the thread shape (ids
    only, from the index), then the page's comments by id. A reply whose parent is not
    approved is not shown; a comment moderated between the two reads drops out with its
    replies. A bad or out-of-range page number gives the nearest page.
    """
    threads = _threads(article_id)
    num_pages = max(1, -(-len(threads.roots) // per_page))
    try:
        number = min(max(1, int(page or 1)), num_pages)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    page_roots = threads.roots[start : start + per_page]
    comments = _approved_by_id(threads.visible(page_roots))

    def node(pk: int) -> CommentNode:
        below = threads.replies.get(pk, ())
        return CommentNode(comments[pk], [node(r) for r in below if r in comments])

    return CommentPage(
        threads=[node(pk) for pk in page_roots if pk in comments],
        count=threads.count,
        number=number,
        num_pages=num_pages,
    )


# --- the moderators' queue --------------------------------------------------------------------
#
# Keyset pagination: a page ends with a cursor naming its last row; the next page starts after
# it. Each query seeks into the ``(status, -risk, created_at, id)`` or ``(status, created_at,
# id)`` index, so page 1000 costs what page 1 costs.

QUEUE_ORDERS = ("risk", "age")
QUEUE_PAGE_SIZE = 50
# Tab counts stop at this many rows: a bounded index scan, however large the table.
QUEUE_COUNT_CAP = 10_000
QUEUE_COUNTS_SECONDS = 10
_QUEUE_COUNTS_KEY = "comments:queue:counts"
_QUEUE_ARTICLES_KEY = "comments:queue:pending-articles"
QUEUE_ARTICLES_MAX = 100


@dataclass(frozen=True)
class QueueCursor:
    """The sort key of the last row of a page: ``<risk>,<created_at ISO, UTC>,<id>``."""

    risk: float
    created_at: datetime
    pk: int

    @classmethod
    def after(cls, comment: Comment) -> QueueCursor:
        return cls(risk=comment.risk, created_at=comment.created_at, pk=comment.pk)

    def encode(self) -> str:
        stamp = self.created_at.astimezone(UTC).replace(tzinfo=None)
        return f"{self.risk!r},{stamp.isoformat(timespec='microseconds')}Z,{self.pk}"

    @classmethod
    def decode(cls, value: str) -> QueueCursor | None:
        """The cursor in ``value``, or None when it is malformed (treated as the first page)."""
        parts = (value or "").split(",")
        if len(parts) != 3 or len(value) > 80:
            return None
        try:
            risk = float(parts[0])
            created_at = datetime.fromisoformat(parts[1])
            pk = int(parts[2])
        except ValueError:
            return None
        if not math.isfinite(risk) or created_at.tzinfo is None or pk < 0:
            return None
        return cls(risk=risk, created_at=created_at, pk=pk)


@dataclass
class QueuePage:
    rows: list[Comment]
    next_cursor: str | None


def _queue_base(*, status: str, article_id: int | None, query: str) -> QuerySet[Comment]:
    comments = (
        Comment.objects.filter(status=status).select_related("article").defer("article__body")
    )
    if article_id is not None:
        comments = comments.filter(article_id=article_id)
    if query:
        comments = comments.filter(Q(text__icontains=query) | Q(author_name__icontains=query))
    return comments


def moderation_queue(
    *,
    status: str,
    order: str = "risk",
    article_id: int | None = None,
    query: str = "",
    after: str | QueueCursor | None = None,
    limit: int = QUEUE_PAGE_SIZE,
) -> QueuePage:
    """One page of comments in ``status``, with the cursor of the next page (None if last).

    ``order="risk"``: highest risk first, then oldest first, then id. ``order="age"``: oldest
    first, then id. ``query`` matches the text or the name, ignoring case. A malformed
    ``after`` starts at the first page. At most two queries, whatever the page.
    """
    if status not in CommentStatus.values:
        raise ValueError(f"unknown status {status!r}")
    if order not in QUEUE_ORDERS:
        raise ValueError(f"unknown order {order!r}")
    limit = max(1, limit)
    cursor = QueueCursor.decode(after) if isinstance(after, str) else after
    base = _queue_base(status=status, article_id=article_id, query=query)
    if order == "age":
        rows = base.order_by("created_at", "pk")
        if cursor is not None:
            rows = rows.filter(created_at__gte=cursor.created_at).exclude(
                created_at=cursor.created_at, pk__lte=cursor.pk
            )
        found = list(rows[: limit + 1])
    elif cursor is None:
        found = list(base.order_by("-risk", "created_at", "pk")[: limit + 1])
    else:
        # The rest of the cursor's risk level, then the lower levels: two index seeks.
        same_risk = (
            base.filter(risk=cursor.risk, created_at__gte=cursor.created_at)
            .exclude(created_at=cursor.created_at, pk__lte=cursor.pk)
            .order_by("created_at", "pk")
        )
        found = list(same_risk[: limit + 1])
        if len(found) <= limit:
            lower = base.filter(risk__lt=cursor.risk).order_by("-risk", "created_at", "pk")
            found += list(lower[: limit + 1 - len(found)])
    rows = found[:limit]
    next_cursor = QueueCursor.after(rows[-1]).encode() if len(found) > limit else None
    return QueuePage(rows=rows, next_cursor=next_cursor)


def queue_counts() -> dict[str, int]:
    """Comments per status, each counted up to ``QUEUE_COUNT_CAP + 1``; cached a few seconds.

    A count above ``QUEUE_COUNT_CAP`` means "more than the cap". Moderation views call
    ``queue_counts_invalidate`` after a decision so their own changes show at once.
    """
    counts = cache.get(_QUEUE_COUNTS_KEY)
    if counts is None:
        counts = {
            status: Comment.objects.filter(status=status)[: QUEUE_COUNT_CAP + 1].count()
            for status in CommentStatus.values
        }
        cache.set(_QUEUE_COUNTS_KEY, counts, QUEUE_COUNTS_SECONDS)
    return counts


def queue_counts_invalidate() -> None:
    cache.delete_many([_QUEUE_COUNTS_KEY, _QUEUE_ARTICLES_KEY])


def queue_pending_articles() -> list[dict]:
    """Articles with pending comments, most pending first: ``{"id", "title", "pending"}``."""
    articles = cache.get(_QUEUE_ARTICLES_KEY)
    if articles is None:
        grouped = (
            Comment.objects.filter(status=CommentStatus.PENDING)
            .values("article_id", "article__title")
            .annotate(pending=Count("pk"))
            .order_by("-pending", "article__title", "article_id")[:QUEUE_ARTICLES_MAX]
        )
        articles = [
            {"id": row["article_id"], "title": row["article__title"], "pending": row["pending"]}
            for row in grouped
        ]
        cache.set(_QUEUE_ARTICLES_KEY, articles, QUEUE_COUNTS_SECONDS)
    return articles


def comment_for_moderation(*, comment_id: int) -> Comment | None:
    """One comment with its article and parent, for the moderator's detail page."""
    return (
        Comment.objects.select_related("article", "parent")
        .defer("article__body")
        .filter(pk=comment_id)
        .first()
    )


def comment_decisions(*, comment_id: int) -> QuerySet[ModerationDecision]:
    """Every decision about one comment, oldest first."""
    return ModerationDecision.objects.filter(comment_id=comment_id).order_by("created_at", "pk")


def articles_with_comments_under(page) -> bool:
    """True if ``page`` or a page below it is an article with comments (of any status)."""
    return Comment.objects.filter(article__path__startswith=page.path).exists()


def article_title(*, article_id: int) -> str | None:
    return ArticlePage.objects.filter(pk=article_id).values_list("title", flat=True).first()
