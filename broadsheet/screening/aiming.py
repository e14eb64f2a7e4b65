"""Whether a word-list hit is aimed at someone ("you idiot", "fuck off", "salaksın").

Used by :mod:`broadsheet.screening.wordlists`; works on the normalised tokens only.
"""

# ruff: noqa: RUF002, RUF003 - Turkish letters are the subject here

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from broadsheet.screening.rules import words

if TYPE_CHECKING:
    from broadsheet.screening.normalize import Normalized
    from broadsheet.screening.wordlists import Hit

# Words after a vulgar term that aim it at the reader: "fuck off", "siktir git".
_AIMING_NEXT = frozenset(words("off you u yourself yourselves urself git lan ulan"))

# Words that aim an insult at the reader being answered (English and Turkish).
_SECOND_PERSON = frozenset(
    words("you u ya ye yer your ur youre yous youse thou sen seni sana senin siz sizi size sizin")
)
# Turkish "you are" endings, after folding: salaksın -> salaksin.
_TR_YOU_ARE = ("sin", "sun", "siniz", "sunuz")
_YOU_WORDS = frozenset(words("you u ya ye yer youre ur yous youse"))
# Words that may stand between "you" and the insult: "you're a total smug git".
_FILLERS = frozenset(
    words(
        "are r re a an such absolute complete total utter right proper little big fat ugly stupid "
        "smug inbred brainless pathetic useless sad old silly thick dumb bloody fucking miserable "
        "bitter nasty vile lying sneaky spineless gutless clueless ignorant arrogant deluded "
        "deranged typical lazy greedy just nothing but being"
    )
)


def _token_range(norm: Normalized, hit: Hit) -> tuple[int, int] | None:
    """First and last token inside the hit; a binary search (tokens are in order)."""
    first = bisect_left(norm.token_starts, hit.start)
    last = bisect_right(norm.token_ends, hit.end) - 1
    return (first, last) if first <= last else None


def _addressed(norm: Normalized, hit: Hit) -> bool:
    """Loosely aimed at someone: "you" nearby ("you idiot", "idiot, you"), or "salaksın"."""
    span = _token_range(norm, hit)
    if span is None:
        return False
    first, last = span
    tokens = norm.tokens
    near = tokens[max(0, first - 3) : first] + tokens[last + 1 : last + 3]
    if any(t.text in _SECOND_PERSON for t in near):
        return True
    word = tokens[last].text
    return len(word) > 4 and word.endswith(_TR_YOU_ARE)


def _aimed_by_next(norm: Normalized, hit: Hit) -> bool:
    """The word after the hit aims it at the reader ("fuck off", "siktir git")."""
    span = _token_range(norm, hit)
    if span is None:
        return False
    tokens = norm.tokens
    return span[1] + 1 < len(tokens) and tokens[span[1] + 1].text in _AIMING_NEXT


# Verbs of affection after a vulgar intensifier: "I fucking love you" is fond, not aimed.
_FOND = frozenset(words("love loved loves loving adore adored miss missed"))


def _vulgar_aimed(norm: Normalized, hit: Hit) -> bool:
    """A vulgar term aimed at someone: :func:`_aimed_by_next` ("fuck off") or
    :func:`_addressed`, unless a verb of affection follows it ("I fucking love you": the
    "you" is loved, not sworn at)."""
    span = _token_range(norm, hit)
    tokens = norm.tokens
    if span is not None and span[1] + 1 < len(tokens) and tokens[span[1] + 1].text in _FOND:
        return False
    return _aimed_by_next(norm, hit) or _addressed(norm, hit)


def _aimed(norm: Normalized, hit: Hit) -> bool:
    """Strictly aimed at someone, for words that are innocent otherwise.

    "you (are|'re) (a|such a|total|smug|...)* WORD", "WORD like you",
    "WORD you are", or WORD opening a sentence as a form of address
    ("Muppet, nobody asked").
    """
    span = _token_range(norm, hit)
    if span is None:
        return False
    first, last = span
    tokens = norm.tokens
    k = first - 1
    while k >= 0 and tokens[k].text in _FILLERS:
        k -= 1
    if k >= 0 and tokens[k].text in _YOU_WORDS:
        return True
    after = [t.text for t in tokens[last + 1 : last + 3]]
    if after[:2] in (["like", "you"], ["like", "u"], ["like", "yourself"]):
        return True
    if after[:1] in (["you"], ["u"]) and after[1:2] in (["are"], ["r"], ["re"], []):
        return True
    text = norm.text
    k = tokens[first].start - 1
    while k >= 0 and text[k].isspace():  # (each hit looks back only to the previous word)
        k -= 1
    end = tokens[last].end
    opens = k < 0 or text[k] in ".!?\n"
    return opens and norm.text[end : end + 1] in (",", "!", ".", "")
