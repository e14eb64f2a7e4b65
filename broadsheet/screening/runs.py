"""Step 4 of normalisation (:mod:`broadsheet.screening.normalize`): runs of three or more
identical letters shrink to one, and the map back to the original text moves with them.

``Index`` is the map of a string in the making: ``None`` while each character is the one
it came from, otherwise ``(starts, ends)``, one original span per character.
Invariant: both paths of :func:`step_repeats` (the loop for a few runs, numpy for many)
return the same text, map, joined spans and squeezed positions (tested on floods).
"""

from __future__ import annotations

from broadsheet.screening.chars import _REPEAT

Index = tuple[list[int], list[int]] | None


def materialise(s: str, index: Index) -> tuple[list[int], list[int]]:
    """The map of ``s`` as two lists (``index`` None means one character per character)."""
    if index is None:
        return list(range(len(s))), list(range(1, len(s) + 1))
    return index


#: From this many runs on, step 4 computes its map with numpy (a flood of "www." has
#: thousands); below it the plain loop is cheaper.
_MANY_RUNS = 64


def step_repeats(
    s: str, index: Index, joined: list[tuple[int, int]]
) -> tuple[str, Index, list[tuple[int, int]], frozenset[int]]:
    """Step 4: shrink runs of 3+ identical letters to one character."""
    spans = [m.span() for m in _REPEAT.finditer(s)]
    if not spans:
        return s, index, joined, frozenset()
    if len(spans) >= _MANY_RUNS:
        return _repeats_vectorised(s, index, joined, spans)
    starts, ends = materialise(s, index)
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    squeezed: list[int] = []
    # Old index -> new index, to move the joined spans along.
    shift: list[int] = []
    pos = 0
    for a, b in spans:
        out.append(s[pos:a])
        shift.extend(range(len(new_starts), len(new_starts) + (a - pos)))
        new_starts.extend(starts[pos:a])
        new_ends.extend(ends[pos:a])
        squeezed.append(len(new_starts))
        shift.extend([len(new_starts)] * (b - a))
        out.append(s[a])
        new_starts.append(starts[a])
        new_ends.append(ends[b - 1])
        pos = b
    out.append(s[pos:])
    shift.extend(range(len(new_starts), len(new_starts) + (len(s) - pos)))
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    shift.append(len(new_starts))
    moved = [(shift[a], shift[b - 1] + 1) for a, b in joined]
    return "".join(out), (new_starts, new_ends), moved, frozenset(squeezed)


def _repeats_vectorised(
    s: str, index: Index, joined: list[tuple[int, int]], spans: list[tuple[int, int]]
) -> tuple[str, Index, list[tuple[int, int]], frozenset[int]]:
    """:func:`step_repeats` for many runs: the same result, the map computed with numpy.

    Each run keeps its first character, which then ends where the run's last one ended;
    an old index moves to ``(kept characters up to it) - 1``, so every character of a
    run moves to the one kept.
    """
    import numpy as np  # only for floods: most comments never get here

    n = len(s)
    runs = np.array(spans, dtype=np.int64)
    first, stop = runs[:, 0], runs[:, 1]
    depth = np.zeros(n + 1, dtype=np.int64)
    depth[first + 1] += 1  # runs never overlap, so no index repeats within one array
    depth[stop] -= 1
    keep = np.cumsum(depth[:n]) == 0
    # New arrays either way (index holds lists), so ``ends`` may be written in place.
    if index is None:
        starts = np.arange(n, dtype=np.int64)
        ends = starts + 1
    else:
        starts = np.array(index[0], dtype=np.int64)
        ends = np.array(index[1], dtype=np.int64)
    ends[first] = ends[stop - 1]
    shift = np.empty(n + 1, dtype=np.int64)
    shift[:n] = np.cumsum(keep) - 1
    shift[n] = int(keep.sum())
    # The kept characters, as code points (a sub() with a template costs a call per run).
    points = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32)
    out = points[keep].tobytes().decode("utf-32-le")
    moved = [(int(shift[a]), int(shift[b - 1]) + 1) for a, b in joined]
    squeezed = frozenset(shift[first].tolist())
    return out, (starts[keep].tolist(), ends[keep].tolist()), moved, squeezed
