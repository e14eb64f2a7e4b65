"""The words the moderators' admin uses for a comment's status and a decision's actor.

``comments.CommentStatus`` names the statuses for the data; the moderators' screens say them
in the moderator's language through these lazy translations (contexts keep the tab "Spam"
apart from the action "Spam"). Phrases that need a status inside a sentence ("No pending
comments") are whole sentences here, never a label lower-cased into English grammar:
lower-casing a Turkish label with ``str.lower`` would turn "İ" into "i̇".
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy

from broadsheet.comments.models import CommentStatus
from broadsheet.moderation.models import ActorKind

STATUS_LABELS: dict[str, Promise] = {
    CommentStatus.PENDING: pgettext_lazy("comment status", "Pending"),
    CommentStatus.APPROVED: pgettext_lazy("comment status", "Approved"),
    CommentStatus.REJECTED: pgettext_lazy("comment status", "Rejected"),
    CommentStatus.SPAM: pgettext_lazy("comment status", "Spam"),
}


# The status as a word inside a sentence, e.g. "Comment 12 by Pat (approved)".
STATUS_WORDS: dict[str, Promise] = {
    CommentStatus.PENDING: pgettext_lazy("comment status, in a sentence", "pending"),
    CommentStatus.APPROVED: pgettext_lazy("comment status, in a sentence", "approved"),
    CommentStatus.REJECTED: pgettext_lazy("comment status, in a sentence", "rejected"),
    CommentStatus.SPAM: pgettext_lazy("comment status, in a sentence", "spam"),
}


def status_word(status: str) -> str:
    """``status`` in the middle of a sentence (the stored value if it is unknown)."""
    word = STATUS_WORDS.get(status)
    return str(word) if word is not None else status


def status_label(status: str) -> str:
    """The tab's name for ``status`` (the stored value itself if it is unknown)."""
    label = STATUS_LABELS.get(status)
    return str(label) if label is not None else status


def status_choices() -> list[tuple[str, str]]:
    """``CommentStatus.choices`` with the moderators' labels, in the queue's tab order."""
    return [(value, status_label(value)) for value in CommentStatus.values]


def no_comments_text(status: str, *, filtered: bool) -> str:
    """The empty tab: "No pending comments." or "No pending comments match these filters." """
    if filtered:
        texts = {
            CommentStatus.PENDING: gettext("No pending comments match these filters."),
            CommentStatus.APPROVED: gettext("No approved comments match these filters."),
            CommentStatus.REJECTED: gettext("No rejected comments match these filters."),
            CommentStatus.SPAM: gettext("No spam comments match these filters."),
        }
    else:
        texts = {
            CommentStatus.PENDING: gettext("No pending comments."),
            CommentStatus.APPROVED: gettext("No approved comments."),
            CommentStatus.REJECTED: gettext("No rejected comments."),
            CommentStatus.SPAM: gettext("No spam comments."),
        }
    return texts.get(status, gettext("No comments."))


def back_to_tab_text(status: str) -> str:
    """The detail page's link back: "← Back to the pending comments"."""
    texts = {
        CommentStatus.PENDING: gettext("← Back to the pending comments"),
        CommentStatus.APPROVED: gettext("← Back to the approved comments"),
        CommentStatus.REJECTED: gettext("← Back to the rejected comments"),
        CommentStatus.SPAM: gettext("← Back to the spam comments"),
    }
    return texts.get(status, gettext("← Back to the comments"))


def actor_kind_label(kind: str) -> str:
    """The kind of actor as the history names it (the stored value if it is unknown)."""
    return str(ActorKind(kind).label) if kind in ActorKind.values else kind
