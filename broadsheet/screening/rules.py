"""Pattern rules: the small engine behind the phrase-based checks.

A :class:`Rule` is a regular expression over the normalised text plus the
words that must occur for it to have any chance of matching. Checking those
words against the comment's word set first means most comments never run
most patterns, which keeps a check with dozens of rules cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from broadsheet.screening.normalize import Normalized, fold
from broadsheet.screening.reasons import register_rule, rule_code
from broadsheet.screening.types import Finding


@dataclass(frozen=True)
class Rule:
    """One pattern and its pre-filter.

    ``needs`` is empty (always run) or a set of folded words of which one must
    occur; ``also`` is a second such set, also required. A word given with a
    trailing ``*`` is a stem (``hasere*``: any word starting so), kept in
    ``needs_stems`` / ``also_stems``. Both must be true of every text the pattern
    can match, or the rule would miss it (tested with generated matches).
    """

    label: str
    pattern: re.Pattern[str]
    score: float
    category: str
    needs: frozenset[str] = frozenset()
    exact: bool = False  # match the unfolded text, where Turkish letters matter
    also: frozenset[str] = frozenset()
    needs_stems: tuple[str, ...] = ()
    also_stems: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        """The reason code of this rule's findings (one per label, see ``reasons``)."""
        return rule_code(self.category, self.label)

    def wakes(self, words: frozenset[str]) -> bool:
        """Whether the pre-filter lets the pattern run on a text with these words."""
        for whole, stems in ((self.needs, self.needs_stems), (self.also, self.also_stems)):
            if (whole or stems) and whole.isdisjoint(words) and not _any_starts(words, stems):
                return False
        return True


def _any_starts(words: Iterable[str], stems: tuple[str, ...]) -> bool:
    return bool(stems) and any(w.startswith(stems) for w in words)


def _split_stems(spec: str) -> tuple[frozenset[str], tuple[str, ...]]:
    whole = frozenset(fold(w) for w in spec.split() if not w.endswith("*"))
    stems = tuple(sorted({fold(w[:-1]) for w in spec.split() if w.endswith("*")}))
    if any(len(stem) < 3 for stem in stems):
        raise ValueError(f"stems need three letters at least: {spec!r}")
    return whole, stems


def rule(
    label: str,
    pattern: str,
    score: float,
    category: str,
    needs: str = "",
    exact: bool = False,
    also: str = "",
) -> Rule:
    """Build a rule; ``needs`` and ``also`` are space-separated words (``stem*`` for stems)."""
    words, stems = _split_stems(needs)
    more, more_stems = _split_stems(also)
    register_rule(category, label)
    return Rule(label, re.compile(pattern), score, category, words, exact, more, stems, more_stems)


def words(text: str) -> list[str]:
    """The whitespace-separated words of ``text``: word lists stay readable as prose."""
    return text.split()


class Stems:
    """A set of word beginnings, tested against a comment's words with a dictionary per word.

    ``str.startswith`` with a long tuple compares every stem with every word;
    grouping the stems by their first three letters looks at a handful.
    """

    def __init__(self, stems: Iterable[str]) -> None:
        self._by_head: dict[str, list[str]] = {}
        self._short: list[str] = []
        for stem in {s.strip() for s in stems if s.strip()}:
            if len(stem) < 3:
                self._short.append(stem)
            else:
                self._by_head.setdefault(stem[:3], []).append(stem)

    def any_in(self, words: Iterable[str]) -> bool:
        """Whether any word starts with one of the stems."""
        by_head, short = self._by_head, tuple(self._short)
        for w in words:
            for stem in by_head.get(w[:3], ()):
                if w.startswith(stem):
                    return True
            if short and w.startswith(short):
                return True
        return False

    def any_in_text(self, norm: Normalized) -> bool:
        """:meth:`any_in` for the words of ``norm``, using its cached three-letter heads."""
        if self._short:
            return self.any_in(norm.words)
        by_head = self._by_head
        if norm.heads.isdisjoint(by_head):
            return False
        for w in norm.words:
            stems = by_head.get(w[:3])
            if stems and any(w.startswith(s) for s in stems):
                return True
        return False


def alternatives(words: Iterable[str]) -> str:
    """A non-capturing alternation of literal phrases, longest first, with flexible spaces."""
    parts = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\W+") for p in parts) + ")"


class _Index:
    """Which rules each word can wake up, so a comment only runs the rules it might match."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self.by_word: dict[str, list[int]] = {}
        self.always: list[int] = []
        # Rules woken by a stem, found through the stem's first three letters.
        self.by_head: dict[str, list[tuple[str, int]]] = {}
        for i, r in enumerate(self.rules):
            if not r.needs and not r.needs_stems:
                self.always.append(i)
            for w in r.needs:
                self.by_word.setdefault(w, []).append(i)
            for stem in r.needs_stems:
                self.by_head.setdefault(stem[:3], []).append((stem, i))
        self.words = frozenset(self.by_word)
        self.heads = frozenset(self.by_head)

    def candidates(self, words: frozenset[str], heads: frozenset[str] | None = None) -> list[Rule]:
        """The rules whose pre-filters ``words`` pass (``heads``: their first three letters)."""
        common = self.words.intersection(words)
        stems = bool(self.by_head) and (heads is None or not self.heads.isdisjoint(heads))
        if not common and not stems and not self.always:
            return []
        picked = set(self.always)
        for w in common:
            picked.update(self.by_word[w])
        if stems:
            for w in words:
                for stem, i in self.by_head.get(w[:3], ()):
                    if w.startswith(stem):
                        picked.add(i)
        if not picked:
            return []
        rules = self.rules
        out = []
        for i in sorted(picked):
            r = rules[i]
            if (r.also or r.also_stems) and (
                r.also.isdisjoint(words) and not _any_starts(words, r.also_stems)
            ):
                continue
            out.append(r)
        return out


# Rule tuples are module constants; their indexes are built once, on first use.
_INDEXES: dict[int, tuple[Sequence[Rule], _Index]] = {}


def _index_of(rules: Sequence[Rule]) -> _Index:
    entry = _INDEXES.get(id(rules))
    if entry is None or entry[0] is not rules:
        entry = (rules, _Index(rules))
        _INDEXES[id(rules)] = entry
    return entry[1]


def run_rules(rules: Sequence[Rule], norm: Normalized, check: str) -> list[Finding]:
    """At most one finding per rule: its first match, mapped to the original text."""
    out = []
    for r in _index_of(rules).candidates(norm.words, norm.heads):
        m = r.pattern.search(norm.exact if r.exact else norm.text)
        if m is None:
            continue
        start, end = norm.span(*m.span())
        typed = " ".join(norm.original[start:end].split())
        params = {"typed": typed}
        out.append(Finding.coded(check, r.category, r.score, r.code, params, start, end))
    return out
