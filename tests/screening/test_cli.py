"""``screen_jsonlines``: one output line per input line, in order, errors included."""

# ruff: noqa: RUF001 - Turkish and look-alike letters are the subject here

from __future__ import annotations

import io
import json

import pytest

from broadsheet.screening.cli import CHUNK, parse_line, screen_jsonlines, site_setup
from broadsheet.screening.types import ScreeningInput


def run(lines: list[str]) -> tuple[list[dict], int]:
    out = io.StringIO()
    errors = screen_jsonlines(lines, out)
    return [json.loads(line) for line in out.getvalue().splitlines()], errors


def test_one_line_out_per_line_in_with_errors_in_place():
    lines = [
        json.dumps({"text": "Great article, thanks."}),
        "not json",
        "",
        "[1, 2]",
        json.dumps({"name": "no text"}),
        json.dumps({"text": 5}),
        json.dumps({"text": "fuck off", "name": "x", "email": "a@b.example", "url": None}),
        json.dumps({"text": "ok", "name": 3}),
        "   ",
    ]
    records, errors = run(lines)
    assert len(records) == len(lines)
    assert errors == 7
    assert records[0]["recommendation"] == "publish"
    assert "invalid JSON" in records[1]["error"]
    assert records[2] == {"error": "blank line"}
    assert "object" in records[3]["error"]
    assert records[4] == {"error": 'missing "text"'}
    assert records[5] == {"error": '"text" must be a string'}
    assert records[6]["recommendation"] == "reject"
    assert records[7] == {"error": '"name" must be a string'}
    assert records[8] == {"error": "blank line"}


def test_order_is_kept_across_batches():
    texts = [
        f"Thanks for comment {i} on the harbour story" + (" fuck you" if i % 3 == 0 else "")
        for i in range(CHUNK * 2 + 17)
    ]
    lines = [json.dumps({"text": t}) for t in texts]
    lines[CHUNK + 1] = "{broken"
    records, errors = run(lines)
    assert errors == 1
    assert len(records) == len(texts)
    for i, rec in enumerate(records):
        if i == CHUNK + 1:
            assert "error" in rec
        else:
            assert rec["recommendation"] == ("reject" if i % 3 == 0 else "publish"), i


def test_non_ascii_is_written_as_is():
    out = io.StringIO()
    screen_jsonlines([json.dumps({"text": "Gerizekalı mısın sen?"}, ensure_ascii=True)], out)
    line = out.getvalue()
    assert "Gerizekalı" in line
    assert "\\u" not in line
    assert line.endswith("\n") and line.count("\n") == 1


def test_line_endings_and_offsets():
    text = "Sen tam bir salaksın"
    records, _ = run([json.dumps({"text": text}, ensure_ascii=False) + "\r\n"])
    (reason,) = [r for r in records[0]["reasons"] if r["check"] == "wordlists"]
    assert text[reason["start"] : reason["end"]] == "salaksın"


def test_parse_line():
    assert parse_line('{"text": "hi", "url": "http://x.example"}') == ScreeningInput(
        "hi", url="http://x.example"
    )
    assert parse_line("{}") == 'missing "text"'
    assert parse_line('\ufeff{"text": "hi"}') == ScreeningInput("hi")


def test_site_terms_and_policy_are_injected():
    terms = [
        json.dumps({"phrase": "glorp", "language": "en", "severity": "banned", "category": "spam"}),
        json.dumps({"phrase": "salak*", "severity": "allowed"}),
    ]
    pipe, ctx = site_setup(terms, {"review": 0.2, "blocked_domains": ["spam.example"]})
    out = io.StringIO()
    lines = [
        json.dumps({"text": "buy glorp"}),
        json.dumps({"text": "Salaksın"}),
        json.dumps({"text": "see http://spam.example/x"}),
    ]
    screen_jsonlines(lines, out, pipe, ctx)
    recs = [json.loads(x)["recommendation"] for x in out.getvalue().splitlines()]
    assert recs[0] == "reject" and recs[2] == "reject"
    assert not any(
        r["check"] == "wordlists" for r in json.loads(out.getvalue().splitlines()[1])["reasons"]
    )
    assert pipe.thresholds.review == 0.2
    with pytest.raises(ValueError, match="terms line 1"):
        site_setup(["{not json"], None)
    with pytest.raises(ValueError):
        site_setup(None, {"review": 0.95, "reject": 0.5})
