"""Background tasks of the moderators' side (django-tasks; in-process without a worker)."""

from __future__ import annotations

from django_tasks import task

from broadsheet.moderation import site_screening, training


@task()
def retrain_screening(full: bool = False) -> int:
    """Teach the learned screening model the moderators' new decisions; returns its total."""
    return training.train(full=full).n_seen


@task()
def rescreen_queue() -> int:
    """Screen the pending comments again (word lists or policy changed); returns how many."""
    return site_screening.rescreen()
