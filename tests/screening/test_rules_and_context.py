"""The rule engine's pre-filters, and what a context derives once."""

from __future__ import annotations

from broadsheet.screening.context import ScreeningContext
from broadsheet.screening.normalize import normalize
from broadsheet.screening.rules import Stems, alternatives, rule, run_rules

RULES = (
    rule("needs a word", r"\bgreen\W+apple\b", 0.5, "spam", "apple"),
    rule("needs two words", r"\bred\W+pear\b", 0.5, "spam", "pear", also="red"),
    rule("always runs", r"\bplum\b", 0.5, "spam"),
)


def labels(text: str) -> list[str]:
    return [f.detail.split(":")[0] for f in run_rules(RULES, normalize(text), "test")]


def test_rules_run_only_when_their_words_are_present():
    assert labels("a green apple") == ["needs a word"]
    assert labels("a red pear and a plum") == ["needs two words", "always runs"]
    assert labels("a pear") == []
    assert labels("nothing here") == []


def test_rule_findings_map_back_to_the_original():
    (f,) = run_rules(RULES, normalize("A GREEN   APPLE!"), "test")
    assert "A GREEN   APPLE!"[f.start : f.end] == "GREEN   APPLE"
    assert f.detail == 'needs a word: "GREEN APPLE"'


def test_needs_are_folded_like_the_text():
    r = rule("turkish", r"\bsiktir\b", 0.9, "vulgar", "SİKTİR")
    assert run_rules((r,), normalize("siktir git"), "t")


def test_alternatives_prefers_longer_phrases_and_flexible_spaces():
    import re

    pattern = re.compile(alternatives(["go", "go back"]))
    assert pattern.match("go   back").group() == "go   back"


def test_stems():
    stems = Stems(["brib", "launder", "ab"])
    assert stems.any_in(["they", "bribed"])
    assert stems.any_in(["abc"])
    assert not stems.any_in(["bribe"[:3], "laun"])
    assert Stems(["launder"]).any_in_text(normalize("He launders money"))
    assert not Stems(["launder"]).any_in_text(normalize("The laundry is open"))


def test_context_derives_once_and_normalises_domains():
    ctx = ScreeningContext(
        recent_texts=["Hello   WORLD, this is a fairly long comment about the harbour"],
        allowed_domains=["https://WWW.Broadsheet.example/"],
        blocked_domains=["spam.example", ""],
    )
    assert ctx.recent_duplicate_keys is ctx.recent_duplicate_keys
    assert len(ctx.recent_duplicate_keys) == 1
    assert ctx.allowed == frozenset({"broadsheet.example"})
    assert ctx.blocked == frozenset({"spam.example"})
