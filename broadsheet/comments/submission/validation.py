"""Shape checks for what a reader submits: pure functions, no database access.

Invariant: these functions never change the text. A value is either accepted exactly as given
or refused with a ``CommentError`` that carries a stable code, a field and a readable message
in the active language (the code stays English).
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from broadsheet.comments.errors import CommentError

NAME_MAX = 60
EMAIL_MAX = 254
# Unicode's Cc (C0 and C1 controls, NUL included) and Cs (lone surrogates, which cannot be
# stored as UTF-8): refused everywhere, except line breaks and tabs in the text.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_TEXT_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def visible_length(text: str) -> int:
    """Length as the reader's counter shows it: a CRLF line break counts as one character.

    Browsers count a line break as one character while typing but send it as CRLF.
    """
    return len(text) - text.count("\r\n")


# Characters that take no visible space of their own but are not Unicode "format" or "space"
# characters: Hangul fillers, the blank Braille pattern, combining grapheme joiner.
_BLANK_LOOKALIKES = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u034f"}


def is_invisible(value: str) -> bool:
    """True when nothing in ``value`` would be seen: spaces, format and bidi controls, blanks."""
    return all(
        char.isspace()
        or char in _BLANK_LOOKALIKES
        or unicodedata.category(char) in ("Cf", "Zs", "Zl", "Zp", "Mn", "Me")
        for char in value
    )


def check_name(name: str) -> None:
    if not name or not name.strip():
        raise CommentError("name_required", _("Please enter your name."), "author_name")
    if is_invisible(name):
        raise CommentError(
            "name_invisible",
            _(
                "Your name is made only of invisible characters; please enter a name people can "
                "read."
            ),
            "author_name",
        )
    if len(name) > NAME_MAX:
        message = ngettext(
            "Your name can be at most %(max)d character.",
            "Your name can be at most %(max)d characters.",
            NAME_MAX,
        )
        raise CommentError("name_too_long", message % {"max": NAME_MAX}, "author_name")
    if _CONTROLS.search(name):
        raise CommentError(
            "name_invalid_characters",
            _("Your name contains control characters (such as line breaks); please remove them."),
            "author_name",
        )


def check_text(text: str, *, max_length: int) -> None:
    if not text or not text.strip():
        raise CommentError("text_required", _("Please write your comment."), "text")
    if visible_length(text) > max_length:
        message = ngettext(
            "Your comment can be at most %(max)d character.",
            "Your comment can be at most %(max)d characters.",
            max_length,
        )
        raise CommentError("text_too_long", message % {"max": max_length}, "text")
    if _TEXT_CONTROLS.search(text):
        raise CommentError(
            "text_invalid_characters",
            _("Your comment contains invisible control characters; please remove them."),
            "text",
        )


def check_email(email: str) -> None:
    if not email:
        return
    if len(email) > EMAIL_MAX or _CONTROLS.search(email):
        raise CommentError(
            "email_invalid", _("Please enter a valid e-mail address."), "author_email"
        )
    try:
        validate_email(email)
    except ValidationError:
        raise CommentError(
            "email_invalid", _("Please enter a valid e-mail address."), "author_email"
        ) from None
