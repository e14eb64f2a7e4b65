"""What a moderator is told after deciding: what changed, and what had moved on before.

A stale report names who moved the comment, when and to what, e.g. "Comment 12 was already
rejected as defamatory by ayse at 16:02; it was not changed."

Invariants:
- Every report is a whole sentence translated as one (``gettext``/``ngettext`` with named
  placeholders), so a translation can order its words as its language needs; no label is
  lower-cased or glued into English grammar.
- Texts are translated when they are built, inside the request that activated the
  moderator's language: Django's messages are stored as plain strings and shown after the
  redirect.
- Dates and times are in the current time zone (the moderator's Wagtail preference) and
  month names in the active language.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import dateformat, timezone
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy

from broadsheet.comments.models import CommentStatus
from broadsheet.moderation.actions import ModerationAction
from broadsheet.moderation.models import ActorKind, RejectReason
from broadsheet.moderation.transitions import Outcome, Stale

# "rejected as <reason>": the reasons as the middle of a sentence.
_REASON_PHRASES = {
    RejectReason.ILLEGAL: pgettext_lazy("rejected as", "illegal"),
    RejectReason.THREATENING: pgettext_lazy("rejected as", "threatening"),
    RejectReason.INSULTING: pgettext_lazy("rejected as", "insulting or swearing"),
    RejectReason.DEROGATORY: pgettext_lazy("rejected as", "derogatory"),
    RejectReason.DEFAMATORY: pgettext_lazy("rejected as", "defamatory"),
    RejectReason.VULGAR: pgettext_lazy("rejected as", "vulgar or pornographic"),
    RejectReason.PERSONAL_DATA: pgettext_lazy("rejected as", "personal data"),
    RejectReason.SPAM: pgettext_lazy("rejected as", "spam"),
    RejectReason.OFF_TOPIC: pgettext_lazy("rejected as", "off-topic"),
}

# "by <who>" when no moderator decided.
_ACTOR_KINDS = {
    ActorKind.SCREENING: pgettext_lazy("decided by", "screening"),
    ActorKind.SYSTEM: pgettext_lazy("decided by", "system"),
    ActorKind.IMPORT: pgettext_lazy("decided by", "import"),
    ActorKind.READER: pgettext_lazy("decided by", "reader"),
}


def _when(moment: datetime) -> str:
    """``at 16:02`` today, else ``on 1 December 2026 at 16:02`` (local time, local words)."""
    local = timezone.localtime(moment)
    time = dateformat.format(local, "H:i")
    if local.date() == timezone.localdate():
        return pgettext("decided", "at %(time)s") % {"time": time}
    date = dateformat.format(local, "j F Y")
    return pgettext("decided", "on %(date)s at %(time)s") % {"date": date, "time": time}


def _who(stale: Stale) -> str:
    if stale.actor_kind == ActorKind.MODERATOR:
        return stale.actor
    phrase = _ACTOR_KINDS.get(stale.actor_kind)
    return str(phrase) if phrase is not None else stale.actor_kind


def _never_decided(stale: Stale) -> str:
    """A comment still as it was stored, in another status than the one the moderator saw."""
    texts = {
        CommentStatus.PENDING: gettext("Comment %(id)s is pending; it was not changed."),
        CommentStatus.APPROVED: gettext("Comment %(id)s is approved; it was not changed."),
        CommentStatus.REJECTED: gettext("Comment %(id)s is rejected; it was not changed."),
        CommentStatus.SPAM: gettext("Comment %(id)s is spam; it was not changed."),
    }
    return texts[stale.status] % {"id": stale.comment_id}


def stale_message(stale: Stale) -> str:
    """One sentence: which comment had moved on, to what, by whom and when."""
    if stale.at is None:
        return _never_decided(stale)
    values = {"id": stale.comment_id, "who": _who(stale), "when": _when(stale.at)}
    reason = _REASON_PHRASES.get(stale.reason)
    if stale.status == CommentStatus.REJECTED and reason is not None:
        text = gettext(
            "Comment %(id)s was already rejected as %(reason)s by %(who)s %(when)s; "
            "it was not changed."
        )
        return text % {**values, "reason": reason}
    texts = {
        CommentStatus.APPROVED: gettext(
            "Comment %(id)s was already approved by %(who)s %(when)s; it was not changed."
        ),
        CommentStatus.REJECTED: gettext(
            "Comment %(id)s was already rejected by %(who)s %(when)s; it was not changed."
        ),
        CommentStatus.SPAM: gettext(
            "Comment %(id)s was already marked as spam by %(who)s %(when)s; it was not changed."
        ),
        CommentStatus.PENDING: gettext(
            "Comment %(id)s was already returned to pending by %(who)s %(when)s; "
            "it was not changed."
        ),
    }
    return texts[stale.status] % values


def _unchanged_message(status: str, count: int) -> str:
    """Comments that were already where the action would have put them."""
    texts = {
        CommentStatus.APPROVED: ngettext(
            "%(count)d was already approved.", "%(count)d were already approved.", count
        ),
        CommentStatus.REJECTED: ngettext(
            "%(count)d was already rejected.", "%(count)d were already rejected.", count
        ),
        CommentStatus.SPAM: ngettext(
            "%(count)d was already marked as spam.",
            "%(count)d were already marked as spam.",
            count,
        ),
        CommentStatus.PENDING: ngettext(
            "%(count)d was already pending.", "%(count)d were already pending.", count
        ),
    }
    return texts[status] % {"count": count}


def outcome_messages(action: ModerationAction, outcome: Outcome, reason: str = "") -> list[str]:
    """Success first (if anything changed), then each comment that had moved on."""
    found = []
    changed = len(outcome.changed)
    if changed:
        done = action.done_text(changed)
        if action.needs_reason and reason in RejectReason.values:
            label = RejectReason(reason).label
            found.append(gettext("%(done)s (%(reason)s).") % {"done": done, "reason": label})
        else:
            found.append(gettext("%(done)s.") % {"done": done})
    if outcome.unchanged:
        found.append(_unchanged_message(action.target_status, len(outcome.unchanged)))
    found += [stale_message(stale) for stale in outcome.stale]
    return found
