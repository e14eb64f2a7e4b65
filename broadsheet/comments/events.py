"""What happens after a comment transaction commits. Called only through ``on_commit``."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def public_comments_changed(article_id: int) -> None:
    """The approved comments of an article changed: its cached pages are stale."""
    from broadsheet.core.page_cache import purge_article

    purge_article(article_id)


def decision_recorded(decision_id: int) -> None:
    """A moderator's decision is new training data for the learned screening model."""
    from broadsheet.comments.screening import decision_recorded as screening_decision_recorded

    screening_decision_recorded(decision_id)
