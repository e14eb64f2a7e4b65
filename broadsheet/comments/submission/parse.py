"""Parsing what the comment form or the JSON endpoint sent: shape and types only.

Invariant: string values are passed on exactly as received; the services decide what is valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from broadsheet.comments.errors import CommentError

FIELDS = ("author_name", "author_email", "text", "parent", "notice_version")


@dataclass(frozen=True)
class Submission:
    author_name: str
    author_email: str
    text: str
    parent_id: int | None
    notice_version: int
    form_token: str
    idempotency_key: str
    honeypot: str


def _string(data: Mapping[str, Any], name: str, field: str | None = None) -> str:
    value = data.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise CommentError(
            "field_type", _("'%(name)s' must be text.") % {"name": name}, field or name
        )
    return value


def _optional_int(data: Mapping[str, Any], name: str) -> int | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise CommentError("field_type", _("'%(name)s' must be a number.") % {"name": name}, name)
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: JSON's 1e999 is infinity
        message = _("'%(name)s' must be a number.") % {"name": name}
        raise CommentError("field_type", message, name) from None
    if not 0 < number < 2**62:
        raise CommentError("field_type", _("'%(name)s' is out of range.") % {"name": name}, name)
    return number


def parse_submission(data: Mapping[str, Any]) -> Submission:
    """Build a ``Submission`` from form fields or a decoded JSON object."""
    notice_version = _optional_int(data, "notice_version")
    if notice_version is None:
        raise CommentError("notice_version_invalid", _("The form is out of date; please reload."))
    return Submission(
        author_name=_string(data, "author_name"),
        author_email=_string(data, "author_email"),
        text=_string(data, "text"),
        parent_id=_optional_int(data, "parent"),
        notice_version=notice_version,
        form_token=_string(data, "form_token"),
        idempotency_key=_string(data, "idempotency_key"),
        honeypot=_string(data, "website"),
    )
