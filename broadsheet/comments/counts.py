"""The approved-comment count of each article, kept beside the comments.

Invariants:
- ``ArticleCommentCount.approved`` equals the article's approved comments once every status
  change has gone through ``apply_changes`` (``moderation.transitions`` calls it in the
  change's transaction). A missing row means no approved comment.
- ``recount`` rebuilds the rows from the comments (imports and bulk loads that bypass the
  transitions call it; ``broadsheet maintenance`` runs it to heal any drift).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import connection, transaction
from django.db.models import Count

from broadsheet.comments.models import ArticleCommentCount, Comment, CommentStatus

_UPSERT = """
INSERT INTO {table} (article_id, approved) VALUES {values}
ON CONFLICT (article_id) DO UPDATE SET approved = {table}.approved + excluded.approved
"""


def approved_count(article_id: int) -> int:
    """The article's approved comments, from its count row (one indexed read)."""
    found = (
        ArticleCommentCount.objects.filter(article_id=article_id)
        .values_list("approved", flat=True)
        .first()
    )
    return max(0, found or 0)


def apply_changes(deltas: Mapping[int, int]) -> None:
    """Add ``deltas[article_id]`` to each article's count: one statement for any number."""
    changed = [(article_id, delta) for article_id, delta in sorted(deltas.items()) if delta]
    if not changed:
        return
    table = connection.ops.quote_name(ArticleCommentCount._meta.db_table)
    sql = _UPSERT.format(table=table, values=", ".join(["(%s, %s)"] * len(changed)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for pair in changed for value in pair])


def recount(article_ids: Iterable[int] | None = None) -> int:
    """Rebuild the counts of these articles (all when None) from their comments; how many."""
    approved = Comment.objects.filter(status=CommentStatus.APPROVED)
    rows = ArticleCommentCount.objects.all()
    if article_ids is not None:
        ids = sorted(set(article_ids))
        approved = approved.filter(article_id__in=ids)
        rows = rows.filter(article_id__in=ids)
    counts = dict(
        approved.order_by()
        .values("article_id")
        .annotate(n=Count("pk"))
        .values_list("article_id", "n")
    )
    with transaction.atomic():
        rows.delete()
        ArticleCommentCount.objects.bulk_create(
            [ArticleCommentCount(article_id=a, approved=n) for a, n in counts.items()]
        )
    return len(counts)
