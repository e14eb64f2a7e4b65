"""Every status change of a comment after it was stored, and the decision row it leaves.

Invariants:
- A change names the status it was decided on (``expected``). A comment that is no longer in
  that status is left alone and reported as ``Stale`` with who moved it, when and to what:
  two moderators, or a moderator and screening, never silently undo each other. Without
  ``expected`` (screening's policy, the demo) every comment not yet in the target moves.
- The comments are locked for the change (``select_for_update``; SQLite takes the write lock
  when the transaction begins), so the status read is the status changed.
- Each changed comment gets one ``ModerationDecision`` in the same transaction, naming the
  actor's kind and name. The queries do not depend on how many comments change: one locking
  read, one ``INSERT ... SELECT`` of the decisions, one ``UPDATE``, one upsert of the
  articles' approved counts when they change (plus one read of the last decisions of stale
  comments, when there are any).
- One ``DecisionsRecorded`` event per call, dispatched after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from broadsheet.comments import counts
from broadsheet.comments.errors import CommentError
from broadsheet.comments.models import Comment, CommentStatus
from broadsheet.core.events import emit_on_commit
from broadsheet.moderation.events import DecisionsRecorded
from broadsheet.moderation.models import ActorKind, ModerationDecision, RejectReason

BATCH_MAX = 500  # ids per statement (SQLite bounds parameters); the queue sends at most this


@dataclass(frozen=True)
class Actor:
    """Who decides: a kind, a name kept with the decision, and the account if there is one."""

    kind: str
    name: str
    user: AbstractBaseUser | None = None

    @classmethod
    def moderator(cls, user: AbstractBaseUser) -> Actor:
        return cls(kind=ActorKind.MODERATOR, name=user.get_username(), user=user)


SCREENING = Actor(kind=ActorKind.SCREENING, name="screening")
SYSTEM = Actor(kind=ActorKind.SYSTEM, name="system")


@dataclass(frozen=True)
class Stale:
    """A comment that had moved on before the decision: its status and its last decision."""

    comment_id: int
    status: str
    actor: str = ""
    actor_kind: str = ""
    at: datetime | None = None
    reason: str = ""


@dataclass
class Outcome:
    changed: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)  # already in the target status
    stale: list[Stale] = field(default_factory=list)


_INSERT_DECISIONS = """
INSERT INTO {decisions} (comment_id, moderator_id, actor_kind, actor, created_at,
                         from_status, to_status, reason, note)
SELECT id, CAST(%s AS BIGINT), %s, %s, %s, status, %s, %s, %s FROM {comments}
WHERE id IN ({ids})
"""


def transition(
    *,
    comment_ids: Iterable[int],
    to_status: str,
    actor: Actor,
    expected: str | None = None,
    reason: str = "",
    note: str = "",
    now: datetime | None = None,
) -> Outcome:
    """Move the comments to ``to_status`` (see the module's invariants); what happened to each.

    Raises ``CommentError`` when an id does not exist (nothing changes then).
    """
    if to_status not in CommentStatus.values or (expected and expected not in CommentStatus.values):
        raise CommentError("status_invalid", gettext("Unknown status."))
    if reason and reason not in RejectReason.values:
        raise CommentError("reason_invalid", gettext("Unknown reason."), "reason")
    ids = sorted(set(comment_ids))
    now = now or timezone.now()
    with transaction.atomic():
        rows = []
        for start in range(0, len(ids), BATCH_MAX):  # one chunk for the queue's batches
            rows += (
                Comment.objects.select_for_update()
                .filter(pk__in=ids[start : start + BATCH_MAX])
                .order_by("pk")
                .values_list("pk", "status", "article_id")
            )
        if len(rows) != len(ids):
            raise CommentError(
                "comment_not_found", gettext("A selected comment no longer exists."), status=404
            )
        outcome = Outcome()
        moving: list[tuple[int, str, int]] = []
        stale_ids = []
        for pk, status, article_id in rows:
            if expected is not None and status != expected:
                stale_ids.append(pk)
            elif status == to_status:
                outcome.unchanged.append(pk)
            else:
                moving.append((pk, status, article_id))
        statuses = {pk: status for pk, status, _ in rows}
        for start in range(0, len(stale_ids), BATCH_MAX):
            outcome.stale += _stale(stale_ids[start : start + BATCH_MAX], statuses)
        for start in range(0, len(moving), BATCH_MAX):
            chunk = moving[start : start + BATCH_MAX]
            _write(chunk, to_status=to_status, actor=actor, reason=reason, note=note, now=now)
        if moving:
            outcome.changed = [pk for pk, _, _ in moving]
            public = {CommentStatus.APPROVED}
            emit_on_commit(
                DecisionsRecorded(
                    comment_ids=tuple(outcome.changed),
                    to_status=to_status,
                    actor_kind=actor.kind,
                    article_ids=tuple(sorted({a for _, _, a in moving})),
                    public_article_ids=tuple(
                        sorted({a for _, s, a in moving if s in public or to_status in public})
                    ),
                )
            )
    return outcome


def _write(moving, *, to_status: str, actor: Actor, reason: str, note: str, now) -> None:
    ids = [pk for pk, _, _ in moving]
    ops = connection.ops
    sql = _INSERT_DECISIONS.format(
        decisions=ops.quote_name(ModerationDecision._meta.db_table),
        comments=ops.quote_name(Comment._meta.db_table),
        ids=", ".join(["%s"] * len(ids)),
    )
    user_id = actor.user.pk if actor.user is not None else None
    params = [
        user_id,
        actor.kind,
        actor.name[:150],
        ops.adapt_datetimefield_value(now),
        to_status,
        reason,
        note,
        *ids,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    Comment.objects.filter(pk__in=ids).update(status=to_status, status_changed_at=now)
    deltas: dict[int, int] = {}
    for _, from_status, article_id in moving:
        change = (to_status == CommentStatus.APPROVED) - (from_status == CommentStatus.APPROVED)
        deltas[article_id] = deltas.get(article_id, 0) + change
    counts.apply_changes(deltas)


def _stale(ids: list[int], statuses: dict[int, str]) -> list[Stale]:
    """The last decision of each comment in ``ids`` (one query), as ``Stale`` reports."""
    if not ids:
        return []
    last: dict[int, ModerationDecision] = {}
    decisions = ModerationDecision.objects.filter(comment_id__in=ids).order_by("created_at", "pk")
    for decision in decisions.only(
        "comment_id", "actor", "actor_kind", "created_at", "reason", "to_status"
    ):
        last[decision.comment_id] = decision
    found = []
    for pk in ids:
        decision = last.get(pk)
        if decision is None:
            found.append(Stale(comment_id=pk, status=statuses[pk]))
        else:
            found.append(
                Stale(
                    comment_id=pk,
                    status=statuses[pk],
                    actor=decision.actor,
                    actor_kind=decision.actor_kind,
                    at=decision.created_at,
                    reason=decision.reason,
                )
            )
    return found
