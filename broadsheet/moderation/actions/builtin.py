"""The actions every site has: approve, reject with a reason, spam, and back to pending."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from broadsheet.comments.models import CommentStatus
from broadsheet.moderation.actions.base import ModerationAction
from broadsheet.moderation.actions.registry import register
from broadsheet.moderation.models import RejectReason

APPROVE = register(
    ModerationAction(
        name="approve",
        label=pgettext_lazy("moderation action", "Approve"),
        done=ngettext_lazy("Approved %(count)d comment", "Approved %(count)d comments", "count"),
        target_status=CommentStatus.APPROVED,
        key="a",
    )
)
REJECT = register(
    ModerationAction(
        name="reject",
        label=pgettext_lazy("moderation action", "Reject"),
        done=ngettext_lazy("Rejected %(count)d comment", "Rejected %(count)d comments", "count"),
        target_status=CommentStatus.REJECTED,
        key="r",
        needs_reason=True,
        button_class="no",
    )
)
SPAM = register(
    ModerationAction(
        name="spam",
        label=pgettext_lazy("moderation action", "Spam"),
        done=ngettext_lazy(
            "Marked %(count)d comment as spam", "Marked %(count)d comments as spam", "count"
        ),
        target_status=CommentStatus.SPAM,
        key="s",
        fixed_reason=RejectReason.SPAM,
        button_class="button-secondary",
    )
)
RETURN_TO_PENDING = register(
    ModerationAction(
        name="pending",
        label=_("Return to pending"),
        done=ngettext_lazy(
            "Returned %(count)d comment to pending",
            "Returned %(count)d comments to pending",
            "count",
        ),
        target_status=CommentStatus.PENDING,
        key="u",
        button_class="button-secondary",
    )
)
