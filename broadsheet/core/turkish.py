"""Turkish casing: İ/i and I/ı are two pairs of letters, not one.

Python's ``str.lower()`` and ``str.upper()`` follow Unicode's default rules: ``"I".lower()`` is
``"i"`` (Turkish: ``"ı"``), ``"İ".lower()`` is ``"i̇"`` (an i with a combining dot; Turkish:
``"i"``) and ``"i".upper()`` is ``"I"`` (Turkish: ``"İ"``). Full-text indexes fold case the
default way too, so a Turkish word typed in capitals ("IŞIK") is not found in lower-case text
("ışık"). These functions fold the Turkish way; ``spellings`` gives the forms a search should
try when it cannot know which language the reader typed in.

Invariant: pure functions on ``str``; the text a reader typed is never replaced by them, only
searched with them.
"""

# ruff: noqa: RUF001, RUF002 - the dotted and dotless letters are the point here

from __future__ import annotations

import unicodedata

_TO_LOWER = str.maketrans({"I": "ı", "İ": "i"})
_TO_UPPER = str.maketrans({"i": "İ", "ı": "I"})
_DOTLESS_OR_DOTTED = frozenset("Iİ")


def lower(text: str) -> str:
    """``text`` in lower case by Turkish rules (``"IŞIK İZMİR"`` -> ``"ışık izmir"``)."""
    return text.translate(_TO_LOWER).lower()


def upper(text: str) -> str:
    """``text`` in upper case by Turkish rules (``"ışık izmir"`` -> ``"IŞIK İZMİR"``)."""
    return text.translate(_TO_UPPER).upper()


def spellings(word: str) -> tuple[str, ...]:
    """The lower-case forms ``word`` may stand for: Turkish, and the default (English) one.

    One form when casing cannot differ (no I or İ in it): ``("ışık",)`` for ``"ışık"``, but
    ``("ışık", "işik")`` for ``"IŞIK"`` and ``("istanbul", "i̇stanbul")`` for ``"İSTANBUL"``.
    """
    if _DOTLESS_OR_DOTTED.isdisjoint(word):
        return (word,)
    forms = (lower(word), word.lower())
    return tuple(dict.fromkeys(forms))


def ascii_fold(text: str) -> str:
    """``text`` in lower case with Turkish letters as a Turkish address writes them.

    ``"Kıyı Şeridi İzmir"`` -> ``"kiyi seridi izmir"``: the dotless i becomes i (Unicode gives
    it no decomposition, so a plain ASCII fold would drop it), and ç ğ ö ş ü lose their marks.
    Letters of other scripts are dropped.
    """
    folded = unicodedata.normalize("NFKD", lower(text).replace("ı", "i"))
    return folded.encode("ascii", "ignore").decode("ascii")
