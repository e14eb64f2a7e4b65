"""Teaching the learned screening model the moderators' decisions.

Invariant: only decisions of ``ActorKind.MODERATOR`` teach it, including those of moderators
whose account has since been deleted; screening's, the system's and imports' never do.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from broadsheet.comments.models import CommentStatus
from broadsheet.core import site_settings
from broadsheet.moderation.models import (
    ActorKind,
    LearnedModelState,
    ModerationDecision,
    ScreeningPolicy,
)
from broadsheet.screening.learned import LearnedModel

logger = logging.getLogger(__name__)

LABELS = {CommentStatus.APPROVED: 0, CommentStatus.REJECTED: 1, CommentStatus.SPAM: 1}


def _human_decisions():
    """Decisions by moderators (kept when the account is deleted), the model's only teacher."""
    return ModerationDecision.objects.filter(
        actor_kind=ActorKind.MODERATOR, to_status__in=list(LABELS)
    )


def train(*, full: bool = False, now=None) -> LearnedModelState:
    """Learn from moderators' decisions: all of them (``full``) or those since the last run.

    A comment decided more than once counts with its latest decision.
    """
    now = now or timezone.now()
    state = LearnedModelState.objects.first()
    decisions = _human_decisions().filter(created_at__lte=now)
    if state is not None and not full:
        decisions = decisions.filter(created_at__gt=state.trained_through)
    latest: dict[int, tuple[str, str]] = {}
    for comment_id, to_status, text in decisions.order_by("created_at", "pk").values_list(
        "comment_id", "to_status", "comment__text"
    ):
        latest[comment_id] = (to_status, text)
    texts = [text for _, text in latest.values()]
    labels = [LABELS[status] for status, _ in latest.values()]
    if full or state is None:
        model = LearnedModel.new()
        if texts and len(set(labels)) == 2:
            model.fit(texts, labels)
        elif texts:
            model.partial_fit(texts, labels)
    else:
        try:
            model = LearnedModel.from_bytes(bytes(state.model))
        except ValueError:
            # Saved in a format no longer read (an earlier version's pickle): learn afresh.
            logger.warning("learned screening model unreadable; retraining from every decision")
            return train(full=True, now=now)
        model.partial_fit(texts, labels)
    if state is None:
        state = LearnedModelState(trained_through=now)
    state.model = model.to_bytes()
    state.n_seen = model.n_seen
    state.trained_through = now
    state.save()
    return state


def retraining_due() -> bool:
    """Whether ``retrain_every`` moderators' decisions were made since the model last learned.

    The learned model is one per deployment; its thresholds come from the default site's
    policy (docs/deploy.md: one site per deployment is the supported shape).
    """
    policy = site_settings.setting_for_site_id(ScreeningPolicy)
    state = LearnedModelState.objects.only("trained_through").first()
    pending = _human_decisions()
    if state is not None:
        pending = pending.filter(created_at__gt=state.trained_through)
    return pending[: policy.retrain_every].count() >= policy.retrain_every
