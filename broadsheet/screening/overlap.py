"""Evidence the base model and the rules share, counted once (step 0 of the risk formula).

The base model reads the whole text, so some rule findings say again what it has already
weighed; counted as independent evidence by noisy-OR, they rank comments by how many
signals fired rather than by how sure the evidence is. With the model among the checks,
:func:`counted` returns the findings that count towards risk (the verdict's reasons keep
every finding as it was found):

- **Weak spam hints** (:data:`WEAK_SPAM_HINTS`: a link, shouting, a run of one character,
  a betting word; 0.15 to 0.3). The spam head reads the same text (a link is its word
  ``xurlx``). Each kind present adds :data:`WEAK_SPAM_LOGIT` to the spam head's log-odds
  instead, and the head's finding is scored for that probability (from the head's silent
  level when it said nothing): a link moves a comment the head finds spammy, and barely
  one it finds plain. The site's flood signal is not the text's and still counts alone.
- **Abusive words.** The abuse head and the word lists read the same words ("shit" is a
  suspect term and the head's strongest word). The word lists' findings on the text below
  ``reject`` in :data:`TERM_CATEGORIES` (combined as in steps 1 and 2) and the model's
  abuse finding count as one piece of evidence: the stronger of the two. Terms at or over
  ``reject`` and the name's findings (the model does not read the name) count on their own.

Neither can lower the risk of what the rules alone reject (the pipeline keeps that).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from broadsheet.screening.combine import combine_risk
from broadsheet.screening.types import Finding

WEAK_SPAM_HINTS: frozenset[str] = frozenset(
    {"spam.link", "spam.shouting", "spam.character_run", "spam.betting_or_gambling_word"}
)
WEAK_SPAM_LOGIT = 1.0
TERM_CATEGORIES: frozenset[str] = frozenset({"insult", "vulgar", "hate", "sexual"})
_ABUSE = frozenset({"insult", "vulgar"})


def _is_term(f: Finding, reject: float) -> bool:
    return (
        f.check == "wordlists"
        and f.category in TERM_CATEGORIES
        and f.score < reject
        and f.code != "wordlists.name"
    )


def counted(findings: Sequence[Finding], reject: float) -> Sequence[Finding]:
    """The findings that count towards risk (see the module docstring)."""
    return fold(findings, reject)[0]


def fold(findings: Sequence[Finding], reject: float) -> tuple[Sequence[Finding], bool]:
    """:func:`counted`, and whether weak spam hints were taken out (``findings`` itself,
    and False, when nothing is shared: most comments)."""
    hints: set[str] = set()
    has_term = has_abuse = False
    for f in findings:
        if f.check == "model":
            has_abuse = has_abuse or f.category in _ABUSE
        elif f.code in WEAK_SPAM_HINTS:
            hints.add(f.code)
        elif not has_term and _is_term(f, reject):
            has_term = True
    share_terms = has_term and has_abuse
    if not hints and not share_terms:
        return findings, False
    from broadsheet.screening import model

    p = model.SILENT
    abuse: Finding | None = None
    terms: list[Finding] = []
    kept = []
    for f in findings:
        if f.check == "model":
            if f.category == "spam" and hints:
                p = min(max(p, float(f.params.get("probability", p))), 1.0 - 1e-6)
                continue
            if share_terms and f.category in _ABUSE:
                abuse = f
                continue
        elif f.code in hints:
            continue
        elif share_terms and _is_term(f, reject):
            terms.append(f)
            continue
        kept.append(f)
    # Counted, never shown: made without a detail.
    if hints:
        z = math.log(p / (1.0 - p)) + WEAK_SPAM_LOGIT * len(hints)
        score = model.head_score("spam", 1.0 / (1.0 + math.exp(-z)))
        kept.append(Finding("model", "spam", round(score, 4), "", 0, 0))
    if terms:
        strength = combine_risk(terms, {})  # steps 1 and 2: the terms are all one check's
        if abuse is not None and abuse.score >= strength:
            kept.append(abuse)
        else:
            category = max(terms, key=lambda f: f.score).category
            kept.append(Finding("wordlists", category, round(strength, 6), "", 0, 0))
    return kept, bool(hints)
