"""The pipeline: verdict format, risk formula, batch equals single, precision on news."""

from __future__ import annotations

import json

import pytest

from broadsheet.screening.context import ScreeningContext
from broadsheet.screening.learned import LearnedModel
from broadsheet.screening.model import head_score
from broadsheet.screening.overlap import counted
from broadsheet.screening.pipeline import (
    DEFAULT_CHECKS,
    DEFAULT_WEIGHTS,
    Pipeline,
    Thresholds,
    cap_per_check,
    combine_risk,
    get_pipeline,
    resolve_check,
)
from broadsheet.screening.reasons import render
from broadsheet.screening.types import (
    CATEGORIES,
    MAX_FINDINGS_PER_CHECK,
    Finding,
    ScreeningInput,
    Verdict,
)
from broadsheet.screening.wordlists import Term, WordLists
from tests.screening.corpus import BAD, FINE_EN, FINE_TR


def test_categories_are_the_documented_list():
    assert CATEGORIES == (
        "illegal", "threat", "insult", "vulgar", "sexual",
        "hate", "defamation", "personal_data", "spam", "off_topic",
    )  # fmt: skip


def test_verdict_dict_has_exactly_the_promised_shape(screen):
    text = "You are an idiot, call me on 07700 900123"
    d = screen(text).to_dict()
    assert set(d) == {"risk", "recommendation", "categories", "reasons"}
    assert isinstance(d["risk"], float) and 0 <= d["risk"] <= 1
    assert d["recommendation"] in ("publish", "review", "reject")
    assert d["categories"] == sorted(set(d["categories"]))
    for r in d["reasons"]:
        assert set(r) == {"check", "category", "score", "detail", "code", "params", "start", "end"}
        assert r["category"] in CATEGORIES
        assert r["detail"] == render(r["code"], r["params"])
        assert 0 <= r["start"] <= r["end"] <= len(text)
    json.dumps(d)


def test_fine_comment_is_published_with_no_reasons(screen):
    v = screen("Lovely piece about the bakery, thank you.")
    assert v == Verdict(0.0, "publish", (), ())


@pytest.mark.parametrize("text", FINE_EN + FINE_TR)
def test_fine_comments_are_never_rejected(screen, text):
    assert screen(text).recommendation != "reject", screen(text).reasons


def test_fine_comments_are_mostly_published(pipeline):
    # Lowered from 95% on purpose: the base model sends heated-but-fair comments ("a stupid
    # policy", "damn shame") to review more often than the old model did; it never rejects.
    verdicts = pipeline.screen_many([ScreeningInput(t) for t in FINE_EN + FINE_TR])
    published = sum(v.recommendation == "publish" for v in verdicts)
    assert published / len(verdicts) >= 0.85


@pytest.mark.parametrize("text", BAD)
def test_bad_comments_are_never_published(screen, text):
    assert screen(text).recommendation != "publish"


@pytest.mark.parametrize(
    ("text", "recommendation"),
    [
        ("fuck off", "reject"),
        ("I know where you live.", "reject"),
        ("you deserve to die", "reject"),
        ("My card 4111 1111 1111 1111", "reject"),
        ("Councillor Smith is a paedophile.", "review"),  # only a person can judge truth
        ("This is shit", "review"),
        ("Great article!", "publish"),
    ],
)
def test_recommendations(screen, text, recommendation):
    assert screen(text).recommendation == recommendation


def test_reasons_point_at_what_the_reader_typed(screen):
    text = "Thanks. But the writer is an 1d10t and a f\u200bu\u0441king liar"
    spans = {text[r.start : r.end] for r in screen(text).reasons}
    assert "f\u200bu\u0441king" in spans
    assert "1d10t" in spans


def test_risk_formula():
    w = dict.fromkeys(CATEGORIES, 1.0)
    f = lambda check, cat, s: Finding(check, cat, s, "x", 0, 0)  # noqa: E731
    assert combine_risk([], w) == 0.0
    assert combine_risk([f("a", "spam", 0.5)], w) == pytest.approx(0.5)
    # Two checks agreeing: noisy-OR.
    assert combine_risk([f("a", "spam", 0.5), f("b", "spam", 0.5)], w) == pytest.approx(0.75)
    # The same check twice in one category: the second counts half.
    assert combine_risk([f("a", "spam", 0.5), f("a", "spam", 0.5)], w) == pytest.approx(0.625)
    assert combine_risk([f("a", "spam", 1.0)] * 5, w) == 1.0
    half = {**w, "spam": 0.5}
    assert combine_risk([f("a", "spam", 0.8)], half) == pytest.approx(0.4)


