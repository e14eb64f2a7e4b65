"""The screening pipeline: run the checks, combine their findings into a verdict.

Risk formula (documented in docs/screening.md):

0. With the base model among the checks, what it and the rules both read counts
   once (:mod:`broadsheet.screening.overlap`): the weak spam hints of the text
   raise the spam head's probability instead of adding evidence of their own, and
   the word lists' terms below reject and the abuse head count as the stronger of
   the two.
1. Findings are grouped by (check, category). Within a group the strongest
   score counts fully and every further one at half strength, combined as
   independent evidence: ``g = 1 - (1 - s1) * prod(1 - s_k / 2)``. Three
   mild insults are more than one, but never as much as three checks agreeing.
2. Groups combine by noisy-OR with a weight per category:
   ``risk = 1 - prod(1 - w_category * g)``, which stays within 0..1.
3. Soft evidence never rejects: unless the rules alone (every check except the
   models in :data:`SOFT_CHECKS`) reach ``thresholds.reject``, risk above
   :data:`SOFT_KNEE` is compressed so that it stays below the reject threshold
   (still ordered, so it still ranks comments).
4. ``reject`` at ``risk >= thresholds.reject`` (0.9), ``review`` at
   ``risk >= thresholds.review`` (0.35), otherwise ``publish``.

A verdict keeps at most :data:`MAX_FINDINGS_PER_CHECK` findings of each check, its
strongest: a 30,000-character flood of one disguised word would otherwise carry
thousands of findings that change nothing (the first few already set the risk) and
cost time to sort, store and show. The checks cap what they build the same way.

The rules' hard signals (a banned term, a clear threat, personal data such as a
card number, a blocked domain) score 0.9 or more and reject on their own; the
models, a suspect term or a weak spam signal can ask for review; the models can
add to the rules' evidence but cannot turn a review into a rejection.
"""

from __future__ import annotations

import heapq
import importlib
import logging
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from broadsheet.screening import overlap
from broadsheet.screening.combine import combine_risk
from broadsheet.screening.context import ScreeningContext
from broadsheet.screening.types import (
    CATEGORIES,
    MAX_FINDINGS_PER_CHECK,
    Finding,
    ScreeningInput,
    Verdict,
)

logger = logging.getLogger(__name__)

CheckFn = Callable[[ScreeningInput, ScreeningContext], list[Finding]]

#: The checks run by default, in order; each is a function ``(inp, ctx) -> list[Finding]``,
#: optionally with a ``batch`` attribute ``(inputs, ctx) -> list[list[Finding]]``.
DEFAULT_CHECKS: tuple[str, ...] = (
    "broadsheet.screening.wordlists.check",
    "broadsheet.screening.threats.check",
    "broadsheet.screening.hate.check",
    "broadsheet.screening.sexual.check",
    "broadsheet.screening.illegal.check",
    "broadsheet.screening.accusations.check",
    "broadsheet.screening.personal_data.check",
    "broadsheet.screening.links_spam.check",
    "broadsheet.screening.offtopic.check",
    "broadsheet.screening.targeted.check",
    "broadsheet.screening.names.check",
    "broadsheet.screening.model.check",
    "broadsheet.screening.learned.check",
)

#: Checks whose findings are soft evidence (statistical models): see step 3.
SOFT_CHECKS: frozenset[str] = frozenset({"model", "learned", "offensive"})
#: Where the compression of soft risk starts, and the most soft evidence can reach.
SOFT_KNEE = 0.8
SOFT_MAX = 0.89


def _order(f: Finding) -> tuple[float, int, int, str]:
    return (-f.score, f.start, f.end, f.check)


def cap_per_check(findings: list[Finding], cap: int = MAX_FINDINGS_PER_CHECK) -> list[Finding]:
    """``findings`` with at most ``cap`` of each check: the strongest, ties by position."""
    if len(findings) <= cap:
        return findings
    by_check: dict[str, list[Finding]] = {}
    for f in findings:
        by_check.setdefault(f.check, []).append(f)
    out: list[Finding] = []
    for group in by_check.values():
        out.extend(group if len(group) <= cap else heapq.nsmallest(cap, group, key=_order))
    return out


#: How much a category's evidence counts towards risk.
DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "illegal": 1.0,
        "threat": 1.0,
        "insult": 1.0,
        "vulgar": 1.0,
        "sexual": 1.0,
        "hate": 1.0,
        "defamation": 1.0,
        "personal_data": 1.0,
        "spam": 1.0,
        "off_topic": 1.0,
    }
)


@dataclass(frozen=True)
class Thresholds:
    """Where risk turns into a recommendation, and the category weights."""

    review: float = 0.35
    reject: float = 0.9
    weights: Mapping[str, float] = field(default_factory=lambda: DEFAULT_WEIGHTS)

    def __post_init__(self) -> None:
        if not 0.0 <= self.review <= self.reject <= 1.0:
            raise ValueError("thresholds must satisfy 0 <= review <= reject <= 1")
        unknown = set(self.weights) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"weights for unknown categories: {sorted(unknown)}")


def resolve_check(check: str | CheckFn) -> CheckFn:
    """A check function from a dotted path ``package.module.function`` (or itself)."""
    if callable(check):
        return check
    module_name, _, attr = check.rpartition(".")
    if not module_name:
        raise ValueError(f"not a dotted path: {check!r}")
    fn = getattr(importlib.import_module(module_name), attr)
    if not callable(fn):
        raise TypeError(f"{check} is not callable")
    return fn


