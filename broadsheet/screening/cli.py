"""``broadsheet screen``: screen comments given as JSON lines.

Input, one object per line: ``{"text": ..., "name": ..., "email": ..., "url": ...}``
(only ``text`` is required). Output: exactly one JSON line per input line, in
the same order: the verdict (:meth:`Verdict.to_dict`), or ``{"error": ...}``
for a line that is blank, not JSON, not an object, or without a string
``text``. Bad lines never stop the run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, TextIO

from broadsheet.screening.context import ScreeningContext
from broadsheet.screening.pipeline import Pipeline, Thresholds, get_pipeline
from broadsheet.screening.types import ScreeningInput
from broadsheet.screening.wordlists import Term, WordLists

#: Lines read and screened together: big enough for the batch models, small enough
#: to stream.
CHUNK = 512
_OPTIONAL = ("name", "email", "url", "author_name")
#: What the command-line tools say on stderr when they screen without the site's terms.
NO_SITE_TERMS = (
    "screening with the shipped word lists and default thresholds only: the site's staff "
    "terms and screening policy are not applied (pass --terms FILE and --policy FILE, or run "
    "`broadsheet screen` where the site's database can be read)"
)


def load_terms(lines: Iterable[str]) -> WordLists:
    """The shipped lists with staff terms applied, from JSON lines.

    One object per line: ``{"phrase": ..., "language": "en", "severity":
    "banned"|"suspect"|"allowed", "category": ...}``; ``allowed`` removes a shipped
    phrase (no category needed). Raises ValueError naming the bad line.
    """
    allowed: list[str] = []
    extra: list[Term] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if obj.get("severity") == "allowed":
                allowed.append(str(obj["phrase"]))
            else:
                extra.append(
                    Term(
                        str(obj["phrase"]),
                        str(obj.get("language", "")),
                        obj["severity"],
                        obj["category"],
                    )
                )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"terms line {number}: {exc}") from None
    return WordLists.shipped().without(allowed).merged(extra).warm()


def load_policy(obj: dict[str, Any]) -> tuple[Thresholds, dict[str, Any]]:
    """Thresholds and context fields from a policy object.

    Keys (all optional): ``review``, ``reject``, ``weights`` (category -> weight),
    ``allowed_domains``, ``blocked_domains``, ``reserved_names`` (lists of strings).
    """
    if not isinstance(obj, dict):
        raise ValueError("the policy must be a JSON object")
    defaults = Thresholds()
    thresholds = Thresholds(
        review=float(obj.get("review", defaults.review)),
        reject=float(obj.get("reject", defaults.reject)),
        weights={**defaults.weights, **dict(obj.get("weights") or {})},
    )
    fields = {
        key: frozenset(map(str, obj.get(key) or ()))
        for key in ("allowed_domains", "blocked_domains", "reserved_names")
    }
    return thresholds, fields


def site_setup(
    terms: Iterable[str] | None = None, policy: dict[str, Any] | None = None
) -> tuple[Pipeline, ScreeningContext]:
    """A pipeline and context for the site's terms and policy (either may be None)."""
    wordlists = load_terms(terms) if terms is not None else WordLists.shipped()
    thresholds, fields = load_policy(policy) if policy is not None else (Thresholds(), {})
    pipe = Pipeline(thresholds=thresholds) if policy is not None else get_pipeline()
    return pipe, ScreeningContext(wordlists=wordlists, **fields)


def parse_line(line: str) -> ScreeningInput | str:
    """A :class:`ScreeningInput`, or an error message for the line."""
    line = line.removeprefix("\ufeff")  # a byte-order mark from some editors
    if not line.strip():
        return "blank line"
    try:
        obj: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"invalid JSON: {exc.msg} at column {exc.colno}"
    if not isinstance(obj, dict):
        return f"expected a JSON object, got {type(obj).__name__}"
    if "text" not in obj:
        return 'missing "text"'
    if not isinstance(obj["text"], str):
        return '"text" must be a string'
    fields = {}
    for key in _OPTIONAL:
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            return f'"{key}" must be a string'
        fields[key] = value
    return ScreeningInput(obj["text"], **fields)


def _chunks(lines: Iterable[str], size: int) -> Iterator[list[str]]:
    it = iter(lines)
    while chunk := list(islice(it, size)):
        yield chunk


def screen_jsonlines(
    lines: Iterable[str],
    out: TextIO,
    pipeline: Pipeline | None = None,
    context: ScreeningContext | None = None,
) -> int:
    """Screen JSON lines from ``lines`` into ``out``; returns how many lines were errors.

    ``context`` carries the site's word lists and domains (default: the shipped lists);
    ``pipeline`` its thresholds. Invariant: one output line per input line, in order.
    """
    pipe = pipeline if pipeline is not None else get_pipeline()
    errors = 0
    for chunk in _chunks(lines, CHUNK):
        parsed = [parse_line(line.rstrip("\r\n")) for line in chunk]
        inputs = [p for p in parsed if isinstance(p, ScreeningInput)]
        verdicts = iter(pipe.screen_many(inputs, context))
        for p in parsed:
            if isinstance(p, ScreeningInput):
                record: dict[str, Any] = next(verdicts).to_dict()
            else:
                errors += 1
                record = {"error": p}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return errors
