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

from broadsheet.screening.pipeline import Pipeline, get_pipeline
from broadsheet.screening.types import ScreeningInput

#: Lines read and screened together: big enough for the batch models, small enough
#: to stream.
CHUNK = 512
_OPTIONAL = ("name", "email", "url")


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


def screen_jsonlines(lines: Iterable[str], out: TextIO, pipeline: Pipeline | None = None) -> int:
    """Screen JSON lines from ``lines`` into ``out``; returns how many lines were errors.

    Invariant: one output line per input line, in input order.
    """
    pipe = pipeline if pipeline is not None else get_pipeline()
    errors = 0
    for chunk in _chunks(lines, CHUNK):
        parsed = [parse_line(line.rstrip("\r\n")) for line in chunk]
        inputs = [p for p in parsed if isinstance(p, ScreeningInput)]
        verdicts = iter(pipe.screen_many(inputs))
        for p in parsed:
            if isinstance(p, ScreeningInput):
                record: dict[str, Any] = next(verdicts).to_dict()
            else:
                errors += 1
                record = {"error": p}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return errors
