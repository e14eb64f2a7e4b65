"""The offensive-language model: same numbers as the package, quiet on news vocabulary."""

from __future__ import annotations

import numpy as np
import pytest
from profanity_check import predict_prob

from broadsheet.screening import offensive
from broadsheet.screening.context import ScreeningContext
from broadsheet.screening.types import ScreeningInput

SAMPLES = [
    "You are an idiot",
    "shut up you moron",
    "what a load of crap",
    "The army shelled the city, killing 40 people",
    "I disagree with this article",
    "",
    "zzz qqq",
    "The rape trial begins next week",
]


def test_arithmetic_equals_the_package_without_neutral_words():
    raw = offensive.build_scorer(neutral=frozenset())
    expected = predict_prob(SAMPLES)
    single = np.array([raw.score_one(t)[0] for t in SAMPLES])
    batch = raw.score_many(SAMPLES)
    assert np.allclose(single, expected, atol=1e-9)
    assert np.allclose(batch, expected, atol=1e-9)


@pytest.mark.parametrize(
    "text",
    [
        "The army shelled the city overnight, killing 40 people.",
        "Gunmen took hostages and shot two guards.",
        "The rape trial begins next week and the murder charge stands.",
        "Terrorism charges after the bombing; the massacre shocked everyone.",
        "The jury heard the victim was raped and murdered.",
        "Gay couples and Muslim families marched together.",
        "Black and white photos of the old harbour.",
        "The killer died in prison.",
    ],
)
def test_news_vocabulary_does_not_fire(text):
    assert offensive.check(ScreeningInput(text), ScreeningContext()) == []


def test_abuse_fires_and_points_at_the_word():
    text = "Honestly you are an idiot."
    (f,) = offensive.check(ScreeningInput(text), ScreeningContext())
    assert f.category == "insult"
    assert text[f.start : f.end] == "idiot"
    assert f.score <= offensive.HIGH_SCORE  # the model alone never rejects
    (v,) = offensive.check(ScreeningInput("what the fuck"), ScreeningContext())
    assert v.category == "vulgar"


def test_batch_equals_single():
    inputs = [ScreeningInput(t) for t in [*SAMPLES, "f*ck off", "Go away you clown"]]
    ctx = ScreeningContext()
    assert offensive.check_batch(inputs, ctx) == [offensive.check(i, ctx) for i in inputs]
    assert offensive.check_batch([], ctx) == []


def test_batch_explanations_equal_single():
    s = offensive.scorer()
    texts = [*SAMPLES, "idiot idiot moron", "stupid stupid", "you you you", "crap and shit"]
    probs, words = s.explain_many(texts)
    for text, p, word in zip(texts, probs, words, strict=True):
        p1, w1 = s.score_one(text)
        assert p == pytest.approx(p1, abs=1e-12)
        assert word == w1
