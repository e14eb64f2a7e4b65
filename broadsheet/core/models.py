"""Core's own tables."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from broadsheet.core.purge_layers import PurgeLayer


class PendingPurge(models.Model):
    """A purge one cache layer did not take, kept where every process sees it, to redo.

    ``target`` is a path for the app's page cache, a full URL for the front cache. Written by
    the process whose purge failed (``broadsheet.core.pending``); read and deleted by whichever
    process next purges with that layer answering, and by ``broadsheet maintenance``. A row
    may be redone twice (by two processes); a purge is idempotent in effect, so that costs a
    render. Invariant: one row per (layer, target).
    """

    layer = models.CharField(max_length=8, choices=PurgeLayer.choices)
    target = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pending purge")
        verbose_name_plural = _("pending purges")
        constraints = [
            models.UniqueConstraint(fields=["layer", "target"], name="pending_purge_once")
        ]

    def __str__(self) -> str:
        return f"{self.layer}: {self.target}"