def test_weak_spam_hints_count_through_the_spam_head():
    link = lambda s=0.15: Finding.coded(  # noqa: E731
        "links_spam", "spam", s, "spam.link", {"host": "example.org"}, 0, 3
    )
    spam = lambda p, s: Finding.coded(  # noqa: E731
        "model", "spam", s, "model.spam", {"probability": p}, 0, 3
    )
    # The head silent: a link alone is a small fraction of what it was (0.15).
    alone = combine_risk(counted([link()], 0.9), DEFAULT_WEIGHTS)
    assert 0 < alone < 0.05
    # The head half sure: the link counts for more than the 0.15 it would add alone.
    p = 0.3
    base = head_score("spam", p)
    folded = combine_risk(counted([spam(p, base), link()], 0.9), DEFAULT_WEIGHTS)
    assert folded > base and folded - base > alone
    # Monotonic in the head's probability, and in the number of kinds of hint.
    risks = [
        combine_risk(counted([spam(q, head_score("spam", q)), link()], 0.9), DEFAULT_WEIGHTS)
        for q in (0.05, 0.2, 0.4, 0.7, 0.99)
    ]
    assert risks == sorted(risks)
    shout = Finding.coded("links_spam", "spam", 0.2, "spam.shouting", {}, 0, 3)
    assert combine_risk(counted([link(), shout], 0.9), DEFAULT_WEIGHTS) > alone
    # Other findings pass through unchanged.
    other = Finding("threats", "threat", 0.55, "x", 0, 3)
    assert other in counted([other, link()], 0.9)
    term = Finding("wordlists", "insult", 0.55, "x", 0, 3)
    assert term in counted([term, link()], 0.9)  # no abuse finding to share it with


def test_word_list_terms_and_the_abuse_head_count_as_the_stronger_of_the_two():
    term = Finding("wordlists", "vulgar", 0.55, "suspect term", 0, 4, "wordlists.suspect")
    abuse = lambda s: Finding.coded(  # noqa: E731
        "model", "vulgar", s, "model.abuse", {"probability": 0.9}, 0, 4
    )
    assert combine_risk(counted([term, abuse(0.7)], 0.9), DEFAULT_WEIGHTS) == pytest.approx(0.7)
    assert combine_risk(counted([term, abuse(0.3)], 0.9), DEFAULT_WEIGHTS) == pytest.approx(0.55)
    # A banned term (at reject) and the name's findings count on their own.
    banned = Finding("wordlists", "vulgar", 0.95, "banned term", 0, 1, "wordlists.banned")
    assert banned in counted([banned, abuse(0.7)], 0.9)
    name = Finding("wordlists", "insult", 0.55, "in the name", 0, 0, "wordlists.name")
    assert name in counted([name, abuse(0.7)], 0.9)
    # Other rules still add.
    other = Finding("threats", "threat", 0.5, "x", 0, 3)
    assert combine_risk(counted([term, abuse(0.7), other], 0.9), DEFAULT_WEIGHTS) > 0.7


def test_what_the_rules_alone_reject_stays_rejected(screen):
    # The shared evidence is counted once, but never below what the rules alone say.
    for text in ("fuck off", "You are a fucking idiot, www.example.org", "kill yourself"):
        assert screen(text).recommendation == "reject"


def test_the_hints_fold_only_into_a_pipeline_that_runs_the_model():
    text = "See www.example.org for the timetable."
    with_model = get_pipeline().screen(ScreeningInput(text))
    rules_only = Pipeline([c for c in DEFAULT_CHECKS if not c.endswith(".model.check")])
    assert get_pipeline().fold_hints and not rules_only.fold_hints
    assert rules_only.screen(ScreeningInput(text)).risk == pytest.approx(0.15)
    assert with_model.risk < 0.15
    # The reasons keep the finding as found.
    assert "spam.link" in {r.code for r in with_model.reasons}


def test_thresholds_are_configurable():
    strict = Pipeline(thresholds=Thresholds(review=0.1, reject=0.5))
    assert strict.screen(ScreeningInput("This is shit")).recommendation == "reject"
    with pytest.raises(ValueError):
        Thresholds(review=0.9, reject=0.5)
    with pytest.raises(ValueError):
        Thresholds(weights={"rude": 1.0})


def test_screen_many_equals_screen_in_order(pipeline):
    texts = list(FINE_EN[:20]) + list(BAD) + ["", "  ", "ok"]
    inputs = [ScreeningInput(t) for t in texts]
    small = Pipeline(batch_size=7)
    expected = [pipeline.screen(ScreeningInput(t)) for t in texts]
    assert pipeline.screen_many(inputs) == expected
    assert small.screen_many([ScreeningInput(t) for t in texts]) == expected
    assert pipeline.screen_many([]) == []


def test_screen_many_equals_screen_with_recent_comments(pipeline):
    """With recent comments the near-duplicate keys of a chunk are computed together."""
    texts = list(FINE_EN[:20]) + list(BAD) + ["", "ok"]
    wave = "Earn $500 a day from home with this simple trick, message me on WhatsApp today"
    recent = [wave.replace("simple", "easy"), FINE_EN[0]]
    ctx = ScreeningContext(recent_texts=recent)
    expected = [pipeline.screen(ScreeningInput(t), ctx) for t in [*texts, wave]]
    assert any(r.code == "spam.near_duplicate" for r in expected[-1].reasons)
    got = Pipeline(batch_size=7).screen_many([ScreeningInput(t) for t in [*texts, wave]], ctx)
    assert got == expected


