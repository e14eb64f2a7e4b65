"""How a comment and its screening verdict look to a moderator. Pure functions, no queries.

Invariant: everything the reader wrote, and everything in the stored verdict, reaches the page
escaped. The highlighted text is built from escaped segments; span offsets from the verdict
are clamped to the text, and malformed entries are skipped, never trusted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from broadsheet.comments.models import Comment
from broadsheet.moderation.admin.screening_labels import (
    category_label,
    check_label,
    recommendation_label,
)
from broadsheet.moderation.reasons import reason_text

# A verdict is ours, but a broken one must not make the queue slow or fail.
MAX_SPANS = 100
MAX_REASONS = 50
MAX_CATEGORIES = 20


@dataclass(frozen=True)
class Reason:
    """One finding as the moderator reads it: ``detail`` is in the active language.

    ``check`` and ``category`` are the stored codes; ``check_label`` and ``category_label``
    are their names in the active language.
    """

    check: str
    category: str
    detail: str
    start: int | None = None
    end: int | None = None

    @property
    def check_label(self) -> str:
        return check_label(self.check)

    @property
    def category_label(self) -> str:
        return category_label(self.category)


@dataclass
class ScreeningView:
    screened: bool
    risk: float
    recommendation: str
    categories: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)

    @property
    def recommendation_label(self) -> str:
        return recommendation_label(self.recommendation)

    @property
    def category_labels(self) -> list[str]:
        return [category_label(category) for category in self.categories]


@dataclass
class ModerationRow:
    """One comment as the queue and the detail page show it."""

    comment: Comment
    screening: ScreeningView
    highlighted_text: SafeString
    approved_replies: int = 0  # they stay visible if this comment is removed
    similar: int = 0  # other comments of its wave in the same status (``waves.similar_counts``)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _offset(value: object) -> int | None:
    # bool is an int subclass; True/False are not offsets.
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _reason_entries(verdict: object) -> list[dict]:
    if not isinstance(verdict, dict) or not isinstance(verdict.get("reasons"), list):
        return []
    return [entry for entry in verdict["reasons"] if isinstance(entry, dict)]


def _reason_text(entry: dict) -> str:
    """The finding's sentence in the active language, its category named in that language too.

    The word lists' reasons carry a category code as a parameter ("banned insult term ..."):
    it is replaced by the category's name before ``reason_text`` fills the sentence.
    """
    params = entry.get("params")
    if isinstance(params, dict) and isinstance(params.get("category"), str):
        entry = {**entry, "params": {**params, "category": category_label(params["category"])}}
    return reason_text(entry)


def screening_view(comment: Comment) -> ScreeningView:
    """The stored verdict, reduced to well-formed strings (missing parts left out)."""
    verdict = comment.screening
    if not isinstance(verdict, dict) or not verdict:
        return ScreeningView(screened=False, risk=_risk(comment.risk), recommendation="")
    raw_categories = verdict.get("categories")
    categories = []
    if isinstance(raw_categories, list):
        categories = [c for c in raw_categories if isinstance(c, str) and c][:MAX_CATEGORIES]
    reasons = [
        Reason(
            check=_text(entry.get("check")),
            category=_text(entry.get("category")),
            detail=_reason_text(entry),
            start=_offset(entry.get("start")),
            end=_offset(entry.get("end")),
        )
        for entry in _reason_entries(verdict)[:MAX_REASONS]
    ]
    return ScreeningView(
        screened=True,
        risk=_risk(comment.risk),
        recommendation=_text(verdict.get("recommendation")),
        categories=categories,
        reasons=reasons,
    )


def _risk(value: object) -> float:
    try:
        risk = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return min(1.0, max(0.0, risk)) if risk == risk else 0.0  # NaN -> 0


def _spans(text: str, verdict: object) -> list[tuple[int, int, str]]:
    """Valid highlight spans ``(start, end, label)`` inside ``text``.

    Offsets are clamped to the text; empty spans and spans covering the whole text (a finding
    about the comment as a whole) are left out, as they mark nothing in particular.
    """
    length = len(text)
    spans = []
    for entry in _reason_entries(verdict)[:MAX_SPANS]:
        start, end = _offset(entry.get("start")), _offset(entry.get("end"))
        if start is None or end is None:
            continue
        start, end = max(0, min(start, length)), max(0, min(end, length))
        if end <= start or (start == 0 and end == length):
            continue
        check, detail = check_label(_text(entry.get("check"))), _reason_text(entry)
        label = f"{check}: {detail}" if detail else check
        spans.append((start, end, label))
    return spans


def highlight(text: str, verdict: object) -> SafeString:
    """``text`` as HTML, with the verdict's spans in ``<mark>``; every segment is escaped.

    Overlapping spans are split at every boundary, so marks never nest; a segment covered by
    several findings names all of them in its title.
    """
    spans = _spans(text, verdict)
    if not spans:
        return escape(text)
    bounds = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces: list[str] = []
    for start, end in pairwise(bounds):
        labels = list(dict.fromkeys(label for s, e, label in spans if s <= start and end <= e))
        segment = text[start:end]
        if labels:
            pieces.append(
                format_html(
                    '<mark class="bs-queue__match" title="{}">{}</mark>', "; ".join(labels), segment
                )
            )
        else:
            pieces.append(escape(segment))
    return mark_safe("".join(pieces))  # noqa: S308 -- every piece above is escaped


def moderation_row(
    comment: Comment, *, approved_replies: int = 0, similar: int = 0
) -> ModerationRow:
    return ModerationRow(
        comment=comment,
        screening=screening_view(comment),
        highlighted_text=highlight(comment.text, comment.screening),
        approved_replies=approved_replies,
        similar=similar,
    )
