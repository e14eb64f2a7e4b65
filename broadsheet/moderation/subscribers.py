"""What moderation does once a batch of decisions has committed (see ``events``).

Each subscriber runs once per batch, whatever its size: each article is purged once, the
queue counts are dropped once, retraining is considered once.
"""

from __future__ import annotations

from broadsheet.core.events import subscribe
from broadsheet.moderation import selectors, tasks, training
from broadsheet.moderation.events import DecisionsRecorded
from broadsheet.moderation.models import ActorKind
from broadsheet.news.purge import purge_articles


def purge_public_pages(event: DecisionsRecorded) -> None:
    """Each article whose readers see a change is purged once, in both cache layers."""
    purge_articles(event.public_article_ids)


def refresh_queue_counts(event: DecisionsRecorded) -> None:
    selectors.queue_counts_invalidate()


def consider_retraining(event: DecisionsRecorded) -> None:
    """A moderator's decisions are training data; screening's and the system's are not."""
    if event.actor_kind == ActorKind.MODERATOR and training.retraining_due():
        tasks.retrain_screening.enqueue()


def connect() -> None:
    for subscriber in (purge_public_pages, refresh_queue_counts, consider_retraining):
        subscribe(DecisionsRecorded, subscriber)
