"""Banned and suspect words and phrases, per language, matched after normalisation.

The shipped lists live in ``data/wordlist_<language>.txt`` (format described in
their headers). Staff-edited terms come from the database as :class:`Term`
values; the comments app builds a :class:`WordLists` from them, either on its
own or on top of the shipped lists with :meth:`WordLists.merged`.

Matching works on the words (tokens) of the normalised text, never on raw
substrings, so "Scunthorpe", "cocktail", "assassin" and "therapist" are safe.
A :class:`WordLists` compiles its terms into hash tables once, on first use,
and keeps them for its lifetime: matching costs a few dictionary look-ups per
word, whatever the length of the lists.
"""

# ruff: noqa: RUF003 - Turkish and look-alike letters are the subject here

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from broadsheet.screening.aiming import _addressed, _aimed, _vulgar_aimed
from broadsheet.screening.normalize import Normalized, Token, normalize
from broadsheet.screening.terms import DATA_DIR as DATA_DIR
from broadsheet.screening.terms import SEVERITIES as SEVERITIES
from broadsheet.screening.terms import SHIPPED_LANGUAGES as SHIPPED_LANGUAGES
from broadsheet.screening.terms import Severity as Severity
from broadsheet.screening.terms import Term, load_shipped_terms
from broadsheet.screening.terms import parse_wordlist as parse_wordlist
from broadsheet.screening.types import Finding, ScreeningInput, lazy

if TYPE_CHECKING:
    from broadsheet.screening.context import ScreeningContext

#: Finding scores. Banned reaches the pipeline's reject threshold on its own.
BANNED_SCORE = 0.95
SUSPECT_SCORE = 0.55
#: A suspect insult aimed at someone ("you idiot", "salaksın").
ADDRESSED_SCORE = 0.75
#: A banned vulgar term aimed at nobody ("4 fucking years gone so fast"): a person decides.
#: Aimed at someone ("fuck you", "fuck off", "you fucking ...") it stays BANNED_SCORE.
UNAIMED_VULGAR_SCORE = 0.85
#: How many occurrences of one term are read to decide whether it is aimed at someone.
AIM_SAMPLE = 50


class _Entry(NamedTuple):
    term: Term
    words: tuple[str, ...]  # folded words of the phrase
    exact: tuple[str, ...] | None  # unfolded words, when the term demands them
    prefix: bool  # the last word may continue


class Hit(NamedTuple):
    """A term found in normalised text; offsets index the normalised text."""

    term: Term
    start: int
    end: int


_RANK = {"banned": 0, "suspect": 1}


def _compile_entry(term: Term) -> _Entry | None:
    phrase = term.phrase.strip()
    head = phrase[: len(phrase) - len(phrase.lstrip("=@"))]
    strict = "=" in head
    prefix = phrase.endswith("*") and not phrase.endswith("**")
    core = phrase.lstrip("=@").rstrip("*").strip()
    tokens = normalize(core).tokens
    if not tokens:
        return None
    words = tuple(t.text for t in tokens)
    exact = tuple(t.exact for t in tokens) if strict else None
    return _Entry(term, words, exact, prefix)


