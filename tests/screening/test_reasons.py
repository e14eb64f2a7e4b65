"""Reason codes: every finding names a code of the table, and its detail is the table's English."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from broadsheet.screening import reasons
from broadsheet.screening.context import ScreeningContext
from broadsheet.screening.learned import LearnedModel
from broadsheet.screening.normalize import normalize
from broadsheet.screening.pipeline import get_pipeline
from broadsheet.screening.rules import rule, run_rules
from broadsheet.screening.types import Finding, ScreeningInput
from tests.screening.corpus import BAD, FINE_EN, FINE_TR

EVAL = Path(reasons.__file__).parent / "data" / "eval.jsonl"
PLACEHOLDER = re.compile(r"%\((\w+)\)[.\d]*([sdf])")


def sample_params(template: str) -> dict[str, str | int | float]:
    """A value of the right type for every placeholder of ``template``."""
    kinds = {"s": "x", "d": 3, "f": 0.5}
    return {name: kinds[kind] for name, kind in PLACEHOLDER.findall(template)}


def emitted() -> list[Finding]:
    """The findings of the shipped checks on the evaluation set and the test corpus, with a
    site context that wakes the context-driven reasons too."""
    texts = [json.loads(line)["text"] for line in EVAL.read_text().splitlines() if line.strip()]
    texts += [*BAD, *FINE_EN, *FINE_TR]
    learned = LearnedModel.new()
    learned.fit(["buy cheap pills now"] * 30 + ["thanks for the article"] * 30, [1] * 30 + [0] * 30)
    ctx = ScreeningContext(
        recent_texts=tuple(texts[:200]),
        recent_posts_from_client=20,
        blocked_domains=frozenset({"spam.example"}),
        learned=learned,
        learned_min_decisions=10,
    )
    inputs = [ScreeningInput(t) for t in texts]
    inputs += [
        ScreeningInput(
            "see http://spam.example/x", url="http://spam.example", email="a@spam.example"
        ),
        ScreeningInput("hello there", name="The Editor"),
        ScreeningInput("hello there", name="\u200b\u200b"),
        ScreeningInput("hello there", name="Idiot"),
        ScreeningInput('He said "I will kill you" and left.'),
    ]
    verdicts = get_pipeline().screen_many(inputs, ctx)
    return [f for v in verdicts for f in v.reasons]


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    return emitted()


def test_every_finding_has_a_code_of_the_table_and_its_english(findings):
    table = reasons.table()
    assert len(findings) > 500
    for f in findings:
        assert f.code in table, f
        assert f.detail == reasons.render(f.code, f.params)
        assert all(
            isinstance(k, str) and isinstance(v, str | int | float) for k, v in f.params.items()
        )


def test_the_checks_use_many_codes_not_a_catch_all(findings):
    used = {f.code for f in findings}
    assert {"threat.quoted", "wordlists.name", "spam.blocked_url_field", "names.newsroom"} <= used
    assert len(used) >= 40


@pytest.mark.parametrize(("code", "template"), sorted(reasons.table().items()))
def test_every_template_renders_with_its_placeholders(code, template):
    params = sample_params(template)
    if code in reasons.WRAPPERS:
        params = {"reason": "spam.duplicate"}
    text = reasons.render(code, params)
    assert "%(" not in text and text.strip()


def test_wrappers_render_the_wrapped_reason_with_the_same_params():
    params = {"typed": "I will kill you", "reason": "threat.threat_to_kill_or_maim"}
    assert reasons.render("threat.quoted", params) == (
        'threat to kill or maim: "I will kill you" (in quotation marks)'
    )
    with pytest.raises(ValueError):
        reasons.render("threat.quoted", {"reason": "wordlists.name"})


def test_rule_codes_are_stable_slugs_and_cannot_be_taken_twice():
    assert reasons.rule_code("threat", "threat to kill (tr)") == "threat.threat_to_kill_tr"
    r = rule("a 100% test label", r"\bzork\b", 0.5, "spam")
    (f,) = run_rules((r,), normalize("zork"), "t")
    assert (f.code, f.params, f.detail) == (
        "spam.a_100_test_label",
        {"typed": "zork"},
        'a 100% test label: "zork"',
    )
    with pytest.raises(ValueError):
        reasons.register_rule("spam", "duplicate")  # "spam.duplicate" is not a rule's code
    with pytest.raises(ValueError):
        reasons.register_rule("spam", "a 100 % test label")  # same code, other wording


def test_the_table_lists_only_shipped_rules():
    rule("a label only this test uses", r"\bzork\b", 0.5, "spam")
    assert "spam.a_label_only_this_test_uses" not in reasons.table()
