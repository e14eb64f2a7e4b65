"""Normalisation of comment text before matching, with a map back to the original.

Readers who want a word past a filter disguise it: ``ｆｕｃｋ``, ``fu\u200bck``,
``fuсk`` (Cyrillic с), ``sh1t``, ``a$$``, ``f*ck``, ``f u c k``, ``fuuuck``.
:func:`normalize` undoes those disguises and keeps, for every character it
produces, the span of original characters it came from, so a finding can
point at exactly what the reader typed.

Steps, in order:

1. Per character: Unicode NFKC; format characters (category Cf: zero-width
   space and joiners, soft hyphen, bidi controls) and combining marks are
   dropped; look-alike Cyrillic, Greek and small-capital letters fold to
   Latin (unless the text is mostly Cyrillic or Greek, where they are real
   letters); lowercase, with Turkish ``İ`` becoming ``i``.
2. Leetspeak inside words that contain letters (``0→o 1→i 3→e 4→a 5→s 7→t
   8→b 9→g @→a $→s €→e``, ``!`` and ``|`` inside a word ``→i``); ``*`` and
   ``#`` inside a word, and a dot next to one or two letters (``s.keyim``),
   become the mask ``*``, which stands for any one letter.
3. Runs of three or more single letters separated by spaces, dots, hyphens
   or underscores are joined (``f.u.c.k`` → ``fuck``), a wider gap keeping
   words apart (``w a t c h   y o u r`` → ``watch your``); so are two
   letters around a dot (``a.q`` → ``aq``).
4. Runs of three or more identical letters shrink to one (``fuuuck`` → ``fuck``).
5. Folding: diacritics are stripped and dotless ``ı`` becomes ``i``, giving
   ``text``; ``exact`` is the same string before this step (same length,
   same map) for the few terms that must match Turkish letters exactly.

Invariants of the result (tested with generated strings):
``len(starts) == len(ends) == len(text) == len(exact)``; ``starts`` and
``ends`` are non-decreasing; ``0 <= starts[j] < ends[j] <= len(original)``.
"""

# ruff: noqa: RUF002 - Turkish and look-alike letters are the subject here

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from broadsheet.screening.chars import (
    _CHAR_CACHE,
    _DOT_MASK,
    _LEET,
    _LEET_HINT,
    _NUMBER_WORD,
    _REPEAT_HINT,
    _SPACED,
    _SPACED_HINT,
    _SPACED_LETTER,
    _SPECIAL,
    _TOKEN,
    _TOKEN_FAST,
    _fold_confusables,
    _map_char,
    fold_letters,
)
from broadsheet.screening.chars import strip_format as strip_format
from broadsheet.screening.lazy import lazy
from broadsheet.screening.runs import Index, materialise, step_repeats


class Token(NamedTuple):
    """A word of the normalised text; ``start``/``end`` index the normalised text."""

    text: str
    exact: str
    start: int
    end: int
    masked: bool  # contains the mask "*" (f*ck)
    joined: bool  # built from spaced single letters (f u c k)
    squeezed: bool  # contains a letter that stood for a run of 3+ (fuuuck)