class _Index:
    """Hash tables built from a list of terms; see :meth:`WordLists.find`."""

    def __init__(self, terms: Iterable[Term]) -> None:
        entries: dict[tuple[tuple[str, ...], tuple[str, ...] | None, bool, str], _Entry] = {}
        for term in terms:
            entry = _compile_entry(term)
            if entry is None:
                continue
            # The same phrase twice in one category (shipped and staff, or folded
            # duplicates): the later entry wins, so staff edits override the shipped
            # lists. The same phrase in two categories ("twat": insult and vulgar)
            # gives two findings.
            key = (entry.words, entry.exact, entry.prefix, term.category)
            entries.pop(key, None)
            entries[key] = entry
        self.entries = tuple(entries.values())
        # Whole first words (single words and phrases, with or without a prefix tail).
        self.first: dict[str, list[_Entry]] = {}
        # Single-word prefixes, grouped by their first two letters, so a word costs
        # one dictionary look-up whatever the number of prefixes.
        by_prefix: dict[str, list[_Entry]] = {}
        for e in self.entries:
            if len(e.words) == 1 and e.prefix:
                by_prefix.setdefault(e.words[0], []).append(e)
            else:
                self.first.setdefault(e.words[0], []).append(e)
        self.prefix_heads: dict[str, list[tuple[str, list[_Entry]]]] = {}
        for prefix, group in by_prefix.items():
            self.prefix_heads.setdefault(prefix[:2], []).append((prefix, group))
        # For the cheap pre-test: the whole words each entry needs (a prefix tail
        # can end any word, so it is left out).
        self.first_words = frozenset(self.first)
        # The first words of phrases of two words or more: only they need _phrase_at.
        self.phrase_heads = frozenset(
            w for w, group in self.first.items() if any(len(e.words) > 1 for e in group)
        )
        self.required: dict[str, list[frozenset[str]]] = {
            word: [frozenset(e.words[1 : len(e.words) - (1 if e.prefix else 0)]) for e in group]
            for word, group in self.first.items()
        }
        self.singles = tuple(e for e in self.entries if len(e.words) == 1)
        # For masked words ("f*ck"): single words by (length, first letter), prefixes by
        # first letter. A masked word starts with a letter, so its first letter is known.
        self.singles_by_shape: dict[tuple[int, str], list[_Entry]] = {}
        self.prefixes_by_first: dict[str, list[_Entry]] = {}
        for e in self.singles:
            w = e.words[0]
            if e.prefix:
                self.prefixes_by_first.setdefault(w[0], []).append(e)
            else:
                self.singles_by_shape.setdefault((len(w), w[0]), []).append(e)

    @lazy
    def substrings(self) -> tuple[re.Pattern[str] | None, dict[str, list[_Entry]]]:
        # Only for words joined from spaced letters ("a d i c k" -> "adick"),
        # where the word boundaries the reader meant are lost.
        by_word: dict[str, list[_Entry]] = {}
        for e in self.singles:
            if e.exact is None and len(e.words[0]) >= 3:
                by_word.setdefault(e.words[0], []).append(e)
        words = sorted(by_word, key=len, reverse=True)
        pattern = re.compile("|".join(map(re.escape, words))) if words else None
        return pattern, by_word

    def _lookup(self, word: str, exact: str) -> list[_Entry]:
        found = []
        for e in self.first.get(word, ()):
            if len(e.words) == 1 and (e.exact is None or e.exact[0] == exact):
                found.append(e)
        for prefix, group in self.prefix_heads.get(word[:2], ()):
            if word.startswith(prefix):
                for e in group:
                    if e.exact is None or exact.startswith(e.exact[0]):
                        found.append(e)
        return found

    def _phrase_at(self, tokens: Sequence[Token], i: int, word: str) -> list[tuple[_Entry, int]]:
        found = []
        for e in self.first.get(word, ()):
            n = len(e.words)
            if n == 1 or i + n > len(tokens):
                continue
            if e.exact is not None and tokens[i].exact != e.exact[0]:
                continue
            ok = True
            for k in range(1, n):
                tok = tokens[i + k]
                want = e.words[k]
                last_prefix = e.prefix and k == n - 1
                if not (tok.text.startswith(want) if last_prefix else tok.text == want):
                    ok = False
                    break
                if e.exact is not None and not tok.exact.startswith(e.exact[k]):
                    ok = False
                    break
            if ok:
                found.append((e, i + n - 1))
        return found

    def _masked(self, tok: Token) -> _Entry | None:
        """The most severe single-word term that ``f*ck``-style masking could hide."""
        text = tok.text
        masks = text.count("*")
        if len(text) - masks < 2 or masks > len(text) - masks:
            return None

        def fits(shown: str, word: str) -> bool:
            return all(s == "*" or s == w for s, w in zip(shown, word, strict=True))

        best = None
        shape = (len(text), text[0])
        candidates = [e for e in self.singles_by_shape.get(shape, ()) if fits(text, e.words[0])]
        for e in self.prefixes_by_first.get(text[0], ()):
            w = e.words[0]
            head = text[: len(w)]
            if len(head) == len(w) and head.count("*") <= len(w) - 2 and fits(head, w):
                candidates.append(e)
        for e in candidates:
            if best is None or _RANK[e.term.severity] < _RANK[best.term.severity]:
                best = e
        return best

    @staticmethod
    def _doubled(
        tok: Token, squeezed: frozenset[int], seen: dict[tuple[str, tuple[int, ...]], str]
    ) -> str:
        """``tok``'s word with each letter that stood for a run written twice."""
        text = tok.text
        if len(text) == 1:  # a squeezed token of one letter is that letter, shrunk
            return text * 2
        at = tuple(sorted(k - tok.start for k in squeezed.intersection(range(tok.start, tok.end))))
        key = (text, at)
        found = seen.get(key)
        if found is None:
            marks = set(at)
            found = seen[key] = "".join(c * 2 if k in marks else c for k, c in enumerate(text))
        return found

    def _could_match(self, norm: Normalized) -> bool:
        """Cheap test on the set of words; False means :meth:`find` would find nothing."""
        if norm.joined or norm.squeezed or "*" in norm.text:
            return True
        words = norm.words
        for word in self.first_words.intersection(words):
            for needed in self.required[word]:
                if needed <= words:
                    return True
        heads = self.prefix_heads
        for w in words:
            for prefix, _ in heads.get(w[:2], ()):
                if w.startswith(prefix):
                    return True
        return False

    def find(self, norm: Normalized) -> list[Hit]:
        # Most comments contain no listed word: decide that before building tokens.
        if not self._could_match(norm):
            return []
        tokens = norm.tokens
        hits: list[Hit] = []
        masked_seen: dict[str, _Entry | None] = {}
        # A word repeated through a flood ("ＦＵＣＫ ＦＵＣＫ ...") is looked up once.
        looked: dict[tuple[str, str], list[_Entry]] = {}
        doubled_seen: dict[tuple[str, tuple[int, ...]], str] = {}
        first, heads, phrase_heads = self.first, self.prefix_heads, self.phrase_heads
        for i, tok in enumerate(tokens):
            words = [tok.text]
            if tok.squeezed:
                # A shrunk run may have been a double letter: "asssss" -> "as" -> "ass".
                words.append(self._doubled(tok, norm.squeezed, doubled_seen))
            for word in words:
                # Most words are in neither table: two look-ups, no calls.
                if word not in first and word[:2] not in heads:
                    continue
                key = (word, tok.exact)
                entries = looked.get(key)
                if entries is None:
                    entries = looked[key] = self._lookup(word, tok.exact)
                for e in entries:
                    hits.append(Hit(e.term, tok.start, tok.end))
                if word in phrase_heads:
                    for e, last in self._phrase_at(tokens, i, word):
                        hits.append(Hit(e.term, tok.start, tokens[last].end))
            if tok.masked:
                # A repeated masked word ("f*ck f*ck ...") is compared with the lists once.
                if tok.text in masked_seen:
                    e = masked_seen[tok.text]
                else:
                    e = masked_seen[tok.text] = self._masked(tok)
                if e is not None:
                    hits.append(Hit(e.term, tok.start, tok.end))
            if tok.joined:
                pattern, by_word = self.substrings
                for m in pattern.finditer(tok.text) if pattern is not None else ():
                    s, e = tok.start + m.start(), tok.start + m.end()
                    if (s, e) != (tok.start, tok.end):  # whole-word hits are found above
                        hits.extend(Hit(entry.term, s, e) for entry in by_word[m.group()])
        return hits


