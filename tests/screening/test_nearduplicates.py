"""Near-duplicate keys group the variants of one spam wave, in both languages."""

# ruff: noqa: RUF001 - Turkish letters are the subject here

from __future__ import annotations

import subprocess
import sys

import pytest

from broadsheet.screening.links_spam import (
    fill_near_duplicate_keys,
    near_duplicate_key,
)
from broadsheet.screening.nearduplicates import (
    BANDS,
    VERSION,
    input_near_duplicate_key,
    key_of_words,
    keys_of_many,
    shares_band,
)
from broadsheet.screening.normalize import normalize
from broadsheet.screening.types import ScreeningInput

EN = "Earn $500 a day from home with this simple trick, message me on WhatsApp for the details"
TR = "Evden çalışarak günde 500 TL kazanın, detaylar için hemen WhatsApp üzerinden yazın bana"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (EN, EN.replace("simple", "easy")),  # one word changed
        (EN, EN.replace("$", "")),  # currency sign dropped
        (EN, EN.upper().replace(",", "!!")),  # case and punctuation
        (EN, EN.replace("500", "700")),  # another amount
        (TR, TR.replace("hemen", "şimdi")),
        (TR, TR.replace("TL", "")),
        (TR, TR.upper()),
    ],
)
def test_variants_share_a_band(a, b):
    assert shares_band(near_duplicate_key(a), near_duplicate_key(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (EN, "The harbour works start on Monday and the road will be closed for two weeks"),
        (EN, "I made a simple loaf at home from the recipe in the paper, lovely details"),
        (TR, "Belediye yarın sabah su kesintisi yapacak, detaylar için sitesine bakın lütfen"),
        (TR, EN),
    ],
)
def test_different_texts_do_not(a, b):
    assert not shares_band(near_duplicate_key(a), near_duplicate_key(b))


def test_shape_and_short_texts():
    key = near_duplicate_key(EN)
    bands = key.split()
    assert len(bands) == BANDS and [b[0] for b in bands] == [str(i) for i in range(BANDS)]
    assert all(len(b) == 9 for b in bands)
    assert near_duplicate_key("Well said!") == ""
    assert input_near_duplicate_key(ScreeningInput(EN).normalized) == key


def test_deterministic_across_processes():
    code = f"from broadsheet.screening.links_spam import near_duplicate_key as k; print(k({EN!r}))"
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        ).stdout.strip()
        for seed in ("0", "7")
    }
    assert outs == {near_duplicate_key(EN)}


def test_keys_are_pinned_to_their_version():
    """Stored keys stay valid only while the hash functions are unchanged: any change to
    them must change these values and bump VERSION (stored keys are then recomputed)."""
    assert VERSION == 2
    assert near_duplicate_key(EN) == "03169cc6e 18b970de5 250243a3f 3c4a5dc49 43a0393aa 57b38ef84"
    assert near_duplicate_key(TR) == "036d4c50e 1289cc458 28ac9d49b 359edf1e2 4d9799603 5e766474d"


def test_keys_of_many_are_each_texts_own_key():
    texts = [EN, "Well said!", TR, "", EN.replace("simple", "easy"), "one two three four five six"]
    docs = [normalize(t).word_list for t in texts]
    assert keys_of_many(docs) == [key_of_words(d) for d in docs]
    assert keys_of_many(docs)[1] == "" and keys_of_many(docs)[3] == ""
    assert keys_of_many([]) == []
    inputs = [ScreeningInput(t) for t in texts]
    inputs[2].__dict__["near_duplicate_key"] = "kept"  # already keyed: left alone
    fill_near_duplicate_keys(inputs)
    expected = [near_duplicate_key(t) for t in texts]
    expected[2] = "kept"
    assert [i.near_duplicate_key for i in inputs] == expected
