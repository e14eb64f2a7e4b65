"""A moderation action: one business decision about comments, declared once.

Each action names itself, the status it moves comments to, whether it needs a reason, the
permission it needs and its keyboard key; the queue's buttons, forms, URLs, bulk actions,
messages and keyboard map are all generated from these declarations (``registry``).

Everything a moderator reads (``label``, ``done``) is a lazy translation, so it is looked up
in the language of the request that shows it (the moderator's Wagtail preference), never in
the language that was active when the module was imported.

Invariant: ``execute`` is the only way an action changes anything, and it goes through
``transitions.transition`` with the status the moderator saw, so a stale decision is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.utils.functional import Promise
from django.utils.translation import gettext

from broadsheet.comments.errors import CommentError
from broadsheet.moderation.models import RejectReason
from broadsheet.moderation.transitions import Actor, Outcome, transition

MODERATE_PERMISSION = "comments.moderate_comment"


@dataclass(frozen=True)
class ModerationAction:
    name: str  # in URLs and forms: /admin/comments/<id>/<name>/
    label: str | Promise  # the button (a lazy translation)
    # The message: an ``ngettext_lazy`` with a ``%(count)d`` placeholder, keyed on "count".
    done: str | Promise
    target_status: str
    key: str = ""  # keyboard shortcut in the queue ("" for none)
    needs_reason: bool = False
    fixed_reason: str = ""  # the reason recorded without asking (spam)
    permission: str = MODERATE_PERMISSION
    button_class: str = ""  # Wagtail's button modifier: "no", "button-secondary"

    def allowed(self, user: AbstractBaseUser | None) -> bool:
        return bool(user and user.is_active and user.has_perm(self.permission))

    def done_text(self, count: int) -> str:
        """``done`` for ``count`` comments, in the active language (no full stop)."""
        return self.done % {"count": count}

    def available_for(self, status: str) -> bool:
        """Whether a comment in ``status`` gets this action's button."""
        return status != self.target_status

    def execute(
        self,
        *,
        comment_ids: Iterable[int],
        user: AbstractBaseUser,
        expected: str | None,
        reason: str = "",
        note: str = "",
    ) -> Outcome:
        """Decide, as ``user``, on the comments that are still in ``expected``."""
        if not self.allowed(user):
            raise CommentError("forbidden", gettext("You may not moderate comments."), status=403)
        if self.needs_reason and not reason:
            raise CommentError(
                "reason_required", gettext("Choose a reason for rejecting."), "reason"
            )
        if reason and reason not in RejectReason.values:
            raise CommentError(
                "reason_invalid", gettext("Choose one of the listed reasons."), "reason"
            )
        return transition(
            comment_ids=comment_ids,
            to_status=self.target_status,
            actor=Actor.moderator(user),
            expected=expected,
            reason=(reason if self.needs_reason else self.fixed_reason),
            note=note,
        )
