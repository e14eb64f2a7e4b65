"""Every pattern rule's pre-filter (``needs`` / ``also``) lets every match of its pattern through.

A pre-filter word missing from ``needs`` silently hides a match (the rule never runs), so
the words are checked against generated matches of each pattern, not against examples.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from broadsheet.screening import hate, illegal, links_spam, offtopic, sexual, targeted, threats
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
