"""Character tables for normalisation: look-alikes, leet, format characters, letter folding.

Used by :mod:`broadsheet.screening.normalize` (which re-exports the public names).
"""

# ruff: noqa: RUF001, RUF002, RUF003 - look-alike letters are the subject here

from __future__ import annotations

import re
import unicodedata

# Look-alikes that NFKC leaves alone. Upper case first: ``Н`` (Cyrillic en)
# looks like H, while its lower case ``н`` does not look like h.
_UPPER_CONFUSABLES = {
    "А": "a", "В": "b", "Е": "e", "Ё": "e", "К": "k", "М": "m", "Н": "h",
    "О": "o", "Р": "p", "С": "c", "Т": "t", "У": "y", "Х": "x", "Ѕ": "s",
    "І": "i", "Ї": "i", "Ј": "j", "Ԛ": "q", "Ԝ": "w",
    "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k",
    "Μ": "m", "Ν": "n", "Ο": "o", "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x",
}  # fmt: skip
_LOWER_CONFUSABLES = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h",
    "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s",
    "і": "i", "ї": "i", "ј": "j", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w",
    "ь": "b", "ѵ": "v",
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k",
    "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
    "ς": "c", "μ": "u",
    "ɑ": "a", "ɡ": "g", "ɩ": "i", "ɪ": "i", "ʟ": "l", "ɴ": "n", "ʀ": "r",
    "ʏ": "y", "ʙ": "b", "ʜ": "h", "ɢ": "g", "ᴀ": "a", "ᴄ": "c", "ᴅ": "d",
    "ᴇ": "e", "ᴊ": "j", "ᴋ": "k", "ᴍ": "m", "ᴏ": "o", "ᴘ": "p", "ᴛ": "t",
    "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ᴢ": "z", "ꜱ": "s",
}  # fmt: skip
_LEET = {
    "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
    "9": "g", "@": "a", "$": "s", "€": "e",
}  # fmt: skip
# Numbers with a unit or ordinal ("5k", "10km", "3rd", "$5k") are not disguised words.
_NUMBER_WORD = re.compile(r"[$£€]?\d[\d.,]*[^\W\d_]{0,3}")
_SPACED = re.compile(
    r"(?<![^\W_])(?<!\*)[^\W\d_](?:[\s.\-_·•~+]{1,3}[^\W\d_](?![^\W_]|\*)){2,}"
    # Two letters joined by a dot: "a.q", "s.k".
    r"|(?<![^\W_.])[^\W\d_]\.[^\W\d_](?![^\W_]|\.[^\W\d_])"
)
# A dot inside a word stands for a letter ("s.keyim", "sh.t") when one side is short.
_DOT_MASK = re.compile(r"(?<![^\W\d_.])([^\W\d_]+)\.([^\W\d_]+)(?![^\W\d_]|\.[^\W\d_])")
_SPACED_LETTER = re.compile(r"[^\W\d_]")
_REPEAT = re.compile(r"([^\W\d_])\1{2,}")
# Cheap pre-checks (a few times faster than the patterns they guard): two single
# letters side by side; any three equal characters; any leet or mask character.
_SPACED_HINT = re.compile(r"\b[^\W\d_]\b[\s.\-_·•~+]{1,3}\b[^\W\d_]\b")
_REPEAT_HINT = re.compile(r"(.)\1\1")
_LEET_HINT = re.compile(r"[0-9@$€*#!|]")
_TOKEN = re.compile(r"[^\W_]+(?:\*+[^\W_]+)*")
# The same words when the text has no underscore, found faster.
_TOKEN_FAST = re.compile(r"\w+(?:\*+\w+)*")
_LATIN_LETTER = re.compile(r"[A-Za-z]")

# Per-character results of step 1, with and without confusable folding.
_CHAR_CACHE: dict[bool, dict[str, str]] = {True: {}, False: {}}

