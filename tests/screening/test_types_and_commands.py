"""Value types, and the management commands wired to the pure functions."""

# ruff: noqa: RUF001 - Turkish and look-alike letters are the subject here

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from broadsheet.screening.cli import NO_SITE_TERMS
from broadsheet.screening.types import Finding, ScreeningInput


def test_finding_validates_its_invariants():
    Finding("x", "spam", 0.5, "d", 0, 3)
    with pytest.raises(ValueError):
        Finding("x", "rude", 0.5, "d", 0, 3)
    with pytest.raises(ValueError):
        Finding("x", "spam", 1.5, "d", 0, 3)
    with pytest.raises(ValueError):
        Finding("x", "spam", 0.5, "d", 3, 2)


def test_input_normalises_once():
    inp = ScreeningInput("F*CK")
    assert inp.normalized is inp.normalized
    assert inp.normalized.text == "f*ck"


def test_screen_command_reads_a_file(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "Güzel haber"}\n{"text": "fuck off"}\nnope\n', encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("screen", str(path), stdout=out, stderr=err)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [x.get("recommendation") for x in lines] == ["publish", "reject", None]
    assert "1 line" in err.getvalue()


def test_screen_command_reads_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO('{"text": "Salaksın"}\n'))
    out = io.StringIO()
    call_command("screen", stdout=out)
    assert json.loads(out.getvalue())["recommendation"] == "review"
    assert "Salaksın" in out.getvalue()


def test_evaluate_command(tmp_path):
    path = tmp_path / "eval.jsonl"
    rows = [
        {"text": "Nice one", "label": "fine", "categories": []},
        {"text": "fuck you", "label": "bad", "categories": ["vulgar"]},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    out = io.StringIO()
    call_command("evaluate_screening", str(path), stdout=out)
    assert "ROC AUC of risk, bad vs fine: 1.0000" in out.getvalue()


def test_screen_command_says_when_it_runs_without_the_site_terms(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "zorblax today"}\n', encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("screen", str(path), stdout=out, stderr=err)
    assert NO_SITE_TERMS in err.getvalue()
    assert json.loads(out.getvalue())["recommendation"] == "publish"
    terms = tmp_path / "terms.jsonl"
    terms.write_text(
        '{"phrase": "zorblax", "language": "en", "severity": "banned", "category": "spam"}\n',
        encoding="utf-8",
    )
    policy = tmp_path / "policy.json"
    policy.write_text('{"review": 0.3, "reject": 0.9, "blocked_domains": ["bad.example"]}')
    out, err = io.StringIO(), io.StringIO()
    call_command("screen", str(path), terms=str(terms), policy=str(policy), stdout=out, stderr=err)
    assert NO_SITE_TERMS not in err.getvalue()
    assert json.loads(out.getvalue())["recommendation"] == "reject"


def test_evaluate_command_corpus_table(tmp_path):
    path = tmp_path / "mixed.jsonl"
    rows = [
        {"text": "Thanks for the report on the harbour", "label": "ok"},
        {"text": "Nice one, well written", "label": "fine"},
        {"text": "fuck you", "label": "abusive"},
        {"text": "Visit my channel and subscribe http://spam.example", "label": "spam"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    out = io.StringIO()
    call_command("evaluate_screening", corpus=[str(path)], stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == [
        "corpus",
        "n",
        "ROC",
        "AUC",
        "bad",
        "held",
        "fine",
        "rej",
        "fine",
        "pub",
    ]
    assert lines[1].split()[:4] == ["mixed.jsonl", "4", "1.0000", "100.0%"]