@dataclass(frozen=True)
class WordLists:
    """An immutable set of terms with its compiled matcher (built on first use).

    Build one per set of staff edits and reuse it: compiling is the expensive
    part, matching is cheap.
    """

    terms: tuple[Term, ...]

    @classmethod
    def from_terms(cls, terms: Iterable[Term]) -> WordLists:
        return cls(tuple(terms))

    @staticmethod
    def shipped() -> WordLists:
        """The lists in ``data/`` (one shared, compiled instance)."""
        return _shipped()

    def merged(self, extra: Iterable[Term]) -> WordLists:
        """These terms plus ``extra``; an extra term with our phrase and category overrides ours."""
        return WordLists(self.terms + tuple(extra))

    def without(self, phrases: Iterable[str]) -> WordLists:
        """These terms minus any whose phrase (compared after folding) is in ``phrases``."""
        drop = {normalize(p.strip(" =@*")).text for p in phrases}
        return WordLists(
            tuple(t for t in self.terms if normalize(t.phrase.strip(" =@*")).text not in drop)
        )

    @lazy
    def _index(self) -> _Index:
        return _Index(self.terms)

    def find(self, norm: Normalized) -> list[Hit]:
        """Every occurrence of every term in ``norm`` (normalised offsets)."""
        return self._index.find(norm)

    def warm(self) -> WordLists:
        """Compile now rather than on the first comment."""
        _ = self._index
        return self


