"""Forms of the moderators' admin: queue filters, decisions, and the comment settings.

This module is imported by ``comments.models`` (for ``CommentSettings.base_form_class``), so
it imports nothing from the comments app at module level.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from wagtail.admin.forms import WagtailAdminModelForm

NOTE_MAX = 2000
BULK_MAX = 500
QUERY_MAX = 200
ACTIONS = ("approve", "reject", "spam")


def _reject_reason_choices():
    from broadsheet.comments.models import RejectReason

    return [("", "Choose a reason…"), *RejectReason.choices]


class QueueFilterForm(forms.Form):
    """The queue's GET parameters. Anything invalid falls back to the default."""

    status = forms.CharField(required=False)
    order = forms.ChoiceField(choices=[("risk", "Risk"), ("age", "Oldest first")], required=False)
    article = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)  # bigint
    q = forms.CharField(required=False, max_length=QUERY_MAX, strip=True)
    after = forms.CharField(required=False, max_length=80)

    def values(self) -> dict:
        from broadsheet.comments.models import CommentStatus

        self.is_valid()
        data = self.cleaned_data
        status = data.get("status") or ""
        return {
            "status": status if status in CommentStatus.values else CommentStatus.PENDING,
            "order": data.get("order") or "risk",
            "article": data.get("article"),
            "q": data.get("q") or "",
            "after": data.get("after") or "",
        }


class NoteForm(forms.Form):
    note = forms.CharField(required=False, max_length=NOTE_MAX, strip=True)


class RejectForm(NoteForm):
    reason = forms.ChoiceField(
        choices=_reject_reason_choices,
        error_messages={
            "required": "Choose a reason for rejecting.",
            "invalid_choice": "Choose one of the listed reasons.",
        },
    )


class CommentIdsField(forms.TypedMultipleChoiceField):
    """Comment ids as integers. The service refuses ids that do not exist."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, choices=(), **kwargs)
        self.error_messages["required"] = "Select at least one comment."
        self.error_messages["invalid_choice"] = "The selection is not valid; reload the page."

    def valid_value(self, value) -> bool:
        return isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19


class BulkActionForm(NoteForm):
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    ids = CommentIdsField()
    reason = forms.ChoiceField(
        choices=_reject_reason_choices,
        required=False,
        error_messages={"invalid_choice": "Choose one of the listed reasons."},
    )

    def clean_ids(self):
        ids = self.cleaned_data["ids"]
        if len(ids) > BULK_MAX:
            raise forms.ValidationError(f"Select at most {BULK_MAX} comments at once.")
        return ids

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not cleaned.get("reason"):
            self.add_error("reason", "Choose a reason for rejecting.")
        return cleaned


class CommentSettingsForm(WagtailAdminModelForm):
    """Comment settings: a changed legal notice raises ``notice_version`` (via the service).

    The settings row is locked while saving, so two editors saving at once cannot both raise
    the version to the same number, and neither can overwrite the other's version.
    """

    def save(self, commit=True):
        if not commit or self.instance.pk is None or "legal_notice" not in self.fields:
            return super().save(commit=commit)
        from broadsheet.comments import services

        new_text = self.instance.legal_notice
        with transaction.atomic():
            stored = type(self.instance).objects.select_for_update().get(pk=self.instance.pk)
            self.instance.legal_notice = stored.legal_notice
            self.instance.notice_version = stored.notice_version
            instance = super().save(commit=True)
            services.legal_notice_update(comment_settings=instance, text=new_text)
        return instance
