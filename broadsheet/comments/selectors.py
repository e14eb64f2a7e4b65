"""Reads of comments. Public readers only ever see what APPROVED comments say.

Invariant: every function whose name starts with ``public_`` returns the name and text of
approved comments only; a removed comment with approved replies appears as a place holder,
with nothing it said. Nothing else in the package is used to render public pages, feeds or
the JSON API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import connection
from django.db.models import QuerySet

from broadsheet.comments import counts
from broadsheet.comments.models import Comment, CommentSettings, CommentStatus
from broadsheet.core import site_settings
from broadsheet.news.selectors import site_id_for_article_id

COMMENT_THREADS_PER_PAGE = 50
MAX_PAGE = 100_000  # further is "one past the end" whatever a URL says


@dataclass(frozen=True, slots=True)
class PublicComment:
    """What readers see of an approved comment (no e-mail, address or screening).

    ``removed``: a comment that is no longer approved, kept in its place because approved
    replies hang below it; its name and text are empty, never read.
    """

    pk: int
    parent_id: int | None
    author_name: str
    text: str
    created_at: datetime
    removed: bool = False


@dataclass
class CommentNode:
    """A comment with its shown replies, for nested rendering."""

    comment: PublicComment
    replies: list[CommentNode] = field(default_factory=list)


def comment_settings(site_id: int | None = None) -> CommentSettings:
    """The comment rules of a site (the default site if None), from the settings cache."""
    return site_settings.setting_for_site_id(CommentSettings, site_id)


def comment_settings_for_article_id(article_id: int) -> CommentSettings:
    """The comment rules of the site an article belongs to (the default site if unknown)."""
    return comment_settings(site_id_for_article_id(article_id))


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


def public_comment_list(*, article_id: int) -> list[PublicComment]:
    """The approved comments readers see, oldest first (the JSON list), in one query.

    A reply is shown whatever happened to its parent: a removed parent leaves its place.
    """
    return [
        PublicComment(*fields)
        for fields in public_comments(article_id=article_id).values_list(*_PUBLIC_FIELDS)
    ]


def public_comment_count(*, article_id: int) -> int:
    """How many comments readers see (the count above the comments)."""
    return counts.approved_count(article_id)


@dataclass
class CommentPage:
    """One page of an article's threads, and what the page links need."""

    threads: list[CommentNode]
    count: int
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


_PUBLIC_FIELDS = ("pk", "parent_id", "author_name", "text", "created_at")  # PublicComment

# One page of threads: the roots of the threads that have an approved comment, in order, from
# the ``comment_thread_page`` index alone; then every comment of those threads (by primary key
# and by the thread's index, never a scan of the article's comments), whose name and
# text are read only when approved (the others are shown as removed, if they have approved
# replies, and never with what they said).
_PAGE_SQL = """
WITH page AS (
  SELECT DISTINCT thread_started_at, COALESCE(thread_id, id) AS root FROM {comments}
  WHERE article_id = %s AND status = %s
  ORDER BY thread_started_at, root LIMIT %s OFFSET %s
)
SELECT id, parent_id, COALESCE(thread_id, id), thread_started_at, status,
       CASE WHEN status = %s THEN author_name ELSE '' END,
       CASE WHEN status = %s THEN text ELSE '' END,
       created_at
FROM {comments}
WHERE id IN (SELECT root FROM page) OR thread_id IN (SELECT root FROM page)
ORDER BY created_at, id
"""
_THREADS_SQL = """
SELECT COUNT(*) FROM (
  SELECT DISTINCT thread_started_at, COALESCE(thread_id, id) FROM {comments}
  WHERE article_id = %s AND status = %s
) AS threads
"""


def _sql(template: str) -> str:
    return template.format(comments=connection.ops.quote_name(Comment._meta.db_table))


def _moment(value) -> datetime:
    # SQLite hands back a naive UTC datetime (or its text); PostgreSQL an aware one.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _page_rows(article_id: int, *, offset: int, limit: int) -> list[tuple]:
    approved = CommentStatus.APPROVED
    params = [article_id, approved, limit, offset, approved, approved]
    with connection.cursor() as cursor:
        cursor.execute(_sql(_PAGE_SQL), params)
        return cursor.fetchall()


def _thread_count(article_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_sql(_THREADS_SQL), [article_id, CommentStatus.APPROVED])
        return cursor.fetchone()[0]


def _nodes(rows: list[tuple], roots: list[int]) -> list[CommentNode]:
    """The threads of ``roots`` from their rows (oldest first): approved comments, and removed
    ones kept in place where they have approved replies below them."""
    children: dict[int, list[int]] = {}
    by_id = {}
    shown: set[int] = set()
    for pk, parent_id, _root, _started, status, name, text, created_at in reversed(rows):
        by_id[pk] = (parent_id, status, name, text, created_at)
        if status == CommentStatus.APPROVED or pk in children:
            shown.add(pk)
            if parent_id is not None:
                children.setdefault(parent_id, [])
    for pk, parent_id, *_ in rows:
        if pk in shown and parent_id is not None and parent_id in by_id:
            children.setdefault(parent_id, []).append(pk)

    def node(pk: int) -> CommentNode:
        parent_id, status, name, text, created_at = by_id[pk]
        comment = PublicComment(
            pk, parent_id, name, text, _moment(created_at), status != CommentStatus.APPROVED
        )
        return CommentNode(comment, [node(child) for child in children.get(pk, ())])

    return [node(pk) for pk in roots if pk in shown]


def public_comment_page(
    *, article_id: int, page: int | str | None = 1, per_page: int = COMMENT_THREADS_PER_PAGE
) -> CommentPage:
    """Threads of an article, ``per_page`` a page, oldest first (by their first comment).

    Two queries whatever the article's size or the replies' depth: the page's threads with
    their comments, and the article's count. A thread shows when it has an approved comment;
    a reply stays visible when its parent is removed (the parent's place says so). A bad
    page number gives the first page; one past the end gives the last.
    """
    try:
        number = min(max(1, int(page or 1)), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    rows = _page_rows(article_id, offset=(number - 1) * per_page, limit=per_page + 1)
    if not rows and number > 1:
        number = max(1, -(-_thread_count(article_id) // per_page))
        rows = _page_rows(article_id, offset=(number - 1) * per_page, limit=per_page + 1)
    # Each thread's (start, root) once, in the page's order.
    roots = [root for _, root in sorted({(_moment(row[3]), row[2]) for row in rows})]
    return CommentPage(
        threads=_nodes(rows, roots[:per_page]),
        count=counts.approved_count(article_id),
        number=number,
        has_next=len(roots) > per_page,
    )


def articles_with_comments_under(page) -> bool:
    """True if ``page`` or a page below it is an article with comments (of any status)."""
    return Comment.objects.filter(article__path__startswith=page.path).exists()
