"""Author names that impersonate the newsroom, or that show nothing at all.

"The Editor", "Admin", "Moderatör", "Editör", "Yönetici" under a comment look like the
site speaking. Readers who want that disguise the name: Cyrillic or Greek look-alike
letters ("Аdmin" with a Cyrillic А), digits ("Adm1n"), zero-width characters
("Ad\\u200bmin"), bidi controls, spacing ("A d m i n"). :func:`display_skeleton`
folds all of those away, so the check compares what a reader *sees*.

Pure helpers, used by the check and by the site's form:

- :func:`is_invisible_name`: a non-empty name made only of characters that show
  nothing (spaces, zero-width and bidi controls, Hangul fillers U+3164/U+115F/U+1160/
  U+FFA0, the braille blank U+2800, ...).
- :func:`display_skeleton`: the confusable fold of a name: NFKC, invisible characters
  dropped, look-alike letters and digits folded to Latin, lower case, diacritics and
  Turkish dotless ı folded. Invariant: idempotent, and equal for names that differ only
  in those disguises.
"""

# ruff: noqa: RUF002 - look-alike letters are the subject here

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING

from broadsheet.screening.chars import _LOWER_CONFUSABLES, _UPPER_CONFUSABLES, fold_letters
from broadsheet.screening.types import Finding, ScreeningInput

if TYPE_CHECKING:
    from broadsheet.screening.context import ScreeningContext

SCORE = 0.5  # review: a person decides whether the name may stand
INVISIBLE_SCORE = 0.4

#: Characters that render as nothing or as blank space, beyond categories Cf/Zs/Zl/Zp/Cc.
_BLANKS = frozenset(
    "\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u180e\u034f\u00ad\u2061\u2062\u2063\u2064"
    "\u3000\ufeff\u200b\u200c\u200d\u2060\u1cbb\u1cbc"
)
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Zs", "Zl", "Zp", "Cc", "Mn", "Me", "Co", "Cn"})
_DIGIT_LOOKS = str.maketrans("013457@$", "oieastas")

#: Skeletons of words that name the newsroom (English and Turkish, folded).
RESERVED_WORDS: frozenset[str] = frozenset(
    {
        "editor", "editors", "admin", "admins", "administrator", "administrators",
        "moderator", "moderators", "mod", "mods", "staff", "newsroom", "webmaster",
        "sysop", "broadsheet",
        "editorler", "yonetici", "yoneticiler", "yonetim", "moderatorler", "yazisleri",
        "yayinyonetmeni", "genelyayinyonetmeni", "siteyonetimi", "siteyoneticisi",
    }
)  # fmt: skip
#: Whole-name skeletons that impersonate even though no single word does.
RESERVED_NAMES: frozenset[str] = frozenset(
    {"theeditor", "theeditors", "editorinchief", "siteadmin", "yaziisleri"}
)
_WORD = re.compile(r"[a-z]+")


def _invisible(ch: str) -> bool:
    return ch in _BLANKS or unicodedata.category(ch) in _INVISIBLE_CATEGORIES


def is_invisible_name(name: str) -> bool:
    """Whether ``name`` is non-empty and made only of characters that show nothing."""
    return bool(name) and all(_invisible(ch) for ch in name)


def _fold_char(ch: str) -> str:
    if ch in _UPPER_CONFUSABLES:
        return _UPPER_CONFUSABLES[ch]
    low = ch.lower()
    return "".join(_LOWER_CONFUSABLES.get(c, c) for c in low)


@functools.lru_cache(maxsize=4096)
def display_skeleton(name: str, *, keep_spaces: bool = False) -> str:
    """The confusable fold of ``name`` (see the module docstring); letters only by default.

    With ``keep_spaces`` the word boundaries stay (as single spaces), for word tests. Pure,
    so memoised: a site's readers post under the same few thousand names again and again.
    """
    out = []
    for raw in unicodedata.normalize("NFKC", name):
        if raw in _BLANKS or unicodedata.category(raw) in ("Cf", "Mn", "Me", "Cc"):
            continue
        out.append(_fold_char(raw))
    text = fold_letters(unicodedata.normalize("NFC", "".join(out)))
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").translate(_DIGIT_LOOKS)
    if keep_spaces:
        return " ".join(_WORD.findall(text))
    return "".join(_WORD.findall(text))


def impersonates(name: str) -> bool:
    """Whether ``name`` reads as the newsroom's own (a reserved word or name, disguised or not)."""
    if not name.strip():
        return False
    whole = display_skeleton(name)
    if whole in RESERVED_WORDS or whole in RESERVED_NAMES:
        return True
    if whole.rstrip("0123456789") in RESERVED_WORDS:
        return True
    return any(w in RESERVED_WORDS for w in display_skeleton(name, keep_spaces=True).split())


def _hidden(name: str) -> bool:
    return any(ch in _BLANKS or unicodedata.category(ch) == "Cf" for ch in name.strip())


def check(inp: ScreeningInput, ctx: ScreeningContext) -> list[Finding]:
    """Impersonating or invisible author names (the name field only; spans are empty)."""
    name = inp.author_name or inp.name
    if not name:
        return []
    if is_invisible_name(name):
        return [Finding.coded("names", "spam", INVISIBLE_SCORE, "names.invisible", {}, 0, 0)]
    if impersonates(name) or display_skeleton(name) in ctx.reserved_skeletons:
        code = "names.newsroom"
        if display_skeleton(name) != "".join(_WORD.findall(name.lower())):
            code += "_lookalike"
        if _hidden(name):
            code += "_controls"
        params = {"name": display_skeleton(name, keep_spaces=True)}
        return [Finding.coded("names", "spam", SCORE, code, params, 0, 0)]
    return []
