"""Evaluation of the pipeline on a labelled set of comments.

The set (``data/eval.jsonl``) has one object per line::

    {"text": str, "lang": "en"|"tr", "label": "fine"|"bad",
     "kind": "ordinary"|"heated"|"abusive"|"spam", "categories": [...]}

Metrics: precision and recall per category (a category is predicted when it
is in the verdict's categories), ROC AUC of ``risk`` for bad against fine,
the share of bad comments not recommended ``publish``, and the fine comments
recommended ``reject``. Goals: AUC >= 0.95, >= 95% of bad held back, no fine
comment rejected.

Run: ``python -m broadsheet.screening.evaluate [FILE]`` or
``broadsheet evaluate_screening [FILE]``.

``--corpus FILE...`` prints one row per file instead: n, ROC AUC of ``risk`` (bad
against fine), the share of bad comments not recommended publish, and the shares of
fine comments recommended reject and publish. A file may be in this format or in
the training corpora's (``"label": "ok"|"abusive"|"spam"``; ok is fine, the others
bad). ``--baseline`` scores the same rows with alt-profanity-check alone, for
comparison (risk = its probability; review from 0.72, where the old pipeline's
mapping asked for review; it never rejects).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from broadsheet.screening.pipeline import Pipeline, get_pipeline
from broadsheet.screening.types import CATEGORIES, ScreeningInput, Verdict

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "eval.jsonl"

GOAL_AUC = 0.95
GOAL_HELD_BACK = 0.95
GOAL_FINE_REJECTED = 0


@dataclass(frozen=True)
class Example:
    text: str
    lang: str
    label: str  # "fine" or "bad"
    kind: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class CategoryScore:
    category: str
    support: int  # examples labelled with the category
    predicted: int  # verdicts naming it
    true_positives: int

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.support if self.support else None


@dataclass(frozen=True)
class Report:
    n: int
    n_bad: int
    n_fine: int
    auc: float
    held_back: float  # share of bad not recommended publish
    fine_rejected: int
    fine_reviewed: int
    categories: tuple[CategoryScore, ...]
    misses: tuple[tuple[Example, Verdict], ...] = field(default=(), repr=False)
    false_rejects: tuple[tuple[Example, Verdict], ...] = field(default=(), repr=False)

    @property
    def goals_met(self) -> bool:
        return (
            self.auc >= GOAL_AUC
            and self.held_back >= GOAL_HELD_BACK
            and self.fine_rejected <= GOAL_FINE_REJECTED
        )


def parse_examples(lines: Iterable[str]) -> list[Example]:
    """Examples from JSON lines; raises ValueError naming the bad line."""
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            label = obj["label"]
            if label not in ("fine", "bad"):
                raise ValueError(f"label must be fine or bad, not {label!r}")
            cats = tuple(obj.get("categories") or ())
            unknown = set(cats) - set(CATEGORIES)
            if unknown:
                raise ValueError(f"unknown categories {sorted(unknown)}")
            out.append(
                Example(str(obj["text"]), obj.get("lang", ""), label, obj.get("kind", ""), cats)
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"line {number}: {exc}") from None
    return out


def load_examples(path: Path | str = DEFAULT_FILE) -> list[Example]:
    with open(path, encoding="utf-8") as f:
        return parse_examples(f)


def roc_auc(scores: Sequence[float], positives: Sequence[bool]) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    pairs = sorted(zip(scores, positives, strict=True), key=lambda p: p[0])
    n_pos = sum(positives)
    n_neg = len(pairs) - n_pos
    if not n_pos or not n_neg:
        raise ValueError("AUC needs both positives and negatives")
    rank_sum = 0.0
    i = 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        mid_rank = (i + 1 + j) / 2  # average 1-based rank of the tie block
        rank_sum += mid_rank * sum(1 for k in range(i, j) if pairs[k][1])
        i = j
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def evaluate(examples: Sequence[Example], pipeline: Pipeline | None = None) -> Report:
    """Screen ``examples`` and measure the verdicts against their labels."""
    pipe = pipeline if pipeline is not None else get_pipeline()
    verdicts = pipe.screen_many([ScreeningInput(e.text) for e in examples])
    bad = [e.label == "bad" for e in examples]
    n_bad = sum(bad)
    auc = roc_auc([v.risk for v in verdicts], bad)
    misses = tuple(
        (e, v)
        for e, v, b in zip(examples, verdicts, bad, strict=True)
        if b and v.recommendation == "publish"
    )
    false_rejects = tuple(
        (e, v)
        for e, v, b in zip(examples, verdicts, bad, strict=True)
        if not b and v.recommendation == "reject"
    )
    fine_reviewed = sum(
        1 for v, b in zip(verdicts, bad, strict=True) if not b and v.recommendation == "review"
    )
    scores = []
    for cat in CATEGORIES:
        support = predicted = tp = 0
        for e, v in zip(examples, verdicts, strict=True):
            truth = cat in e.categories
            guess = cat in v.categories
            support += truth
            predicted += guess
            tp += truth and guess
        scores.append(CategoryScore(cat, support, predicted, tp))
    return Report(
        n=len(examples),
        n_bad=n_bad,
        n_fine=len(examples) - n_bad,
        auc=auc,
        held_back=(n_bad - len(misses)) / n_bad if n_bad else 1.0,
        fine_rejected=len(false_rejects),
        fine_reviewed=fine_reviewed,
        categories=tuple(scores),
        misses=misses,
        false_rejects=false_rejects,
    )


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def print_report(report: Report, out: TextIO, show_errors: int = 10) -> None:
    ok = "ok" if report.goals_met else "GOALS NOT MET"
    out.write(f"examples: {report.n} ({report.n_bad} bad, {report.n_fine} fine)\n")
    out.write(f"ROC AUC of risk, bad vs fine: {report.auc:.4f} (goal >= {GOAL_AUC})\n")
    out.write(
        f"bad not recommended publish: {100 * report.held_back:.1f}% "
        f"(goal >= {100 * GOAL_HELD_BACK:.0f}%)\n"
    )
    out.write(
        f"fine recommended reject: {report.fine_rejected} (goal {GOAL_FINE_REJECTED}); "
        f"fine sent to review: {report.fine_reviewed}\n"
    )
    out.write(f"{'category':15} {'support':>7} {'predicted':>9} {'precision':>9} {'recall':>7}\n")
    for c in report.categories:
        out.write(
            f"{c.category:15} {c.support:7d} {c.predicted:9d} {_pct(c.precision):>9} "
            f"{_pct(c.recall):>7}\n"
        )
    for title, rows in (
        ("bad comments published", report.misses),
        ("fine comments rejected", report.false_rejects),
    ):
        if rows and show_errors:
            out.write(f"{title} (first {min(show_errors, len(rows))} of {len(rows)}):\n")
            for e, v in rows[:show_errors]:
                out.write(f"  risk {v.risk:.2f} [{e.kind}] {e.text[:100]!r}\n")
    out.write(f"result: {ok}\n")


@dataclass(frozen=True)
class CorpusRow:
    """One line of the ``--corpus`` table."""

    name: str
    n: int
    auc: float | None  # None when the file has only one class
    bad_held_back: float | None  # share of bad not recommended publish
    fine_rejected: float | None  # share of fine recommended reject
    fine_published: float | None  # share of fine recommended publish


def corpus_labels(lines: Iterable[str]) -> tuple[list[str], list[bool]]:
    """Texts and whether each is bad, from either file format (see the module docstring)."""
    texts, bad = [], []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            label = obj["label"]
            text = obj["text"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"line {number}: {exc}") from None
        if label not in ("fine", "bad", "ok", "abusive", "spam") or not isinstance(text, str):
            raise ValueError(f"line {number}: unknown label {label!r}")
        texts.append(text)
        bad.append(label not in ("fine", "ok"))
    return texts, bad


BASELINE_REVIEW = 0.72


def _baseline(texts: Sequence[str]) -> list[tuple[float, str]]:
    from profanity_check import predict_prob

    probs = predict_prob(list(texts)) if texts else []
    return [(float(p), "review" if p >= BASELINE_REVIEW else "publish") for p in probs]


def corpus_row(
    name: str,
    texts: Sequence[str],
    bad: Sequence[bool],
    pipeline: Pipeline | None = None,
    baseline: bool = False,
) -> CorpusRow:
    """Measure one file (see :class:`CorpusRow`)."""
    if baseline:
        scored = _baseline(texts)
    else:
        pipe = pipeline if pipeline is not None else get_pipeline()
        scored = [(v.risk, v.recommendation) for v in pipe.screen_many(map(ScreeningInput, texts))]
    n_bad = sum(bad)
    n_fine = len(bad) - n_bad
    auc = roc_auc([r for r, _ in scored], bad) if n_bad and n_fine else None
    bad_recs = [rec for (_, rec), b in zip(scored, bad, strict=True) if b]
    fine_recs = [rec for (_, rec), b in zip(scored, bad, strict=True) if not b]

    def share(recs: list[str], *wanted: str) -> float | None:
        return sum(r in wanted for r in recs) / len(recs) if recs else None

    return CorpusRow(
        name,
        len(texts),
        auc,
        share(bad_recs, "review", "reject"),
        share(fine_recs, "reject"),
        share(fine_recs, "publish"),
    )


def print_corpus_rows(rows: Sequence[CorpusRow], out: TextIO) -> None:
    out.write(
        f"{'corpus':28} {'n':>6} {'ROC AUC':>8} {'bad held':>9} {'fine rej':>9} {'fine pub':>9}\n"
    )
    for r in rows:
        auc = "     -  " if r.auc is None else f"{r.auc:8.4f}"
        out.write(
            f"{r.name:28} {r.n:6d} {auc:>8} {_pct(r.bad_held_back):>9} "
            f"{_pct(r.fine_rejected):>9} {_pct(r.fine_published):>9}\n"
        )


def evaluate_corpora(
    paths: Sequence[Path | str], out: TextIO, baseline: bool = False
) -> list[CorpusRow]:
    """The ``--corpus`` table for ``paths``, printed to ``out``."""
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            texts, bad = corpus_labels(f)
        rows.append(corpus_row(Path(path).name, texts, bad, baseline=baseline))
    print_corpus_rows(rows, out)
    return rows


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="evaluate_screening")
    parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))
    parser.add_argument("--corpus", nargs="+", metavar="FILE")
    parser.add_argument("--baseline", action="store_true")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    out = out or sys.stdout
    if args.corpus:
        evaluate_corpora(args.corpus, out, baseline=args.baseline)
        return 0
    report = evaluate(load_examples(args.file))
    print_report(report, out)
    return 0 if report.goals_met else 1


if __name__ == "__main__":
    raise SystemExit(main())