@cache
def _shipped() -> WordLists:
    return WordLists.from_terms(load_shipped_terms()).warm()


def _reason(term: Term, typed: str, count: int) -> tuple[str, dict[str, str | int]]:
    """The reason code and params of a term found ``count`` times, first as ``typed``."""
    params: dict[str, str | int] = {
        "category": term.category,
        "phrase": term.phrase,
        "language": term.language,
        "typed": typed,
    }
    if count > 1:
        params["count"] = count
        return f"wordlists.{term.severity}_repeated", params
    return f"wordlists.{term.severity}", params


def findings_for(norm: Normalized, lists: WordLists) -> list[Finding]:
    """Findings for ``norm``, one per distinct term, at its first occurrence."""
    # By the term object (it outlives the call): hashing its fields per hit slowed floods.
    by_term: dict[int, list[Hit]] = {}
    for hit in lists.find(norm):
        same = by_term.get(id(hit.term))
        if same is None:
            same = by_term[id(hit.term)] = []
        # One occurrence can be reached twice (a whole word and a stem inside it), one after
        # the other: comparing with the last hit keeps this linear.
        if not same or not (same[-1].start < hit.end and hit.start < same[-1].end):
            same.append(hit)
    out = []
    for hits in by_term.values():
        term = hits[0].term
        hits.sort(key=lambda h: (h.start, -h.end))
        # Whether a term is aimed is read from its first occurrences only: linear, and a
        # flood of one word says no more than its first AIM_SAMPLE copies.
        sample = hits[:AIM_SAMPLE]
        if term.addressed_only:
            hits = sample = [h for h in sample if _aimed(norm, h)]
            if not hits:
                continue
        first = hits[0]
        score = BANNED_SCORE if term.severity == "banned" else SUSPECT_SCORE
        if (
            term.severity == "banned"
            and term.category == "vulgar"
            and not any(_vulgar_aimed(norm, h) for h in sample)
        ):
            score = UNAIMED_VULGAR_SCORE
        if (
            term.severity == "suspect"
            and term.category == "insult"
            and (term.addressed_only or any(_addressed(norm, h) for h in sample))
        ):
            score = ADDRESSED_SCORE
        start, end = norm.span(first.start, first.end)
        typed = norm.original[start:end]
        code, params = _reason(term, typed, len(hits))
        out.append(Finding.coded("wordlists", term.category, score, code, params, start, end))
    return out


def check(inp: ScreeningInput, ctx: ScreeningContext) -> list[Finding]:
    """Banned and suspect terms in the text, and in the commenter's name."""
    lists = ctx.wordlists
    found = findings_for(inp.normalized, lists)
    if inp.display_name:
        for f in findings_for(normalize(inp.display_name), lists):
            params = {**f.params, "reason": f.code}
            found.append(
                Finding.coded(f.check, f.category, f.score, "wordlists.name", params, 0, 0)
            )
    return found
