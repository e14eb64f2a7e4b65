"""Word-list terms: the ``Term`` record and the shipped list files' format."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from broadsheet.screening.types import CATEGORIES

__all__ = [
    "DATA_DIR",
    "SEVERITIES",
    "SHIPPED_LANGUAGES",
    "Severity",
    "Term",
    "load_shipped_terms",
    "parse_wordlist",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
SHIPPED_LANGUAGES: tuple[str, ...] = ("en", "tr")

Severity = Literal["banned", "suspect"]
SEVERITIES: tuple[str, ...] = ("banned", "suspect")


@dataclass(frozen=True)
class Term:
    """One word-list entry.

    ``phrase`` is one or more words; a trailing ``*`` matches any ending of
    the last word, a leading ``=`` demands the exact (unfolded) letters and a
    leading ``@`` counts the term only when it is aimed at someone.
    ``language`` is informational (every list applies to every comment).
    """

    phrase: str
    language: str
    severity: Severity
    category: str

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be banned or suspect, not {self.severity!r}")
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r}")
        if not self.phrase.strip(" =@*"):
            raise ValueError("empty phrase")

    @property
    def addressed_only(self) -> bool:
        return "@" in self.phrase.strip()[:2]


def parse_wordlist(lines: Iterable[str], language: str) -> list[Term]:
    """Parse the ``SEVERITY CATEGORY PHRASE`` line format; raises ValueError with a line number."""
    terms = []
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        if len(parts) != 3:
            raise ValueError(f"line {number}: expected SEVERITY CATEGORY PHRASE, got {raw!r}")
        severity, category, phrase = parts
        try:
            terms.append(Term(phrase.strip(), language, severity, category))  # type: ignore[arg-type]
        except ValueError as exc:
            raise ValueError(f"line {number}: {exc}") from None
    return terms


def load_shipped_terms(languages: Sequence[str] = SHIPPED_LANGUAGES) -> list[Term]:
    terms: list[Term] = []
    for lang in languages:
        path = DATA_DIR / f"wordlist_{lang}.txt"
        terms.extend(parse_wordlist(path.read_text(encoding="utf-8").splitlines(), lang))
    return terms
