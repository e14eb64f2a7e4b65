"""The model learned from the site's own decisions improves as decisions arrive."""

from __future__ import annotations

import io
import random

import numpy as np
import pytest

from broadsheet.screening import learned
from broadsheet.screening.context import ScreeningContext
from broadsheet.screening.evaluate import roc_auc
from broadsheet.screening.learned import LearnedModel
from broadsheet.screening.types import ScreeningInput

# "zorblax" and "qwiffle" stand for a site's own recurring spam: nothing static knows them.
_SPAM = [
    "Get zorblax tokens now at the usual place",
    "zorblax deals today only, ask for qwiffle",
    "Best zorblax in town, message the qwiffle team",
    "Try qwiffle zorblax before they run out",
    "zorblax zorblax cheap as chips, qwiffle",
]
_FINE = [
    "The harbour wall repairs look good",
    "Thanks for covering the council meeting",
    "My grandad worked on the ferries for years",
    "The new timetable suits our school run",
    "Great photos of the regatta this weekend",
    "Is the library open on Sunday afternoons",
    "Lovely piece about the bakery on the quay",
]


def _decisions(n: int, seed: int) -> tuple[list[str], list[int]]:
    rng = random.Random(seed)
    texts, labels = [], []
    for _ in range(n):
        if rng.random() < 0.4:
            texts.append(f"{rng.choice(_SPAM)} {rng.choice(['!', 'today', 'now', ''])}".strip())
            labels.append(1)
        else:
            texts.append(f"{rng.choice(_FINE)} {rng.choice(['.', '!', 'indeed', ''])}".strip())
            labels.append(0)
    return texts, labels


def test_untrained_model_is_neutral():
    model = LearnedModel.new()
    assert model.n_seen == 0
    assert model.predict_proba(["anything"]) == [0.5]
    assert model.predict_proba([]) == []


def test_probability_and_auc_rise_after_decisions():
    held_texts, held_labels = _decisions(80, seed=2)
    held_texts = [t.replace("zorblax", "zorblax-xl") for t in held_texts]  # unseen variants
    model = LearnedModel.new()
    model.partial_fit(*_decisions(10, seed=0))
    before_auc = roc_auc(model.predict_proba(held_texts), [bool(x) for x in held_labels])
    before_p = model.predict_proba(["zorblax for everyone"])[0]
    for seed in range(1, 6):
        model.partial_fit(*_decisions(40, seed=seed + 10))
    after_auc = roc_auc(model.predict_proba(held_texts), [bool(x) for x in held_labels])
    after_p = model.predict_proba(["zorblax for everyone"])[0]
    assert model.n_seen == 210
    assert after_p > before_p
    assert after_p > 0.5
    assert after_auc > before_auc or after_auc == 1.0
    assert after_auc >= 0.95


def test_fit_starts_afresh_and_round_trips():
    texts, labels = _decisions(100, seed=3)
    model = LearnedModel.new().fit(texts, labels)
    assert model.n_seen == 100
    again = LearnedModel.from_bytes(model.to_bytes())
    assert again.n_seen == 100
    probe = ["zorblax please", "the harbour is lovely"]
    assert again.predict_proba(probe) == pytest.approx(model.predict_proba(probe))
    with pytest.raises(ValueError):
        LearnedModel.from_bytes(__import__("pickle").dumps({"format": 1}))  # the old format


def test_the_saved_model_is_plain_arrays_and_learning_continues_where_it_stopped():
    first, second = _decisions(60, seed=4), _decisions(60, seed=5)
    straight = LearnedModel.new().partial_fit(*first).partial_fit(*second)
    saved = LearnedModel.new().partial_fit(*first).to_bytes()
    with np.load(io.BytesIO(saved), allow_pickle=False) as npz:  # would refuse a pickle
        assert set(npz.files) == {"format", "n_seen", "coef", "intercept", "classes", "t", "n_iter"}
        assert all(npz[name].dtype != object for name in npz.files)
    resumed = LearnedModel.from_bytes(saved).partial_fit(*second)
    assert resumed.n_seen == straight.n_seen == 120
    assert np.array_equal(resumed.classifier.coef_, straight.classifier.coef_)
    assert np.array_equal(resumed.classifier.intercept_, straight.classifier.intercept_)


