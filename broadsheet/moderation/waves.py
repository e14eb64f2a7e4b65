"""Spam waves: comments that share a near-duplicate band (``screening.nearduplicates``).

Writes: :func:`near_band_rows` (one comment's, stored with it at submission by
``core.rows.insert``) and :func:`near_bands_replace` (a batch, when comments are screened
again, inside the caller's transaction) keep ``CommentNearBand`` equal to each comment's
current key, always in the transaction that stores the screening.
Reads: :func:`recent_variant_sql`, a fragment of the submission's history query. (The
queue's reads of waves are in ``selectors``: ``similar_counts``, ``similar_comment_ids``.)

Invariants: a comment's rows are the bands of ``near_duplicate_key(text)`` at
``nearduplicates.VERSION``; a text too short to compare has none, so it is in no wave.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import connection

from broadsheet.core.rows import Children, insert_rows
from broadsheet.moderation.models import CommentNearBand
from broadsheet.screening import nearduplicates


def bands_of(near_key: str) -> list[str]:
    """The bands of a key (``""`` has none); anything malformed is dropped, not stored."""
    bands = near_key.split()
    if len(bands) != nearduplicates.BANDS or any(len(b) != 9 for b in bands):
        return []
    return bands


def near_band_rows(*, created_at: datetime, near_key: str) -> Children | None:
    """A new comment's bands, as rows ``core.rows.insert`` stores with it (None: no bands)."""
    bands = bands_of(near_key)
    if not bands:
        return None
    return Children(
        CommentNearBand, "comment", ("band", "created_at"), [(b, created_at) for b in bands]
    )


def near_bands_replace(keys: Iterable[tuple[int, datetime, str]]) -> None:
    """Make the bands of each ``(comment_id, created_at, near_key)`` the stored ones.

    Two statements for the whole batch: one DELETE, one INSERT. Used when comments are
    screened again, which also fills the table for comments stored before it existed.
    """
    keys = list(keys)
    if not keys:
        return
    CommentNearBand.objects.filter(comment_id__in=[pk for pk, _, _ in keys]).delete()
    insert_rows(
        CommentNearBand,
        ("comment", "band", "created_at"),
        [(pk, band, created_at) for pk, created_at, key in keys for band in bands_of(key)],
    )


def recent_variant_sql(near_key: str) -> tuple[str, list[str | None]]:
    """``EXISTS`` (SQL, params without the time bound) for a stored comment sharing a band.

    The caller appends the ``created_at >=`` bound as the last parameter. A key without
    bands looks for the band NULL, which matches nothing (one empty index probe).
    """
    bands: list[str | None] = list(bands_of(near_key)) or [None]
    table = connection.ops.quote_name(CommentNearBand._meta.db_table)
    marks = ", ".join(["%s"] * len(bands))
    # Only a quoted table name and placeholders are formatted in; the bands are parameters.
    sql = f"EXISTS (SELECT 1 FROM {table} WHERE band IN ({marks}) AND created_at >= %s)"  # noqa: S608
    return sql, bands
