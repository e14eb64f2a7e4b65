"""Core's own tables."""

from __future__ import annotations

from django.db import models


class PendingPurge(models.Model):
    """A page-cache purge that could not reach the shared cache, kept for any process to redo.

    Written by the process whose purge failed; read and deleted by whichever process next
    serves pages with the cache answering (``broadsheet.core.page_cache``). A row may be
    redone twice (by two processes); a purge is idempotent in effect, so that costs a render.
    """

    path = models.TextField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pending page-cache purge"

    def __str__(self) -> str:
        return self.path


class PendingFrontPurge(models.Model):
    """A front-cache purge (a full URL) that the front cache did not take, kept to send again.

    Written and deleted by ``broadsheet.core.front_cache``; sent again with the next purge
    any process makes after the pause, and by ``broadsheet maintenance``.
    """

    url = models.TextField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pending front-cache purge"

    def __str__(self) -> str:
        return self.url
