"""The screening commands: ``screen`` (with the site's terms, files or the shipped lists) and
``evaluate_screening``."""

# ruff: noqa: RUF001 - Turkish letters are the subject here

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

from django.core.management import call_command
from wagtail.models import Site

from broadsheet.moderation.models import ScreeningPolicy, ScreeningTerm
from broadsheet.screening.cli import NO_SITE_TERMS

SITE_TERMS = "Screening with this site's staff terms"


def test_screen_command_uses_the_sites_terms_and_policy(db, tmp_path):
    ScreeningTerm.objects.create(
        phrase="zorblax", language="en", severity="banned", category="spam"
    )
    policy = ScreeningPolicy.for_site(Site.objects.get(is_default_site=True))
    policy.blocked_domains = "bad.example\n"
    policy.save()
    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"text": "zorblax today"}\n{"text": "read http://bad.example/x"}\n{"text": "Nice"}\n',
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    call_command("screen", str(path), stdout=out, stderr=err)
    verdicts = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [v["recommendation"] for v in verdicts] == ["reject", "reject", "publish"]
    assert {r["code"] for r in verdicts[1]["reasons"]} >= {"spam.blocked_link"}
    assert SITE_TERMS in err.getvalue() and NO_SITE_TERMS not in err.getvalue()


def test_screen_command_says_so_when_the_database_cannot_be_read(tmp_path):
    empty = tmp_path / "empty.sqlite3"  # configured, but not migrated
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{empty}", "BROADSHEET_VAR_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "broadsheet", "screen"],
        input='{"text": "fuck off"}\n',
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    assert "could not be read from the database" in done.stderr
    assert NO_SITE_TERMS in done.stderr and SITE_TERMS not in done.stderr
    assert json.loads(done.stdout)["recommendation"] == "reject"


def test_screen_command_reads_a_file(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "Güzel haber"}\n{"text": "fuck off"}\nnope\n', encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("screen", str(path), shipped=True, stdout=out, stderr=err)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [x.get("recommendation") for x in lines] == ["publish", "reject", None]
    assert "1 line" in err.getvalue()


def test_screen_command_reads_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO('{"text": "Salaksın"}\n'))
    out = io.StringIO()
    call_command("screen", shipped=True, stdout=out)
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
    call_command("screen", str(path), shipped=True, stdout=out, stderr=err)
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
