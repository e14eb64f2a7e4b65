"""The value types the checks exchange."""

from __future__ import annotations

import pytest

from broadsheet.screening.types import Finding, ScreeningInput


def test_finding_validates_its_invariants():
    Finding("x", "spam", 0.5, "d", 0, 3)
    with pytest.raises(ValueError):
        Finding("x", "rude", 0.5, "d", 0, 3)
    with pytest.raises(ValueError):
        Finding("x", "spam", 1.5, "d", 0, 3)
    with pytest.raises(ValueError):
        Finding("x", "spam", 0.5, "d", 3, 2)


def test_input_normalises_once():
    inp = ScreeningInput("F*CK")
    assert inp.normalized is inp.normalized
    assert inp.normalized.text == "f*ck"
