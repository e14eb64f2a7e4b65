"""Comment rules and the legal notice show on every article page: saving them purges pages.

A site's new settings also get their first notice version recorded (``notices``).
"""

from __future__ import annotations

from django.db.models.signals import post_save

from broadsheet.comments import notices
from broadsheet.comments.models import CommentSettings
from broadsheet.news.purge import purge_site


def _rules_changed(sender, **kwargs) -> None:
    purge_site()


def connect() -> None:
    post_save.connect(notices.record_first_version, sender=CommentSettings)
    post_save.connect(_rules_changed, sender=CommentSettings)