def calibrated_risk(
    findings: Sequence[Finding], thresholds: Thresholds, fold_hints: bool = False
) -> float:
    """Steps 0 to 3: combined risk, kept under reject unless the rules alone reject.

    ``fold_hints``: the base model is among the checks, so step 0 (:mod:`overlap`)
    counts what the model and the rules share once.
    """
    counted, hints_out = (
        overlap.fold(findings, thresholds.reject) if fold_hints else (findings, False)
    )
    risk = combine_risk(counted, thresholds.weights)
    knee = min(SOFT_KNEE, thresholds.reject)
    # Only the hints taken out can leave risk under what the rules alone say.
    if risk <= knee and not hints_out:
        return risk
    hard = combine_risk((f for f in findings if f.check not in SOFT_CHECKS), thresholds.weights)
    if hard >= thresholds.reject:
        # What the rules alone reject stays rejected, as strongly as they say.
        return max(risk, hard)
    if risk <= knee:
        return risk
    # Monotonic and continuous, below reject: knee..1 onto knee..top.
    top = max(knee, min(SOFT_MAX, thresholds.reject - 0.001))
    return knee + (risk - knee) * (top - knee) / (1.0 - knee)


class Pipeline:
    """Runs checks over comments and turns their findings into verdicts.

    Build one at start-up (or use :func:`get_pipeline`) and reuse it; it holds
    no per-comment state and is safe to share between threads.
    """

    def __init__(
        self,
        checks: Sequence[str | CheckFn] = DEFAULT_CHECKS,
        thresholds: Thresholds | None = None,
        batch_size: int = 512,
    ) -> None:
        self.checks: tuple[CheckFn, ...] = tuple(resolve_check(c) for c in checks)
        self.thresholds = thresholds or Thresholds()
        #: Whether the base model runs, so that step 0 applies.
        self.fold_hints = any(getattr(c, "shares_evidence", False) for c in self.checks)
        self.batch_size = batch_size

    def warm(self) -> Pipeline:
        """Load models and compile word lists now, not on the first comment."""
        self.screen(ScreeningInput("warm-up: you idiot, www.example.com"))
        return self

    def verdict(self, findings: Iterable[Finding]) -> Verdict:
        """Combine findings into a :class:`Verdict` (see the module docstring)."""
        reasons = sorted(cap_per_check(list(findings)), key=_order)
        if not reasons:
            return _CLEAN
        t = self.thresholds
        risk = calibrated_risk(reasons, t, self.fold_hints)
        # Rounding first keeps the recommendation consistent with the reported risk.
        risk = math.floor(risk * 10000 + 0.5) / 10000
        if risk >= t.reject:
            recommendation = "reject"
        elif risk >= t.review:
            recommendation = "review"
        else:
            recommendation = "publish"
        cats = {f.category for f in reasons if f.score >= t.review}
        if recommendation != "publish" and reasons:
            cats.add(reasons[0].category)
        return Verdict(risk, recommendation, tuple(sorted(cats)), tuple(reasons))

    def _run(self, check: CheckFn, inp: ScreeningInput, ctx: ScreeningContext) -> list[Finding]:
        try:
            return list(check(inp, ctx))
        except Exception:
            # A broken check must not block comments; the others still decide.
            logger.exception("screening check %r failed", getattr(check, "__module__", check))
            return []

    def screen(self, inp: ScreeningInput, ctx: ScreeningContext | None = None) -> Verdict:
        """Screen one comment."""
        ctx = ctx if ctx is not None else default_context()
        findings: list[Finding] = []
        for check in self.checks:
            findings.extend(self._run(check, inp, ctx))
        return self.verdict(findings)

    def screen_many(
        self, inputs: Iterable[ScreeningInput], ctx: ScreeningContext | None = None
    ) -> list[Verdict]:
        """Screen many comments; same verdicts as :meth:`screen`, in input order, faster.

        Checks with a ``batch`` attribute (the models) run once per chunk of
        ``batch_size`` comments instead of once per comment. Each input's cached
        normalisation is dropped once its chunk is done, to keep memory flat.
        """
        ctx = ctx if ctx is not None else default_context()
        items = list(inputs)
        verdicts: list[Verdict] = []
        for lo in range(0, len(items), self.batch_size):
            chunk = items[lo : lo + self.batch_size]
            per_item: list[list[Finding]] = [[] for _ in chunk]
            for check in self.checks:
                batch = getattr(check, "batch", None)
                if batch is not None:
                    try:
                        results = batch(chunk, ctx)
                    except Exception:
                        logger.exception("screening batch check %r failed", check.__module__)
                        # One comment at a time: only the one that breaks it goes without.
                        results = [self._run(check, inp, ctx) for inp in chunk]
                    for acc, res in zip(per_item, results, strict=True):
                        acc.extend(res)
                else:
                    try:
                        results = [check(inp, ctx) for inp in chunk]
                    except Exception:
                        # Find the comment that breaks the check; the others still count.
                        results = [self._run(check, inp, ctx) for inp in chunk]
                    for acc, res in zip(per_item, results, strict=True):
                        if res:
                            acc.extend(res)
            verdicts.extend(self.verdict(f) for f in per_item)
            for inp in chunk:
                # Drop the cached normalisation: thousands of live token tuples would
                # otherwise make every garbage-collector pass slower as the batch grows.
                inp.__dict__.pop("normalized", None)
        return verdicts


_CLEAN = Verdict(0.0, "publish", (), ())


@lru_cache(maxsize=1)
def default_context() -> ScreeningContext:
    """The context of the command-line tools: shipped word lists, no site history."""
    return ScreeningContext()


@lru_cache(maxsize=8)
def get_pipeline(paths: tuple[str, ...] | None = None) -> Pipeline:
    """A shared pipeline for ``paths`` (default :data:`DEFAULT_CHECKS`), built once."""
    return Pipeline(paths if paths is not None else DEFAULT_CHECKS)
