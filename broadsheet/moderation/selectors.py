"""Reads for the moderators: the queue (keyset pages), tab counts, one comment and its history.

Invariant: nothing here is used to render public pages; readers' reads are in
``comments.selectors``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, QuerySet

from broadsheet.comments.models import Comment, CommentStatus
from broadsheet.moderation.models import CommentNearBand, ModerationDecision
from broadsheet.moderation.search import text_or_name_matches

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


def _queue_base(
    *, status: str, article_id: int | None, query: str, similar_to: int | None = None
) -> QuerySet[Comment]:
    comments = (
        Comment.objects.filter(status=status).select_related("article").defer("article__body")
    )
    if article_id is not None:
        comments = comments.filter(article_id=article_id)
    if similar_to is not None:
        comments = comments.filter(pk__in=similar_comment_ids(similar_to))
    if query:
        annotations, match = text_or_name_matches(query)
        comments = comments.alias(**annotations).filter(match)
    return comments


def moderation_queue(
    *,
    status: str,
    order: str = "risk",
    article_id: int | None = None,
    query: str = "",
    similar_to: int | None = None,
    after: str | QueueCursor | None = None,
    limit: int = QUEUE_PAGE_SIZE,
) -> QueuePage:
    """One page of comments in ``status``, with the cursor of the next page (None if last).

    ``order="risk"``: highest risk first, then oldest first, then id. ``order="age"``: oldest
    first, then id. ``query`` matches the text or the name, ignoring case, Turkish casing
    included (``search``); ``similar_to`` keeps the wave of that comment (those sharing a
    near-duplicate band with it, itself included). A malformed ``after`` starts at the first
    page. At most two queries, whatever the page.
    """
    if status not in CommentStatus.values:
        raise ValueError(f"unknown status {status!r}")
    if order not in QUEUE_ORDERS:
        raise ValueError(f"unknown order {order!r}")
    limit = max(1, limit)
    cursor = QueueCursor.decode(after) if isinstance(after, str) else after
    base = _queue_base(status=status, article_id=article_id, query=query, similar_to=similar_to)
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
        Comment.objects.select_related("article", "parent", "notice")
        .defer("article__body")
        .filter(pk=comment_id)
        .first()
    )


def comment_decisions(*, comment_id: int) -> QuerySet[ModerationDecision]:
    """Every decision about one comment, oldest first."""
    return ModerationDecision.objects.filter(comment_id=comment_id).order_by("created_at", "pk")


def approved_reply_counts(comment_ids: list[int]) -> dict[int, int]:
    """How many approved direct replies each comment has (one query; absent means none).

    They stay visible when their parent is removed, so the moderator is told before deciding.
    """
    if not comment_ids:
        return {}
    rows = (
        Comment.objects.filter(parent_id__in=comment_ids, status=CommentStatus.APPROVED)
        .order_by()
        .values("parent_id")
        .annotate(n=Count("pk"))
    )
    return {row["parent_id"]: row["n"] for row in rows}


# --- spam waves (comments sharing a near-duplicate band, see ``waves``) ----------------------

_SIMILAR_SQL = """
SELECT mine.comment_id, COUNT(DISTINCT other.comment_id)
FROM {bands} mine
JOIN {bands} other ON other.band = mine.band AND other.comment_id <> mine.comment_id
JOIN {comments} c ON c.{pk} = other.comment_id
WHERE mine.comment_id IN ({marks}) AND c.status = %s
GROUP BY mine.comment_id
"""


def similar_counts(comment_ids: Sequence[int], *, status: str) -> dict[int, int]:
    """How many other comments in ``status`` share a band with each comment (one query).

    Comments in no wave are absent. The join reads the ``(comment, band)`` constraint's
    index for the page's bands and the ``(band, created_at)`` index for their neighbours.
    """
    if not comment_ids:
        return {}
    quote = connection.ops.quote_name
    sql = _SIMILAR_SQL.format(
        bands=quote(CommentNearBand._meta.db_table),
        comments=quote(Comment._meta.db_table),
        pk=quote(Comment._meta.pk.column),
        marks=", ".join(["%s"] * len(comment_ids)),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*map(int, comment_ids), status])
        return {int(pk): int(n) for pk, n in cursor.fetchall()}


def similar_comment_ids(comment_id: int) -> QuerySet[CommentNearBand]:
    """The ids of the comments that share a band with ``comment_id``, itself included, as a
    subquery for a queue filter (``pk__in=``)."""
    bands = CommentNearBand.objects.filter(comment_id=comment_id).values("band")
    return CommentNearBand.objects.filter(band__in=bands).values("comment_id")
