"""Off-topic comments that can be recognised without reading the article.

Only two shapes, both cheap and precise: "first!" comments and chain letters
("forward this to ten people or...", "copy and paste this on your wall",
"bu mesajı 10 kişiye göndermezsen"). Whether a comment about banana bread
belongs under an article about the harbour is for a moderator; guessing it
would flag honest digressions. (A comment that is nothing but a link is
flagged by ``links_spam``.)
"""

# ruff: noqa: RUF002 - Turkish and look-alike letters are the subject here

from __future__ import annotations

from typing import TYPE_CHECKING

from broadsheet.screening.rules import Rule, rule, run_rules
from broadsheet.screening.types import Finding, ScreeningInput

if TYPE_CHECKING:
    from broadsheet.screening.context import ScreeningContext

RULES: tuple[Rule, ...] = (
    rule(
        "race to comment first",
        r"^\W*(?:first|1st|ilk|birinci)\W*(?:!|$)",
        0.6,
        "off_topic",
        "first 1st ilk birinci",
    ),
    rule(
        "chain letter",
        r"\b(?:forward|send|share)\W+this\W+(?:message\W+|post\W+)?(?:to|with)\W+(?:\d+|five|"
        r"seven|ten|twenty)\W+(?:people|friends|contacts)\b|\bcopy\W+and\W+paste\W+this\b|"
        r"\byears?\W+of\W+bad\W+luck\b|\bi\W+do\W+not\W+give\W+(?:anyone\W+|facebook\W+|"
        r"meta\W+)?permission\b|\bbu\W+mesaji\W+\d+\W+kisiye\b|\bgondermezsen\b|"
        r"\bpaylasmazsan\b|\byil\W+(?:boyunca\W+)?sansin\W+(?:yaver\W+)?gitmez\b",
        0.6,
        "off_topic",
        "forward send share copy years year i bu gondermezsen paylasmazsan yil",
    ),
)


def check(inp: ScreeningInput, ctx: ScreeningContext) -> list[Finding]:
    """ "First!" comments and chain letters."""
    return run_rules(RULES, inp.normalized, "offtopic")
