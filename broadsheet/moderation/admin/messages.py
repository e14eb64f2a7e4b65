"""What a moderator is told after deciding: what changed, and what had moved on before.

A stale report names who moved the comment, when and to what, e.g. "Comment 12 was already
rejected as defamatory by ayse at 16:02; nothing was changed."
"""

from __future__ import annotations

from django.utils import dateformat, timezone

from broadsheet.comments.models import CommentStatus
from broadsheet.moderation.actions import ModerationAction
from broadsheet.moderation.models import ActorKind, RejectReason
from broadsheet.moderation.transitions import Outcome, Stale

_STATE = {
    CommentStatus.APPROVED: "approved",
    CommentStatus.REJECTED: "rejected",
    CommentStatus.SPAM: "marked as spam",
    CommentStatus.PENDING: "returned to pending",
}


def _when(moment) -> str:
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return f"at {dateformat.format(local, 'H:i')}"
    return f"on {dateformat.format(local, 'j F Y')} at {dateformat.format(local, 'H:i')}"


def stale_text(stale: Stale) -> str:
    """``already rejected as defamatory by ayse at 16:02`` (no capital, no full stop)."""
    if stale.at is None:  # never decided: still as it was stored
        return f"is {CommentStatus(stale.status).label.lower()}"
    text = f"was already {_STATE[stale.status]}"
    if stale.status == CommentStatus.REJECTED and stale.reason in RejectReason.values:
        text += f" as {RejectReason(stale.reason).label.lower()}"
    who = stale.actor if stale.actor_kind == ActorKind.MODERATOR else stale.actor_kind
    return f"{text} by {who} {_when(stale.at)}"


def outcome_messages(action: ModerationAction, outcome: Outcome, reason: str = "") -> list[str]:
    """Success first (if anything changed), then each comment that had moved on."""
    found = []
    changed = len(outcome.changed)
    if changed:
        noun = "comment" if changed == 1 else "comments"
        text = action.done.format(count=changed, noun=noun)
        if action.needs_reason and reason in RejectReason.values:
            text += f" ({RejectReason(reason).label})"
        found.append(text + ".")
    if outcome.unchanged:
        count = len(outcome.unchanged)
        verb = "was" if count == 1 else "were"
        found.append(f"{count} {verb} already {_STATE[action.target_status]}.")
    for stale in outcome.stale:
        found.append(f"Comment {stale.comment_id} {stale_text(stale)}; it was not changed.")
    return found