def test_an_untrained_model_round_trips_and_garbage_is_refused():
    again = LearnedModel.from_bytes(LearnedModel.new().to_bytes())
    assert (again.trained, again.n_seen) == (False, 0)
    for data in (b"", b"not an archive", LearnedModel.new().to_bytes()[:-10]):
        with pytest.raises(ValueError):
            LearnedModel.from_bytes(data)


def test_bad_input():
    with pytest.raises(ValueError):
        LearnedModel.new().partial_fit(["a"], [1, 0])
    with pytest.raises(ValueError):
        LearnedModel.new().partial_fit(["a"], [2])


def test_check_waits_for_enough_decisions():
    texts, labels = _decisions(60, seed=4)
    model = LearnedModel.new().fit(texts, labels)
    inp = ScreeningInput("zorblax zorblax, ask for qwiffle")
    assert learned.check(inp, ScreeningContext()) == []
    assert learned.check(inp, ScreeningContext(learned=model, learned_min_decisions=100)) == []
    (f,) = learned.check(inp, ScreeningContext(learned=model, learned_min_decisions=50))
    assert f.category == "spam"
    assert f.score <= learned.MAX_SCORE  # the learned model alone never rejects
    ctx = ScreeningContext(learned=model)
    assert learned.check_batch([inp], ctx) == [learned.check(inp, ctx)]


def test_cached_word_features_equal_the_vectorizer():
    from broadsheet.screening.learned import features, vectorizer

    texts = [
        "zorblax deals today, ask for qwiffle",
        "",
        "a",
        "ab  cd\tef\nbanana banana",
        "gerizekali misin sen",
        "the the the the",
        "x" * 40,
    ]
    expected = vectorizer().transform(texts)
    got = features(texts)
    assert (abs(expected - got) > 1e-12).nnz == 0
    assert got.shape == expected.shape
    # Second time round, from the cache.
    assert (abs(vectorizer().transform(texts) - features(texts)) > 1e-12).nnz == 0


def test_probabilities_equal_the_classifier():
    texts, labels = _decisions(120, seed=9)
    model = LearnedModel.new().fit(texts, labels)
    from broadsheet.screening.learned import _texts, features

    probe = ["zorblax now", "the harbour is lovely", "", "qwiffle qwiffle"]
    expected = model.classifier.predict_proba(features(_texts(probe)))[:, 1]
    assert model.predict_proba(probe) == pytest.approx(list(expected), abs=1e-12)


def test_one_text_scores_as_in_a_batch():
    """The single-text path (no matrix) gives the classifier's own probability."""
    texts, labels = _decisions(120, seed=9)
    model = LearnedModel.new().fit(texts, labels)
    from broadsheet.screening.learned import _texts, features

    # Repeated words and n-grams shared between words: the norm must merge them.
    probe = ["zorblax now", "", "qwiffle qwiffle", "aaaa aaaaa aaa", "Ağaç ağaçlar ağaç"]
    expected = model.classifier.predict_proba(features(_texts(probe)))[:, 1]
    for text, want in zip(probe, expected, strict=True):
        assert model.predict_proba([text]) == pytest.approx([want], abs=1e-12)


def test_a_batch_may_end_with_a_text_without_words():
    """An empty row last (nothing left after normalisation) scores as the intercept alone."""
    texts, labels = _decisions(120, seed=9)
    model = LearnedModel.new().fit(texts, labels)
    from broadsheet.screening.learned import _texts, features

    probe = ["zorblax now", "", "\u200b"]
    expected = model.classifier.predict_proba(features(_texts(probe)))[:, 1]
    got = model.predict_proba(probe)
    assert got == pytest.approx(list(expected), abs=1e-12)
    assert got[1] == pytest.approx(model.predict_proba([""])[0], abs=1e-12)
