"""The values the screening checks exchange: inputs, findings and verdicts.

Everything here is immutable and free of Django, so a check can be called
and tested on its own with nothing but a string.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from broadsheet.screening.lazy import lazy
from broadsheet.screening.reasons import render

if TYPE_CHECKING:
    from broadsheet.screening.normalize import Normalized

#: The only category names a finding may carry, in the order moderators see them.
CATEGORIES: tuple[str, ...] = (
    "illegal",
    "threat",
    "insult",
    "vulgar",
    "sexual",
    "hate",
    "defamation",
    "personal_data",
    "spam",
    "off_topic",
)

#: The most findings of one check a verdict keeps: the strongest (``pipeline.cap_per_check``).
#: Checks that could find thousands (one per disguised word of a flood) stop building there.
MAX_FINDINGS_PER_CHECK = 20

Recommendation = Literal["publish", "review", "reject"]
RECOMMENDATIONS: tuple[str, ...] = ("publish", "review", "reject")


@dataclass(frozen=True)
class ScreeningInput:
    """One comment as the reader submitted it.

    ``text`` is what gets published; ``name``, ``email`` and ``url`` are the
    commenter's own details. Only ``text`` is searched for personal data:
    the commenter's e-mail address is supplied to us, not published.
    ``author_name`` is the name shown with the comment; callers may pass it
    instead of (or as well as) ``name``: :attr:`display_name` is the one the
    checks read.
    """

    text: str
    name: str = ""
    email: str = ""
    url: str = ""
    author_name: str = ""

    @property
    def display_name(self) -> str:
        """The name readers see: ``author_name`` if given, else ``name``."""
        return self.author_name or self.name

    @lazy
    def normalized(self) -> Normalized:
        """The normalised text, computed once and shared by every check."""
        from broadsheet.screening.normalize import normalize

        return normalize(self.text)

    @lazy
    def near_duplicate_key(self) -> str:
        """The text's near-duplicate bands (``nearduplicates``), computed once per input."""
        from broadsheet.screening.nearduplicates import input_near_duplicate_key

        return input_near_duplicate_key(self.normalized)


@dataclass(frozen=True)
class Finding:
    """One piece of evidence against a comment.

    Invariants: ``category`` is one of :data:`CATEGORIES`; ``0 <= score <= 1``;
    ``0 <= start <= end <= len(text)`` where the offsets index the ORIGINAL
    text the reader typed (a finding about the whole text spans ``0..len``;
    one about the name or URL field has the empty span ``0..0``).

    ``code`` and ``params`` name the reason (``broadsheet.screening.reasons``);
    ``detail`` is its English rendering. Findings built with :meth:`coded` (all
    the shipped checks') have ``detail == reasons.render(code, params)``; a
    finding without a code (a site's own check) has only its ``detail``.
    """

    check: str
    category: str
    score: float
    detail: str
    start: int
    end: int
    code: str = ""
    params: Mapping[str, str | int | float] = field(default_factory=dict, hash=False)

    @classmethod
    def coded(
        cls,
        check: str,
        category: str,
        score: float,
        code: str,
        params: Mapping[str, str | int | float],
        start: int,
        end: int,
    ) -> Finding:
        """A finding whose ``detail`` is rendered from ``code`` and ``params``."""
        return cls(check, category, score, render(code, params), start, end, code, dict(params))

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r}")
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score!r} is outside 0..1")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "category": self.category,
            "score": round(self.score, 4),
            "detail": self.detail,
            "code": self.code,
            "params": dict(self.params),
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Verdict:
    """The pipeline's answer for one comment.

    Invariants: ``0 <= risk <= 1``; ``categories`` is sorted and unique;
    ``reasons`` are ordered strongest first.
    """

    risk: float
    recommendation: Recommendation
    categories: tuple[str, ...]
    reasons: tuple[Finding, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "risk": round(self.risk, 4),
            "recommendation": self.recommendation,
            "categories": list(self.categories),
            "reasons": [f.to_dict() for f in self.reasons],
        }