@dataclass(frozen=True)
class Normalized:
    """The result of :func:`normalize`; see the module docstring for invariants."""

    original: str
    text: str
    exact: str
    #: ``(starts, ends)``: the original span of each character; ``None`` when every
    #: character is the one at the same position in the original (most comments).
    index: tuple[tuple[int, ...], tuple[int, ...]] | None = None
    joined: tuple[tuple[int, int], ...] = ()
    squeezed: frozenset[int] = frozenset()
    #: Whether the text has a run of three identical characters ("!!!", "aaa").
    has_runs: bool = False

    @lazy
    def starts(self) -> tuple[int, ...]:
        """Where each character's original span starts."""
        return self.index[0] if self.index is not None else tuple(range(len(self.text)))

    @lazy
    def ends(self) -> tuple[int, ...]:
        """Where each character's original span ends."""
        return self.index[1] if self.index is not None else tuple(range(1, len(self.text) + 1))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``[start, end)`` of the normalised text to the original text.

        The result ``[S, E)`` satisfies ``0 <= S <= E <= len(original)`` and
        covers every original character that produced a character of the span
        (plus anything dropped in between, such as a zero-width space).
        """
        n = len(self.text)
        if not 0 <= start <= end <= n:
            raise ValueError(f"span {start}..{end} outside 0..{n}")
        if self.index is None:
            return start, end
        if start == end:
            pos = self.starts[start] if start < n else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def original_of(self, start: int, end: int) -> str:
        s, e = self.span(start, end)
        return self.original[s:e]

    @lazy
    def word_list(self) -> tuple[str, ...]:
        """The words of ``text`` in order (the ``text`` of :attr:`tokens`, cheaper)."""
        text = self.text
        return tuple((_TOKEN if "_" in text else _TOKEN_FAST).findall(text))

    @lazy
    def words(self) -> frozenset[str]:
        """The distinct words of ``text``: a cheap pre-filter for pattern checks."""
        return frozenset(self.word_list)

    @lazy
    def heads(self) -> frozenset[str]:
        """The first three letters of each word, for stem tests (see ``rules.Stems``)."""
        return frozenset(w[:3] for w in self.words)

    @lazy
    def token_starts(self) -> tuple[int, ...]:
        """``start`` of each token, in order (for binary searches)."""
        return tuple(t.start for t in self.tokens)

    @lazy
    def token_ends(self) -> tuple[int, ...]:
        """``end`` of each token, in order (tokens do not overlap, so these are sorted)."""
        return tuple(t.end for t in self.tokens)

    @lazy
    def tokens(self) -> tuple[Token, ...]:
        """Words of ``text`` (letters and digits, with inner masks), in order."""
        text, exact = self.text, self.exact
        joined, squeezed = self.joined, self.squeezed
        same = text is exact or text == exact
        new = tuple.__new__  # the NamedTuple constructor is slow for thousands of words
        out = []
        for m in (_TOKEN if "_" in text else _TOKEN_FAST).finditer(text):
            s, e = m.span()
            word = m.group()
            out.append(
                new(
                    Token,
                    (
                        word,
                        word if same else exact[s:e],
                        s,
                        e,
                        "*" in word,
                        bool(joined) and any(js < e and s < je for js, je in joined),
                        bool(squeezed) and not squeezed.isdisjoint(range(s, e)),
                    ),
                )
            )
        return tuple(out)


def _step_chars(text: str) -> tuple[str, Index]:
    """Step 1 for non-ASCII text; the index is None when characters map one to one."""
    n = len(text)
    if not _SPECIAL.search(text) and unicodedata.is_normalized("NFKC", text):
        lowered = text.lower()
        if len(lowered) == n:
            return lowered, None
    fold = _fold_confusables(text)
    cache = _CHAR_CACHE[fold]
    mapped = []
    for c in text:
        m = cache.get(c)
        if m is None:
            m = cache[c] = _map_char(c, fold)
        mapped.append(m)
    out = "".join(mapped)
    if len(out) == n and all(len(m) == 1 for m in mapped):
        return out, None
    starts: list[int] = []
    ends: list[int] = []
    for i, m in enumerate(mapped):
        k = len(m)
        if k:
            starts.extend([i] * k)
            ends.extend([i + 1] * k)
    return out, (starts, ends)


def _letter_dot_letter(s: str) -> bool:
    # Most texts have a few full stops, each followed by a space: look at those only.
    i = s.find(".", 1)
    while i != -1 and i + 1 < len(s):
        if s[i - 1].isalpha() and s[i + 1].isalpha():
            return True
        i = s.find(".", i + 1)
    return False


def _mask_dots(s: str) -> str:
    if not _letter_dot_letter(s):
        return s

    def repl(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        short, long_ = sorted((len(left), len(right)))
        # 1 and 1 is a spaced run ("f.u.c.k", "a.q"), joined in step 3 instead.
        if long_ >= 2 and short <= 2 and long_ <= 7:
            return f"{left}*{right}"
        return m.group()

    return _DOT_MASK.sub(repl, s)


# A whole run of word characters (str.isalnum, plus "_") and leet characters that holds
# at least one leet character: the words _unleet_word may change. The look-behind starts
# a match only where a run starts, so a long run without one fails once, not at every
# character (linear time).
_LEETABLE = re.compile(r"(?<![\w@$€!|*#])[\w@$€!|*#]*[0-9@$€*#!|][\w@$€!|*#]*")


def _unleet_word(word: str) -> str | None:
    """The word with leet characters read as letters, or None to leave it alone."""
    if _NUMBER_WORD.fullmatch(word) or not any(ch.isalpha() for ch in word):
        return None
    alnum = [k for k, ch in enumerate(word) if ch.isalnum() or ch in "@$€"]
    first, last = alnum[0], alnum[-1]
    out = list(word)
    for k, ch in enumerate(word):
        if ch in _LEET:
            out[k] = _LEET[ch]
        elif ch in "!|":
            inner = first < k < last
            leading = k == 0 and k + 1 < len(word) and word[k + 1].isalpha()
            if inner or leading:
                out[k] = "i"
        elif ch in "*#" and first < k < last:
            out[k] = "*"
    return "".join(out)


def _step_leet(s: str) -> str:
    """Step 2: one-for-one replacements, so the map does not change."""
    s = _mask_dots(s)
    if _LEET_HINT.search(s) is None:
        return s
    pieces: list[str] = []
    done = 0
    # A repeated disguised word ("f*ck f*ck ...") is read once.
    seen: dict[str, str | None] = {}
    # Visit only the words with leet characters (most texts have a few digits at most).
    for m in _LEETABLE.finditer(s):
        word = m.group()
        if word in seen:
            new = seen[word]
        else:
            new = seen[word] = _unleet_word(word)
        if new is not None and new != word:
            pieces.append(s[done : m.start()])
            pieces.append(new)
            done = m.end()
    if not pieces:
        return s
    pieces.append(s[done:])
    return "".join(pieces)


def _step_spaced(s: str, index: Index) -> tuple[str, Index, list[tuple[int, int]]]:
    """Step 3: join spaced single letters; returns the joined spans too."""
    # (The hint's \b does not see "_" as a gap, so underscores always take the long way.)
    if "_" not in s and not _SPACED_HINT.search(s):
        return s, index, []
    matches = list(_SPACED.finditer(s))
    if not matches:
        return s, index, []
    starts, ends = materialise(s, index)
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    joined: list[tuple[int, int]] = []
    pos = 0
    for m in matches:
        a, b = m.span()
        out.append(s[pos:a])
        new_starts.extend(starts[pos:a])
        new_ends.extend(ends[pos:a])
        letters = [lm.start() for lm in _SPACED_LETTER.finditer(s, a, b)]
        gaps = [letters[i + 1] - letters[i] for i in range(len(letters) - 1)]
        # "w a t c h   y o u r": gaps wider than the narrowest one separate words.
        narrow = min(gaps)
        begin = len(new_starts)
        for i, k in enumerate(letters):
            if i and gaps[i - 1] > narrow and s[letters[i - 1] + 1 : k].strip() == "":
                joined.append((begin, len(new_starts)))
                gap_at = letters[i - 1] + 1
                out.append(" ")
                new_starts.append(starts[gap_at])
                new_ends.append(ends[gap_at])
                begin = len(new_starts)
            out.append(s[k])
            new_starts.append(starts[k])
            new_ends.append(ends[k])
        joined.append((begin, len(new_starts)))
        pos = b
    out.append(s[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return "".join(out), (new_starts, new_ends), joined


def normalize(original: str) -> Normalized:
    """Normalise ``original`` for matching; see the module docstring."""
    index: Index
    if original.isascii():
        exact, index = original.lower(), None
    else:
        exact, index = _step_chars(original)
    exact = _step_leet(exact)
    exact, index, joined = _step_spaced(exact, index)
    runs = _REPEAT_HINT.search(exact) is not None
    squeezed: frozenset[int] = frozenset()
    if runs:
        exact, index, joined, squeezed = step_repeats(exact, index, joined)
    return Normalized(
        original=original,
        text=fold_letters(exact),
        exact=exact,
        index=None if index is None else (tuple(index[0]), tuple(index[1])),
        joined=tuple(joined),
        squeezed=squeezed,
        has_runs=runs,
    )


def fold(text: str) -> str:
    """The ``text`` of :func:`normalize` alone, for word lists and fingerprints."""
    return normalize(text).text
