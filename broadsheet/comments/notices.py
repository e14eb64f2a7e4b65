"""The legal notice versions readers were shown, looked up by what the form sent.

Invariants:
- Each language has its own notice and versions (``models.NOTICE_FIELDS``); a form shows and
  sends the version of its article's language, and the comment points at that language's row.
- ``CommentSettings``' recorded row of a language is the row of that language's current
  version, so a submission from a current form finds its notice in the cached settings, with
  no query; only a form older than the last change reads its version's row.
"""

from __future__ import annotations

from django.conf import settings

from broadsheet.comments.errors import CommentError
from broadsheet.comments.models import (
    NOTICE_FIELDS,
    CommentSettings,
    LegalNotice,
    record_legal_notice,
)


def notice_id(*, site_id: int, version: int, rules: CommentSettings, language: str = "") -> int:
    """The id of the notice version a form showed in ``language``; the current one is recorded
    if missing.

    Raises ``CommentError`` for a version the site never had (a forged or stale form).
    """
    shown = rules.notice(language or settings.LANGUAGE_CODE)
    if version == shown.version and shown.notice_id is not None:
        return shown.notice_id
    row = (
        LegalNotice.objects.filter(site_id=site_id, language=shown.language, version=version)
        .values_list("pk", flat=True)
        .first()
    )
    if row is None:
        if version != shown.version:
            raise CommentError(
                "notice_version_invalid", "The form is out of date; please reload the page."
            )
        row = record_legal_notice(
            site_id=site_id, version=version, language=shown.language, text=shown.text
        ).pk
    if version == shown.version:
        row_field = NOTICE_FIELDS[shown.language][2]
        setattr(rules, f"{row_field}_id", row)
        rules.save(update_fields=[row_field])  # drops the cached settings
    return row


def notice_text(notice: LegalNotice | None) -> str:
    """The exact text a reader accepted, for the moderators' and the legal desk's pages."""
    return notice.text if notice is not None else ""


def record_first_version(sender, instance: CommentSettings, created: bool, **kwargs) -> None:
    """A site's new comment settings start with each language's notice recorded as version 1.

    The instance (the one the settings cache is about to keep) gets the rows' ids too, so the
    first submission finds them with no query.
    """
    if not created:
        return
    recorded = {}
    for language, (text_field, version_field, row_field) in NOTICE_FIELDS.items():
        if getattr(instance, f"{row_field}_id") is not None:
            continue
        notice = record_legal_notice(
            site_id=instance.site_id,
            version=getattr(instance, version_field),
            language=language,
            text=getattr(instance, text_field),
        )
        setattr(instance, f"{row_field}_id", notice.pk)
        recorded[row_field] = notice
    if recorded:
        CommentSettings.objects.filter(pk=instance.pk).update(**recorded)