# Format characters (category Cf): all of the Basic Multilingual Plane, found once at
# import, plus the few outside it (musical formatting, shorthand, tag characters).
_CF_CHARS = "".join(chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) == "Cf")
_CF_CLASS = (
    re.escape(_CF_CHARS)
    + "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    + "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_FORMAT = re.compile(f"[{_CF_CLASS}]")
# Anything step 1 may change beyond plain lowercasing: format characters, combining
# marks, Greek and Cyrillic, IPA and small-capital look-alikes, Turkish İ. Text
# without them (and already in NFKC) takes the fast path.
_SPECIAL = re.compile(
    f"[{_CF_CLASS}\u0300-\u036f\u0370-\u052f\u0250-\u02af\u1ab0-\u1aff\u1d00-\u1dff"
    "\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f\ua720-\ua7ff\u0130]"
)


#: Each character's NFKC form without format characters, as ``strip_format`` maps it (one
#: character at a time, so a cache per character gives the same result).
_STRIPPED: dict[str, str] = {}


def _stripped(c: str) -> str:
    out = "".join(ch for ch in unicodedata.normalize("NFKC", c) if unicodedata.category(ch) != "Cf")
    _STRIPPED[c] = out
    return out


def strip_format(text: str) -> tuple[str, list[int] | None]:
    """``text`` in NFKC without format characters, and the original index of each character.

    The index is ``None`` when nothing changed. Used where case matters and words
    do not (numbers, postcodes), so "0\u200b5\u200b3\u200b2" still reads as digits.
    Each character is normalised on its own (NFKC of a character never joins its
    neighbours here), looked up in a cache after its first sight.
    """
    if text.isascii() or (unicodedata.is_normalized("NFKC", text) and not _FORMAT.search(text)):
        return text, None
    cache = _STRIPPED
    mapped = [cache[c] if c in cache else _stripped(c) for c in text]
    out = "".join(mapped)
    if len(out) == len(text) and all(len(m) == 1 for m in mapped):
        return out, list(range(len(text)))
    index: list[int] = []
    for i, m in enumerate(mapped):
        if m:
            index.extend([i] * len(m))
    return out, index


class _FoldTable(dict[int, str]):
    """``str.translate`` table for step 5, filled on first sight of a character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch == "ı":
            out = "i"
        else:
            decomposed = unicodedata.normalize("NFD", ch)
            base = decomposed[0]
            # Only strip marks from a single base letter: keeps folding 1:1.
            if len(decomposed) > 1 and all(
                unicodedata.category(m) in ("Mn", "Me") for m in decomposed[1:]
            ):
                out = base
            else:
                out = {"ø": "o", "đ": "d", "ł": "l", "ħ": "h"}.get(ch, ch)
        self[code] = out
        return out


_FOLD = _FoldTable()
_LATIN_MARKS = re.compile("[\u0300-\u036f]")
_FOLD_EXTRA = str.maketrans("øđłħı", "odlhi")


def fold_letters(exact: str) -> str:
    """Step 5: strip diacritics and dot the ı, one character for one.

    Fast path: NFD then drop the Latin combining marks; when that does not give
    one character per character (Hangul, marks from other scripts) the
    per-character table decides.
    """
    if exact.isascii():
        return exact
    d = unicodedata.normalize("NFD", exact)
    if len(d) != len(exact):
        d = _LATIN_MARKS.sub("", d)
        if len(d) != len(exact):
            return exact.translate(_FOLD)
    return d.translate(_FOLD_EXTRA) if not d.isascii() else d


def _map_char(c: str, fold_confusables: bool) -> str:
    out: list[str] = []
    for ch in unicodedata.normalize("NFKC", c):
        if unicodedata.category(ch) == "Cf":
            continue
        if fold_confusables and ch in _UPPER_CONFUSABLES:
            out.append(_UPPER_CONFUSABLES[ch])
            continue
        # "İ".lower() is "i" + combining dot above; dropping marks leaves "i".
        for low in ch.lower():
            if unicodedata.category(low) in ("Mn", "Me"):
                continue
            out.append(_LOWER_CONFUSABLES.get(low, low) if fold_confusables else low)
    return "".join(out)


def _fold_confusables(text: str) -> bool:
    # In a mostly Cyrillic or Greek comment those letters are real, not disguises.
    n_other = sum(1 for c in text if "\u0370" <= c <= "\u052f")
    return n_other == 0 or len(_LATIN_LETTER.findall(text)) >= n_other
