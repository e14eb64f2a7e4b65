"""The cache layers a purge can miss (``PendingPurge.layer``): no imports of ours, so the
cache modules, which load before the app registry is ready, and the models can share it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PurgeLayer(models.TextChoices):
    PAGE = "page", _("page cache (a path)")
    FRONT = "front", _("front cache (a full URL)")
