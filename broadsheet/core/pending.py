"""Purges a cache layer did not take, kept in the database for whichever process comes next.

The app's page cache (``core.page_cache``, targets are paths) and the front cache
(``core.front_cache``, targets are full URLs) share one table, ``PendingPurge``, with a row per
(layer, target). Every function here survives a database that is away or not yet migrated: it
logs and does nothing, and the caller's own purge carries on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import DatabaseError, transaction

from broadsheet.core.purge_layers import PurgeLayer

logger = logging.getLogger(__name__)


def _table():
    # Imported when used: the cache modules load before the app registry is ready.
    from broadsheet.core.models import PendingPurge

    return PendingPurge


def keep(layer: PurgeLayer, targets: Iterable[str]) -> None:
    """Record ``targets`` as not purged in ``layer`` (a target already kept stays once)."""
    table = _table()
    rows = [table(layer=layer, target=target) for target in dict.fromkeys(targets)]
    if not rows:
        return
    try:
        with transaction.atomic():
            table.objects.bulk_create(rows, ignore_conflicts=True)
    except DatabaseError:
        logger.warning("could not record pending %s purges", layer, exc_info=True)


def pending(layer: PurgeLayer, *, limit: int) -> list[str]:
    """Up to ``limit`` kept targets of ``layer``, oldest first (none if unreadable)."""
    try:
        found = _table().objects.filter(layer=layer).order_by("pk")
        return list(found.values_list("target", flat=True)[:limit])
    except DatabaseError:  # not migrated yet, or the database is away: next time
        logger.debug("pending %s purges unreadable", layer, exc_info=True)
        return []


def forget(layer: PurgeLayer, targets: Iterable[str]) -> None:
    """Drop the rows of ``targets`` in ``layer`` (they were purged)."""
    targets = list(targets)
    if not targets:
        return
    try:
        _table().objects.filter(layer=layer, target__in=targets).delete()
    except DatabaseError:
        logger.warning("could not clear pending %s purges", layer, exc_info=True)
