"""Decisions for code that is not the queue: the demo, imports, the legal desk, tests.

Each is keyword-only and goes through ``transitions.transition`` like the queue's actions:
with ``expected`` it refuses to undo a change it did not see; without it, it moves every
comment not yet in the target status. ``moderator=None`` records the system as the actor.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext

from broadsheet.comments.errors import CommentError
from broadsheet.comments.models import CommentStatus
from broadsheet.moderation.models import RejectReason
from broadsheet.moderation.transitions import SYSTEM, Actor, Outcome, transition


def _actor(moderator: AbstractBaseUser | None) -> Actor:
    return Actor.moderator(moderator) if moderator is not None else SYSTEM


def comments_approve(
    *,
    comment_ids: Iterable[int],
    moderator: AbstractBaseUser | None,
    note: str = "",
    expected: str | None = None,
) -> Outcome:
    """Publish the comments. Approving an approved comment records nothing."""
    return transition(
        comment_ids=comment_ids,
        to_status=CommentStatus.APPROVED,
        actor=_actor(moderator),
        expected=expected,
        note=note,
    )


def comments_reject(
    *,
    comment_ids: Iterable[int],
    moderator: AbstractBaseUser | None,
    reason: str,
    note: str = "",
    expected: str | None = None,
) -> Outcome:
    """Refuse the comments with one of ``RejectReason``; they are kept, never deleted."""
    if not reason:
        raise CommentError("reason_required", gettext("Choose a reason for rejecting."), "reason")
    return transition(
        comment_ids=comment_ids,
        to_status=CommentStatus.REJECTED,
        actor=_actor(moderator),
        expected=expected,
        reason=reason,
        note=note,
    )


def comments_mark_spam(
    *,
    comment_ids: Iterable[int],
    moderator: AbstractBaseUser | None,
    note: str = "",
    expected: str | None = None,
) -> Outcome:
    """Move the comments to the Spam tab (kept, never deleted)."""
    return transition(
        comment_ids=comment_ids,
        to_status=CommentStatus.SPAM,
        actor=_actor(moderator),
        expected=expected,
        reason=RejectReason.SPAM,
        note=note,
    )


def comments_return_to_pending(
    *,
    comment_ids: Iterable[int],
    moderator: AbstractBaseUser | None,
    note: str = "",
    expected: str | None = None,
) -> Outcome:
    """Take the comments back to the queue (an approval or rejection undone)."""
    return transition(
        comment_ids=comment_ids,
        to_status=CommentStatus.PENDING,
        actor=_actor(moderator),
        expected=expected,
        note=note,
    )


def comment_approve(*, comment_id: int, moderator: AbstractBaseUser | None, **kwargs) -> Outcome:
    return comments_approve(comment_ids=[comment_id], moderator=moderator, **kwargs)


def comment_reject(*, comment_id: int, moderator: AbstractBaseUser | None, **kwargs) -> Outcome:
    return comments_reject(comment_ids=[comment_id], moderator=moderator, **kwargs)


def comment_mark_spam(*, comment_id: int, moderator: AbstractBaseUser | None, **kwargs) -> Outcome:
    return comments_mark_spam(comment_ids=[comment_id], moderator=moderator, **kwargs)
