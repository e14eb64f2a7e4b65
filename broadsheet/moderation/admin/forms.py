"""Forms of the moderators' admin: queue filters and decisions, built from the actions.

Invariant: every decision form carries ``expected``, the status the moderator saw; without it
the decision is refused rather than guessed.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from broadsheet.comments.models import CommentStatus
from broadsheet.moderation.actions import ModerationAction, all_actions
from broadsheet.moderation.actions import get as get_action
from broadsheet.moderation.admin.labels import status_choices
from broadsheet.moderation.models import RejectReason

NOTE_MAX = 2000
BULK_MAX = 500
QUERY_MAX = 200
STALE_FORM = gettext_lazy("The page was out of date; reload it and decide again.")
REASON_REQUIRED = gettext_lazy("Choose a reason for rejecting.")
REASON_INVALID = gettext_lazy("Choose one of the listed reasons.")


def reject_reason_choices() -> list[tuple[str, str]]:
    """The reasons, labelled in the active language, after an empty "choose" entry."""
    return [("", gettext("Choose a reason…")), *RejectReason.choices]


class QueueFilterForm(forms.Form):
    """The queue's GET parameters. Anything invalid falls back to the default."""

    status = forms.CharField(required=False)
    order = forms.ChoiceField(
        choices=[
            ("risk", pgettext_lazy("queue order", "Highest risk first")),
            ("age", pgettext_lazy("queue order", "Oldest first")),
        ],
        required=False,
    )
    article = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)  # bigint
    q = forms.CharField(required=False, max_length=QUERY_MAX, strip=True)
    similar = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)  # a wave
    after = forms.CharField(required=False, max_length=80)

    def values(self) -> dict:
        self.is_valid()
        data = self.cleaned_data
        status = data.get("status") or ""
        return {
            "status": status if status in CommentStatus.values else CommentStatus.PENDING,
            "order": data.get("order") or "risk",
            "article": data.get("article"),
            "q": data.get("q") or "",
            "similar": data.get("similar"),
            "after": data.get("after") or "",
        }


class DecisionForm(forms.Form):
    """One action on one comment: the status it was decided on, a reason if needed, a note."""

    expected = forms.ChoiceField(
        choices=status_choices,
        error_messages={"required": STALE_FORM, "invalid_choice": STALE_FORM},
    )
    reason = forms.ChoiceField(
        choices=reject_reason_choices,
        required=False,
        error_messages={"invalid_choice": REASON_INVALID},
    )
    note = forms.CharField(required=False, max_length=NOTE_MAX, strip=True)

    def __init__(self, *args, action: ModerationAction, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action

    def clean(self):
        cleaned = super().clean()
        if self.action.needs_reason and not cleaned.get("reason") and "reason" not in self.errors:
            self.add_error("reason", REASON_REQUIRED)
        return cleaned


class CommentIdsField(forms.TypedMultipleChoiceField):
    """Comment ids as integers. The service refuses ids that do not exist."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, choices=(), **kwargs)
        self.error_messages["required"] = gettext_lazy("Select at least one comment.")
        self.error_messages["invalid_choice"] = gettext_lazy(
            "The selection is not valid; reload the page."
        )

    def valid_value(self, value) -> bool:
        return isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19


class BulkActionForm(forms.Form):
    """One action on the selected comments of one tab (``expected`` is the tab's status)."""

    action = forms.ChoiceField(choices=lambda: [(a.name, a.label) for a in all_actions()])
    ids = CommentIdsField()
    expected = forms.ChoiceField(
        choices=status_choices,
        error_messages={"required": STALE_FORM, "invalid_choice": STALE_FORM},
    )
    reason = forms.ChoiceField(
        choices=reject_reason_choices,
        required=False,
        error_messages={"invalid_choice": REASON_INVALID},
    )
    note = forms.CharField(required=False, max_length=NOTE_MAX, strip=True)

    def clean_ids(self):
        ids = self.cleaned_data["ids"]
        if len(ids) > BULK_MAX:
            raise forms.ValidationError(
                gettext("Select at most %(count)d comments at once.") % {"count": BULK_MAX}
            )
        return ids

    def clean(self):
        cleaned = super().clean()
        action = get_action(cleaned.get("action") or "")
        needs_reason = action is not None and action.needs_reason
        if needs_reason and not cleaned.get("reason") and "reason" not in self.errors:
            self.add_error("reason", REASON_REQUIRED)
        return cleaned
