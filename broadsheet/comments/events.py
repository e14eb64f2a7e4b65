"""What the comments layer tells the layers above, once the change has committed.

Subscribers (moderation, notifications) register in their ``AppConfig.ready`` with
``core.events.subscribe``; this package never imports them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommentSubmitted:
    """A reader's comment was stored (``status`` is PENDING unless a policy moved it)."""

    comment_id: int
    article_id: int
    status: str
