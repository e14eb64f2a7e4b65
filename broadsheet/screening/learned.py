"""A model learned from the site's own moderation decisions.

Every approved comment is an example of 0, every rejected or spam comment an
example of 1. Features are character n-grams (3 to 5, within words) of the
normalised text, hashed into 2**18 columns (:func:`vectorizer`), so the model
needs no vocabulary, works in any language and can be updated one decision at
a time (``partial_fit``) without keeping the old comments. The classifier is
logistic regression trained by stochastic gradient descent.

Saved as a NumPy ``.npz`` archive of plain arrays (``to_bytes``), read with
``allow_pickle=False``: the classifier's weights and intercept, its two classes,
its learning-rate step ``t_``, the decision count and a format number. Nothing
in it can run code, and ``partial_fit`` continues from a loaded model exactly as
from the one that was saved (tested). Bytes of another shape or format (the
pickles of earlier versions) are refused with ``ValueError``.
"""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

from broadsheet.screening.normalize import normalize
from broadsheet.screening.types import Finding, ScreeningInput

if TYPE_CHECKING:
    from broadsheet.screening.context import ScreeningContext

#: Findings start at this probability; below it the model stays silent.
MIN_PROBABILITY = 0.6
#: The learned model alone never rejects: its strongest finding stays under reject.
MAX_SCORE = 0.85
CATEGORY = "spam"
_FORMAT = 2  # 1 was a pickle, no longer read


N_FEATURES = 2**18
NGRAMS = (3, 5)


def vectorizer(norm: str | None = "l2") -> HashingVectorizer:
    """The model's features: hashed character n-grams within words (``char_wb``)."""
    return HashingVectorizer(
        analyzer="char_wb",
        ngram_range=NGRAMS,
        alternate_sign=False,
        n_features=N_FEATURES,
        norm=norm,
        lowercase=False,  # the normalised text is already folded
    )


# ``char_wb`` n-grams never cross a space, so a text's features are the sum of its
# words' features. Words repeat across comments, so each word is hashed once and
# remembered: the same matrix as vectorizer().transform (tested), several times faster.
_WORDS = vectorizer(norm=None)
_WORD_CACHE: dict[str, tuple[np.ndarray, np.ndarray]] = {}
_WORD_CACHE_SIZE = 50_000
_CACHE_LOCK = threading.Lock()