def test_context_from_the_database_changes_verdicts(pipeline):
    texts = [f"zorblax offer number {i}, ask for qwiffle today" for i in range(30)]
    texts += [f"Thanks for the report on the harbour, part {i}" for i in range(30)]
    labels = [1] * 30 + [0] * 30
    model = LearnedModel.new().fit(texts, labels)
    ctx = ScreeningContext(
        wordlists=WordLists.shipped().merged([Term("glorp", "en", "banned", "spam")]),
        recent_texts=["Visit my channel for the best football predictions every weekend"],
        recent_posts_from_client=2,
        blocked_domains={"spam.example"},
        allowed_domains={"broadsheet.example"},
        learned=model,
        learned_min_decisions=50,
    )
    assert pipeline.screen(ScreeningInput("buy glorp"), ctx).recommendation == "reject"
    assert (
        pipeline.screen(ScreeningInput("see http://spam.example"), ctx).recommendation == "reject"
    )
    assert (
        pipeline.screen(ScreeningInput("zorblax zorblax qwiffle"), ctx).recommendation != "publish"
    )
    dup = ScreeningInput("visit my CHANNEL for the best football predictions every weekend!")
    assert "spam" in pipeline.screen(dup, ctx).categories


def test_checks_from_dotted_paths_and_callables():
    def shout(inp, ctx):
        return (
            [Finding("custom", "spam", 0.95, "custom", 0, len(inp.text))] if "!" in inp.text else []
        )

    p = Pipeline(["broadsheet.screening.wordlists.check", shout])
    assert p.screen(ScreeningInput("hi!")).recommendation == "reject"
    assert p.screen(ScreeningInput("fuck you")).recommendation == "reject"
    assert resolve_check("broadsheet.screening.threats.check").__module__.endswith("threats")
    with pytest.raises(ValueError):
        resolve_check("nodots")
    with pytest.raises((ImportError, AttributeError)):
        resolve_check("broadsheet.screening.nothing.check")


def test_a_failing_check_does_not_stop_screening(caplog):
    def broken(inp, ctx):
        raise RuntimeError("boom")

    p = Pipeline([broken, "broadsheet.screening.wordlists.check"])
    assert p.screen(ScreeningInput("fuck you")).recommendation == "reject"
    assert p.screen_many([ScreeningInput("fine")])[0].recommendation == "publish"
    assert "boom" in caplog.text


def test_a_batch_check_that_fails_falls_back_to_one_comment_at_a_time(caplog):
    def single(inp, ctx):
        if "poison" in inp.text:
            raise RuntimeError("bad comment")
        return [Finding("flaky", "spam", 0.5, "flagged", 0, 0)]

    def batch(inputs, ctx):
        return [single(inp, ctx) for inp in inputs]

    single.batch = batch
    verdicts = Pipeline([single]).screen_many([ScreeningInput(t) for t in ("a", "poison", "b")])
    assert [len(v.reasons) for v in verdicts] == [1, 0, 1]
    assert "bad comment" in caplog.text


def test_get_pipeline_is_cached_and_uses_the_defaults():
    assert get_pipeline() is get_pipeline()
    assert get_pipeline(DEFAULT_CHECKS[:1]) is not get_pipeline()
    assert len(get_pipeline().checks) == len(DEFAULT_CHECKS)


def test_package_imports_without_django_settings():
    import subprocess
    import sys

    code = (
        "import os, sys; os.environ.pop('DJANGO_SETTINGS_MODULE', None);"
        "from broadsheet.screening.pipeline import get_pipeline;"
        "from broadsheet.screening.types import ScreeningInput;"
        "print(get_pipeline().screen(ScreeningInput('fuck you')).recommendation);"
        "print(any(m.startswith('django.db') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout.split()
    assert out == ["reject", "False"]


def test_a_verdict_keeps_the_strongest_findings_of_each_check_up_to_the_cap(pipeline):
    # 3,750 e-mail addresses and 6,000 masked words: thousands of findings, a few kept.
    verdict = pipeline.screen(ScreeningInput("x@y.com " * 3750 + "f*ck you " * 100))
    by_check: dict[str, int] = {}
    for f in verdict.reasons:
        by_check[f.check] = by_check.get(f.check, 0) + 1
    assert by_check["personal_data"] == MAX_FINDINGS_PER_CHECK
    assert max(by_check.values()) <= MAX_FINDINGS_PER_CHECK
    assert verdict.recommendation == "reject"


def test_cap_per_check_keeps_the_strongest_and_leaves_other_checks_alone():
    weak = [Finding("a", "spam", 0.1, "weak", i, i + 1) for i in range(30)]
    strong = [Finding("a", "spam", 0.9, "strong", 50 + i, 51 + i) for i in range(3)]
    other = [Finding("b", "spam", 0.2, "other", i, i + 1) for i in range(5)]
    kept = cap_per_check(weak + strong + other, cap=10)
    assert sorted(f.start for f in kept if f.check == "a") == [0, 1, 2, 3, 4, 5, 6, 50, 51, 52]
    assert [f for f in kept if f.check == "b"] == other
