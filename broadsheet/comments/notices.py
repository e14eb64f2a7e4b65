"""The legal notice versions readers were shown, looked up by what the form sent.

Invariant: ``CommentSettings.current_notice`` is the row of ``notice_version``, so a
submission from a current form finds its notice in the cached settings, with no query; only
a form older than the last change reads its version's row.
"""

from __future__ import annotations

from django.conf import settings

from broadsheet.comments.errors import CommentError
from broadsheet.comments.models import CommentSettings, LegalNotice, record_legal_notice


def notice_id(*, site_id: int, version: int, rules: CommentSettings, language: str = "") -> int:
    """The id of the notice version a form showed; the current one is recorded if missing.

    Raises ``CommentError`` for a version the site never had (a forged or stale form).
    """
    language = language or settings.LANGUAGE_CODE
    if version == rules.notice_version and rules.current_notice_id is not None:
        return rules.current_notice_id
    row = (
        LegalNotice.objects.filter(site_id=site_id, language=language, version=version)
        .values_list("pk", flat=True)
        .first()
    )
    if row is None:
        if version != rules.notice_version:
            raise CommentError(
                "notice_version_invalid", "The form is out of date; please reload the page."
            )
        row = record_legal_notice(
            site_id=site_id, version=version, language=language, text=rules.legal_notice
        ).pk
    if version == rules.notice_version:
        rules.current_notice_id = row
        rules.save(update_fields=["current_notice"])  # drops the cached settings
    return row


def notice_text(notice: LegalNotice | None) -> str:
    """The exact text a reader accepted, for the moderators' and the legal desk's pages."""
    return notice.text if notice is not None else ""


def record_first_version(sender, instance: CommentSettings, created: bool, **kwargs) -> None:
    """A site's new comment settings start with their notice recorded as version 1.

    The instance (the one the settings cache is about to keep) gets the row's id too, so the
    first submission finds it with no query.
    """
    if not created or instance.current_notice_id is not None:
        return
    notice = record_legal_notice(
        site_id=instance.site_id,
        version=instance.notice_version,
        language=settings.LANGUAGE_CODE,
        text=instance.legal_notice,
    )
    instance.current_notice_id = notice.pk
    CommentSettings.objects.filter(pk=instance.pk).update(current_notice=notice)
