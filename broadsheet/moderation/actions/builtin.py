"""The actions every site has: approve, reject with a reason, spam, and back to pending."""

from __future__ import annotations

from broadsheet.comments.models import CommentStatus
from broadsheet.moderation.actions.base import ModerationAction
from broadsheet.moderation.actions.registry import register
from broadsheet.moderation.models import RejectReason

APPROVE = register(
    ModerationAction(
        name="approve",
        label="Approve",
        done="Approved {count} {noun}",
        target_status=CommentStatus.APPROVED,
        key="a",
    )
)
REJECT = register(
    ModerationAction(
        name="reject",
        label="Reject",
        done="Rejected {count} {noun}",
        target_status=CommentStatus.REJECTED,
        key="r",
        needs_reason=True,
        button_class="no",
    )
)
SPAM = register(
    ModerationAction(
        name="spam",
        label="Spam",
        done="Marked {count} {noun} as spam",
        target_status=CommentStatus.SPAM,
        key="s",
        fixed_reason=RejectReason.SPAM,
        button_class="button-secondary",
    )
)
RETURN_TO_PENDING = register(
    ModerationAction(
        name="pending",
        label="Return to pending",
        done="Returned {count} {noun} to pending",
        target_status=CommentStatus.PENDING,
        key="u",
        button_class="button-secondary",
    )
)
