"""Steps 1 and 2 of the risk formula (:mod:`broadsheet.screening.pipeline`): findings into one
number. Its own module so that step 0 (:mod:`broadsheet.screening.overlap`), which the
pipeline imports, combines the evidence it folds the same way.

Invariants: the result is within 0..1, 0.0 without findings, never lower for one more
finding, and independent of the findings' order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from broadsheet.screening.types import Finding


def combine_risk(findings: Iterable[Finding], weights: Mapping[str, float]) -> float:
    """Grouped by (check, category): the strongest score fully, each further one at half
    strength; the groups by noisy-OR, each scaled by its category's weight (1.0 if absent)."""
    groups: dict[tuple[str, str], list[float]] = {}
    for f in findings:
        groups.setdefault((f.check, f.category), []).append(f.score)
    keep = 1.0
    for (_, category), scores in groups.items():
        scores.sort(reverse=True)
        g_keep = 1.0 - scores[0]
        for s in scores[1:]:
            g_keep *= 1.0 - s / 2
        keep *= 1.0 - weights.get(category, 1.0) * (1.0 - g_keep)
    risk = 1.0 - keep
    return min(1.0, max(0.0, risk))
