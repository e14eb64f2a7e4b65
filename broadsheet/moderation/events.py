"""What a batch of decisions means for the rest of the site, once it has committed.

``transitions.transition`` emits one ``DecisionsRecorded`` per batch; ``subscribers`` holds
what moderation itself does about it. Layers above (notifications, the legal desk)
subscribe the same way, with ``core.events.subscribe`` in their ``AppConfig.ready``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DecisionsRecorded:
    """Comments moved to ``to_status`` by one actor in one transaction."""

    comment_ids: tuple[int, ...]
    to_status: str
    actor_kind: str
    article_ids: tuple[int, ...]
    #: Articles whose public comments changed (a comment left or reached APPROVED).
    public_article_ids: tuple[int, ...]