def _word_features(words: set[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """(indices, counts) of each word's n-grams, from the cache or freshly hashed."""
    found: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    new = []
    for w in words:
        entry = _WORD_CACHE.get(w)
        if entry is None:
            new.append(w)
        else:
            found[w] = entry
    if new:
        X = _WORDS.transform(new)
        for i, w in enumerate(new):
            lo, hi = X.indptr[i], X.indptr[i + 1]
            found[w] = (X.indices[lo:hi], X.data[lo:hi])
        with _CACHE_LOCK:
            if len(_WORD_CACHE) + len(new) > _WORD_CACHE_SIZE:
                _WORD_CACHE.clear()
            _WORD_CACHE.update((w, found[w]) for w in new)
    return found


def _flat(folded: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(indices, counts, row starts) of the texts' n-grams, words' entries end to end.

    A column may repeat within a row (two words sharing an n-gram); rows are unsorted.
    """
    split = [t.split() for t in folded]
    flat = [w for words in split for w in words]
    table = _word_features(set(flat))
    entries = [table[w] for w in flat]
    if entries:
        lengths = np.fromiter((len(e[0]) for e in entries), dtype=np.int64, count=len(entries))
        indices = np.concatenate([e[0] for e in entries])
        data = np.concatenate([e[1] for e in entries])
    else:
        lengths, indices, data = np.zeros(0, np.int64), np.zeros(0, np.int32), np.zeros(0)
    # Row boundaries: where each text's last word ends in the flat arrays.
    ends = np.concatenate([[0], np.cumsum(lengths)])
    word_ends = np.concatenate([[0], np.cumsum([len(words) for words in split])]).astype(np.int64)
    return indices, data, ends[word_ends]


def features(folded: Sequence[str]) -> csr_matrix:
    """``vectorizer().transform(folded)``, computed word by word from a cache."""
    indices, data, indptr = _flat(folded)
    X = csr_matrix((data, indices, indptr), shape=(len(folded), N_FEATURES))
    X.sum_duplicates()
    # What scikit-learn's normalize() calls, without its per-call argument validation.
    inplace_csr_row_normalize_l2(X)
    return X


def _decision_one(folded: str, weights: np.ndarray, intercept: float) -> float:
    """The decision function of one text: ``features([folded]) @ weights + intercept``.

    The dot product does not need repeated columns merged; only the norm does.
    """
    indices, data, _ = _flat([folded])
    if not indices.size:
        return intercept
    _, inverse = np.unique(indices, return_inverse=True)
    merged = np.bincount(inverse, weights=data)
    return float(data @ weights[indices]) / float(np.sqrt(merged @ merged)) + intercept


def _texts(texts: Sequence[str]) -> list[str]:
    return [normalize(t).text for t in texts]


@dataclass
class LearnedModel:
    """Logistic regression on hashed character n-grams, trained incrementally.

    ``n_seen`` counts the decisions the model has learned from. The vectorizer
    is stateless, so the model is just the classifier's weights plus that count.
    """

    classifier: SGDClassifier
    n_seen: int = 0

    @classmethod
    def new(cls) -> LearnedModel:
        return cls(
            SGDClassifier(
                loss="log_loss",
                alpha=1e-5,
                learning_rate="optimal",
                random_state=0,
            )
        )

    def partial_fit(self, texts: Sequence[str], labels: Sequence[int]) -> LearnedModel:
        """Learn from more decisions (label 1 = rejected or spam, 0 = approved)."""
        if len(texts) != len(labels):
            raise ValueError("texts and labels differ in length")
        if not texts:
            return self
        y = np.asarray(labels, dtype=int)
        if not set(np.unique(y)) <= {0, 1}:
            raise ValueError("labels must be 0 (approved) or 1 (rejected)")
        X = features(_texts(texts))
        self.classifier.partial_fit(X, y, classes=np.array([0, 1]))
        self.n_seen += len(texts)
        return self

    def fit(self, texts: Sequence[str], labels: Sequence[int], epochs: int = 5) -> LearnedModel:
        """Start afresh and learn from these decisions (a few passes, in a fixed order)."""
        fresh = LearnedModel.new()
        for _ in range(epochs):
            fresh.partial_fit(texts, labels)
        self.classifier, self.n_seen = fresh.classifier, len(texts)
        return self

    @property
    def trained(self) -> bool:
        return hasattr(self.classifier, "coef_")

    def predict_proba(self, texts: Sequence[str]) -> list[float]:
        """Probability that each text would be rejected; 0.5 for an untrained model."""
        return self.predict_proba_normalized(_texts(texts))

    def predict_proba_normalized(self, folded: Sequence[str]) -> list[float]:
        """:meth:`predict_proba` for texts already through :func:`normalize` (``.text``)."""
        if not folded:
            return []
        if not self.trained:
            return [0.5] * len(folded)
        # predict_proba of a binary log-loss model is expit of the decision function;
        # computed directly, it skips input validation that dominates single calls.
        clf = self.classifier
        weights, intercept = clf.coef_.ravel(), float(clf.intercept_[0])
        if len(folded) == 1:
            z = np.array([_decision_one(folded[0], weights, intercept)])
        else:
            z = features(folded) @ weights + intercept
        return [float(p) for p in 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))]

    def to_bytes(self) -> bytes:
        """The model as a compressed ``.npz`` of plain arrays (see the module docstring)."""
        arrays: dict[str, np.ndarray] = {
            "format": np.array(_FORMAT),
            "n_seen": np.array(self.n_seen, dtype=np.int64),
        }
        if self.trained:
            clf = self.classifier
            arrays.update(
                coef=np.asarray(clf.coef_, dtype=np.float64),
                intercept=np.asarray(clf.intercept_, dtype=np.float64),
                classes=np.asarray(clf.classes_, dtype=np.int64),
                t=np.array(clf.t_, dtype=np.float64),
                n_iter=np.array(clf.n_iter_, dtype=np.int64),
            )
        out = io.BytesIO()
        np.savez_compressed(out, **arrays)
        return out.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> LearnedModel:
        """Restore a model saved by :meth:`to_bytes`; ``ValueError`` for anything else."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as npz:
                arrays = {name: npz[name] for name in npz.files}
        except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile) as exc:
            raise ValueError("not a saved screening model") from exc
        if "format" not in arrays or int(arrays["format"]) != _FORMAT:
            raise ValueError("not a saved screening model")
        model = cls.new()
        model.n_seen = int(arrays["n_seen"])
        if "coef" in arrays:
            coef, intercept, classes = arrays["coef"], arrays["intercept"], arrays["classes"]
            if coef.shape != (1, N_FEATURES) or intercept.shape != (1,) or len(classes) != 2:
                raise ValueError("not a saved screening model")
            clf = model.classifier
            clf.coef_, clf.intercept_, clf.classes_ = coef, intercept, classes
            clf.t_ = float(arrays["t"])
            clf.n_iter_ = int(arrays["n_iter"])
            clf.n_features_in_ = N_FEATURES
        return model


def _finding(text: str, p: float) -> list[Finding]:
    if p < MIN_PROBABILITY:
        return []
    # Half of MAX_SCORE at the threshold, rising to MAX_SCORE at certainty.
    score = MAX_SCORE * (0.5 + 0.5 * (p - MIN_PROBABILITY) / (1 - MIN_PROBABILITY))
    params = {"probability": round(float(p), 4)}
    score = min(score, MAX_SCORE)
    return [Finding.coded("learned", CATEGORY, score, "learned.model", params, 0, len(text))]


def _active(ctx: ScreeningContext) -> LearnedModel | None:
    model = ctx.learned
    if model is None or model.n_seen < ctx.learned_min_decisions or not model.trained:
        return None
    return model


def check(inp: ScreeningInput, ctx: ScreeningContext) -> list[Finding]:
    """The learned model's opinion, once it has seen enough decisions."""
    model = _active(ctx)
    if model is None:
        return []
    return _finding(inp.text, model.predict_proba_normalized([inp.normalized.text])[0])


def check_batch(inputs: Sequence[ScreeningInput], ctx: ScreeningContext) -> list[list[Finding]]:
    model = _active(ctx)
    if model is None:
        return [[] for _ in inputs]
    probs = model.predict_proba_normalized([i.normalized.text for i in inputs])
    return [_finding(i.text, p) for i, p in zip(inputs, probs, strict=True)]


check.batch = check_batch  # type: ignore[attr-defined]
