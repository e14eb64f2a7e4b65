"""Every pattern rule's pre-filter (``needs`` / ``also``) lets every match of its pattern through.

A pre-filter word missing from ``needs`` silently hides a match (the rule never runs), so
the words are checked against generated matches of each pattern, not against examples.
"""

from __future__ import annotations

import re
from re import _parser  # the parser behind re.compile: a pattern's own alternatives

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from broadsheet.screening import (
    accusations,
    hate,
    illegal,
    links_spam,
    offtopic,
    sexual,
    targeted,
    threats,
)
from broadsheet.screening.normalize import Normalized
from broadsheet.screening.rules import Rule, rule, run_rules

ALL_RULES: list[tuple[str, Rule]] = [
    (f"{module.__name__.rsplit('.', 1)[-1]}:{r.label}", r)
    for module, rules in (
        (threats, threats.RULES),
        (hate, hate.RULES),
        (targeted, targeted.RULES),
        (sexual, sexual.RULES),
        (illegal, illegal.RULES),
        (links_spam, links_spam.OFFER_RULES),
        (offtopic, offtopic.RULES),
    )
    for r in rules
]
_WORDS = re.compile(r"\w+(?:\*+\w+)*")
_MIXED = re.compile(r"[a-z][0-9]|[0-9][a-z]")


def _text_words(text: str) -> frozenset[str]:
    # The words the pipeline would index for this (already folded) text.
    return frozenset(_WORDS.findall(text))


def test_there_are_rules_to_check():
    assert len(ALL_RULES) > 60


@pytest.mark.parametrize(("name", "r"), ALL_RULES, ids=[n for n, _ in ALL_RULES])
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,  # the same generated texts on every run: CI never meets a new one
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_prefilter_never_hides_a_match(name, r, data):
    # Generated strings are matched as the pattern sees them (a folded, lower-case text).
    # (No "*": inside a word it is the normalisation's mask, which the index keeps as one word.)
    alphabet = st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789 .,!?'-:;\n")
    text = data.draw(st.from_regex(r.pattern, alphabet=alphabet))
    # The folding the pipeline does first turns a digit inside a word into a letter ("sub4sub"
    # reads "subasub"), so a word mixing the two is no text a rule ever sees.
    assume(not _MIXED.search(text))
    m = r.pattern.search(text)
    if m is None:  # lookarounds at the edges of a generated string
        return
    assert r.wakes(_text_words(text)), f"{name}: pre-filter hides {m.group()!r}"


def test_stems_in_needs_wake_a_rule():
    r = rule("x", r"\bhasere\w*", 0.5, "hate", "hasere*")
    norm = Normalized(
        original="bunlar haseredir", text="bunlar haseredir", exact="bunlar haseredir"
    )
    assert [f.detail for f in run_rules((r,), norm, "t")] == ['x: "haseredir"']
    with pytest.raises(ValueError):
        rule("x", "ab", 0.5, "hate", "ab*")


def _first_letters(items) -> set[str]:
    """The characters a parsed pattern can start with (letters only; fails on anything wider)."""
    out: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "AT":  # \b and friends match no character
            continue
        if name == "LITERAL":
            return out | {chr(av)}
        if name == "SUBPATTERN":
            return out | _first_letters(av[-1])
        if name == "BRANCH":
            return out | set().union(*(_first_letters(alt) for alt in av[1]))
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _, sub = av
            out |= _first_letters(sub)
            if low:
                return out
            continue  # optional: what follows may come first
        raise AssertionError(f"cannot tell the first letter of {op} {av!r}")
    return out


def test_the_crime_word_scan_starts_at_every_first_letter_of_its_alternatives():
    # accusations._CRIME_WORD adds a word start and a look-ahead on the first letters of its
    # alternatives; a letter missing there would hide every crime word that starts with it.
    pattern = f"(?:{accusations._CRIME_VERB}|{accusations._CRIME_NOUN}|(?i:guilty))"
    firsts = _first_letters(_parser.parse(pattern))
    assert firsts and all(c.isalpha() for c in firsts)
    allowed = set(accusations._CRIME_FIRST)
    # Every alternative is case-insensitive: both cases of each first letter must pass.
    assert {c.lower() for c in firsts} | {c.upper() for c in firsts} <= allowed


def test_the_crime_word_scan_finds_crime_words_where_they_start():
    for phrase in ("Raped", "STOLE", "guilty", "Is on drugs", "was fiddling expenses", "Nonce"):
        found = accusations._CRIME_WORD.search(f"so {phrase} then")
        assert found is not None and found.start() == 3, phrase
    assert accusations._CRIME_WORD.search("unraped") is None  # inside a word: no match
