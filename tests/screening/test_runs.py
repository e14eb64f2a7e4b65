"""Step 4 of normalisation: runs of letters shrink to one, by the loop or by numpy alike."""

# ruff: noqa: RUF001 - Turkish and look-alike letters are the subject here

from __future__ import annotations

import random

from broadsheet.screening import normalize as nm
from broadsheet.screening import runs


def test_many_runs_are_shrunk_as_a_few_are(monkeypatch):
    """Step 4 computes its map with numpy from _MANY_RUNS runs on: the same text, map,
    joined spans and squeezed positions as the plain loop, on generated floods."""
    rng = random.Random(3)
    units = ["www.", "aaa", "fuuuuck ", "f u u u c k ", "ｆｕｕｕｃｋ ", "noooo  ", "İİİ ", "xx"]
    units += ["a.b.", "ççç şşş", "heyyy you", "zzzz\u200bzzz "]
    compared = many = 0
    for _ in range(400):
        text = "".join(rng.choice(units) for _ in range(rng.randint(1, 120)))
        exact, index = (text.lower(), None) if text.isascii() else nm._step_chars(text)
        exact, index, joined = nm._step_spaced(nm._step_leet(exact), index)
        spans = [m.span() for m in runs._REPEAT.finditer(exact)]
        if not spans:
            continue
        fast = runs._repeats_vectorised(exact, index, joined, spans)
        if len(spans) >= runs._MANY_RUNS:
            assert runs.step_repeats(exact, index, joined) == fast  # the path it takes
            many += 1
        with monkeypatch.context() as patch:
            patch.setattr(runs, "_MANY_RUNS", 10**9)
            plain = runs.step_repeats(exact, index, joined)
        assert fast == plain
        compared += 1
    assert compared > 300 and many > 50
