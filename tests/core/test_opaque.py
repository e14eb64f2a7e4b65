"""Opaque ids: reversible by the server, unordered and unguessable for everyone else."""

from __future__ import annotations

import pytest

from broadsheet.core.opaque import decode, encode


def test_opaque_ids_round_trip_and_hide_the_sequence():
    ids = [encode(n, "comment") for n in range(1, 200)]
    assert [decode(text, "comment") for text in ids] == list(range(1, 200))
    assert len(set(ids)) == len(ids) and all(len(text) == 13 for text in ids)
    assert sorted(ids) != ids
    assert encode(2**64 - 1, "comment") and decode(encode(2**64 - 1, "c"), "c") == 2**64 - 1
    assert encode(5, "comment") != encode(5, "other")


@pytest.mark.parametrize("text", ["", "12", "!" * 13, "a" * 12, "a" * 14])
def test_anything_else_is_not_an_opaque_id(text):
    with pytest.raises(ValueError):
        decode(text, "comment")
