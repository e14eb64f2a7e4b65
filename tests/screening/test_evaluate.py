"""The evaluator, on a tiny fixture, and the shipped evaluation set against its goals."""

# ruff: noqa: RUF001 - Turkish and look-alike letters are the subject here

from __future__ import annotations

import io
import json
import random

import pytest
from sklearn.metrics import roc_auc_score

from broadsheet.screening.evaluate import (
    DEFAULT_FILE,
    GOAL_AUC,
    GOAL_HELD_BACK,
    evaluate,
    load_examples,
    main,
    parse_examples,
    print_report,
    roc_auc,
)


def _row(text: str, lang: str, label: str, kind: str, *categories: str) -> dict:
    return {"text": text, "lang": lang, "label": label, "kind": kind, "categories": categories}


FIXTURE = [
    _row("Lovely photos of the regatta.", "en", "fine", "ordinary"),
    _row("The council got this badly wrong.", "en", "fine", "heated"),
    _row("Güzel haber, teşekkürler.", "tr", "fine", "ordinary"),
    _row("fuck off you idiot", "en", "bad", "abusive", "vulgar", "insult"),
    _row("I know where you live.", "en", "bad", "abusive", "threat"),
    _row("seni bulacağım", "tr", "bad", "abusive", "threat"),
    _row("Earn $5000 a week from home! https://x.example.biz", "en", "bad", "spam", "spam"),
]


def test_roc_auc_matches_sklearn_with_ties():
    rng = random.Random(0)
    for _ in range(20):
        scores = [rng.choice([0.0, 0.2, 0.5, 0.9, 1.0]) for _ in range(40)]
        labels = [rng.random() < 0.4 for _ in range(40)]
        if len(set(labels)) < 2:
            continue
        assert roc_auc(scores, labels) == pytest.approx(roc_auc_score(labels, scores))
    with pytest.raises(ValueError):
        roc_auc([0.1, 0.2], [True, True])


def test_evaluate_fixture():
    examples = parse_examples(json.dumps(r, ensure_ascii=False) for r in FIXTURE)
    report = evaluate(examples)
    assert (report.n, report.n_bad, report.n_fine) == (7, 4, 3)
    assert report.auc == 1.0
    assert report.held_back == 1.0
    assert report.fine_rejected == 0
    threat = next(c for c in report.categories if c.category == "threat")
    assert (threat.support, threat.true_positives) == (2, 2)
    assert threat.precision == 1.0 and threat.recall == 1.0
    illegal = next(c for c in report.categories if c.category == "illegal")
    assert illegal.precision is None and illegal.recall is None
    out = io.StringIO()
    print_report(report, out)
    text = out.getvalue()
    assert "ROC AUC" in text and "threat" in text and "result: ok" in text


def test_bad_lines_are_reported_with_their_number():
    with pytest.raises(ValueError, match="line 2"):
        parse_examples(['{"text": "a", "label": "fine"}', '{"text": "b", "label": "meh"}'])
    with pytest.raises(ValueError, match="line 1"):
        parse_examples(['{"text": "a", "label": "bad", "categories": ["rude"]}'])


def test_main_on_a_file(tmp_path):
    path = tmp_path / "eval.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in FIXTURE) + "\n", encoding="utf-8")
    out = io.StringIO()
    assert main([str(path)], out=out) == 0
    assert "examples: 7" in out.getvalue()


def test_shipped_evaluation_set_meets_the_goals():
    # The set ships in the package: a missing file is a failure, never a skip.
    assert DEFAULT_FILE.is_file()
    report = evaluate(load_examples())
    assert report.auc >= GOAL_AUC
    assert report.held_back >= GOAL_HELD_BACK
    assert report.fine_rejected == 0
