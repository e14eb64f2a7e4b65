"""The base model: abuse and spam heads trained on public labelled comments (``train.py``).

Shipped as ``data/base_model.npz`` (one float16 array ``weights`` of shape
``(n_buckets, 3)``, one column per head of :data:`HEADS`, loaded with
``allow_pickle=False``) and ``data/base_model.json`` (intercepts, Platt calibration,
training settings and the weights' sha256, checked on load). Loaded once per process, on
first use or at ``Pipeline.warm()``.

Heads: ``abusive`` (fitted on every language), ``abusive_tr`` (fitted on the texts that
``features.language`` calls Turkish) and ``spam``. A comment gets one abuse probability,
from the abuse head of its language (:data:`ABUSE_HEAD`), and one spam probability.

Scoring needs only numpy: a text's score is ``sum of its features' weights /
sqrt(number of features) + intercept`` (see ``features.py``), so each word's weights are
summed once and cached, and so are those of each pair's spanning n-grams (English
comments), by their ``features.span_key``; a comment costs a dictionary look-up per word
and one or two per pair of words, and one numpy gather for its pairs.
``p = 1 / (1 + exp(-(a z + b)))`` is the calibrated probability.

Findings (one for abuse and one for spam at most):

- below :data:`SILENT` the head says nothing, so most fine comments have no reasons;
- from :data:`SILENT` to the head's review probability (``REVIEW_AT``) the score rises
  to just under the review threshold: evidence that ranks comments and adds to other
  findings, never enough alone;
- above it the score rises from the review threshold to the head's :data:`MAX_SCORE` at
  certainty, below the reject threshold: the model alone never rejects (rude-but-fair
  comments score high too).
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from broadsheet.screening import features
from broadsheet.screening.rules import words
from broadsheet.screening.types import Finding, ScreeningInput

if TYPE_CHECKING:
    from broadsheet.screening.context import ScreeningContext
    from broadsheet.screening.normalize import Normalized

WEIGHTS_FILE = "base_model.npz"
META_FILE = "base_model.json"
HEADS = ("abusive", "abusive_tr", "spam")
#: The head (index in :data:`HEADS`) that scores abuse in each value of ``features.language``.
ABUSE_HEAD = {"en": 0, "tr": 1}
_SPAM = 2
#: The abuse head of the comments that have spanning n-grams (``features.buckets``).
_SPAN_HEAD = ABUSE_HEAD[features.SPAN_LANGUAGE]
#: Calibrated probability below which a head adds no finding.
SILENT = 0.03
#: Calibrated probability at which a head's finding alone reaches the review threshold.
REVIEW_AT = {"abusive": 0.4, "spam": 0.4}
#: The pipeline's review threshold, which a head's score crosses at ``REVIEW_AT``.
REVIEW_SCORE = 0.35
#: A head's score at certainty. Abuse stays under what the rules' banned terms score, so
#: that a rude-but-fair comment ranks below an insult the rules name; spam rises to just
#: under reject, so that a confident spam head ranks a spam wave above the profanity of
#: ordinary readers (measured in docs/screening.md, "Risk").
MAX_SCORE = {"abusive": 0.8, "spam": 0.89}
#: Words (folded) that make an abusive finding "vulgar" rather than "insult".
_VULGAR = frozenset(
    words(
        "fuck fucking fucked fucker fuckers fuckin fucks shit shitty shite crap bullshit piss "
        "pissed ass arse asses bollocks wtf cock dick dicks pussy tits cunt siktir sik sikeyim "
        "amk aq amina orospu got yarrak"
    )
)
_CACHE_SIZE = 200_000
#: The layout of the features the weights were trained on (``base_model.json``'s "format").
FORMAT = 3
#: A cached word: (features, abuse, Turkish abuse, spam, pair prefix CRC, UTF-8 bytes,
#: the word's side of a ``features.span_key`` as first word, and as second).
_WordEntry = tuple[int, float, float, float, int, bytes, str, str]
#: A cached ``features.span_key``: (features, abuse, Turkish abuse, spam).
_SpanEntry = tuple[int, float, float, float]


@dataclass(frozen=True)
class BaseModel:
    """Weights and calibration; :meth:`decision` is pure and thread-safe.

    ``weights`` has one column per head of :data:`HEADS`, and ``intercepts`` and
    ``calibration`` one entry per head in the same order. ``lang`` arguments are values
    of ``features.language``.
    """

    weights: np.ndarray  # (n_buckets, 3) float32
    intercepts: tuple[float, float, float]
    calibration: tuple[tuple[float, float], tuple[float, float], tuple[float, float]]
    digest: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "_words", {})
        object.__setattr__(self, "_spans", {})
        object.__setattr__(self, "_lock", threading.Lock())

    def _word(self, word: str) -> _WordEntry:
        """What scoring needs of one word, cached: its number of features, the summed
        weights of each head, and for its pairs ``features.pair_prefix(word)`` and the
        word's UTF-8 bytes and its sides of a ``features.span_key``."""
        entry = self._words.get(word)  # type: ignore[attr-defined]
        if entry is None:
            n, s0, s1, s2 = self._summed(features.word_features(word))
            tail, head = features.span_sides(word)
            entry = (n, s0, s1, s2, features.pair_prefix(word), word.encode(), tail, head)
            self._store(self._words, word, entry)  # type: ignore[attr-defined]
        return entry

    def _summed(self, idx: list[int]) -> _SpanEntry:
        if not idx:
            return (0, 0.0, 0.0, 0.0)
        s = self.weights[idx].sum(axis=0)
        return (len(idx), float(s[0]), float(s[1]), float(s[2]))

    def _store(self, cache_: dict, key: str, entry: tuple) -> None:
        with self._lock:  # type: ignore[attr-defined]
            if len(cache_) >= _CACHE_SIZE:
                cache_.clear()
            cache_[key] = entry

    def _span(self, key: str) -> _SpanEntry:
        """The summed weights of a ``features.span_key``'s spanning n-grams, cached."""
        entry = self._spans.get(key)  # type: ignore[attr-defined]
        if entry is None:
            entry = self._summed(features.span_features(key))
            self._store(self._spans, key, entry)  # type: ignore[attr-defined]
        return entry

    def _scan(
        self, words: Sequence[str], h: int, pair_buckets: list[int]
    ) -> tuple[int, float, float, str | None]:
        """Sums over the words of ``words`` (features, abuse head ``h``, spam) and, for the
        head of ``features.SPAN_LANGUAGE``, over their pairs' spanning n-grams, and the word
        that weighs most for abuse; appends the bucket of every adjacent pair (the same as
        ``features.pair_feature``) to ``pair_buckets``."""
        get, word_of = self._words.get, self._word  # type: ignore[attr-defined]
        span_get, span_of = self._spans.get, self._span  # type: ignore[attr-defined]
        spans = h == _SPAN_HEAD
        crc, mask = zlib.crc32, features.N_BUCKETS - 1
        n = 0
        a = s = 0.0
        best, best_word = 0.0, None
        pre = tail = None
        for w in words:
            entry = get(w)
            if entry is None:
                entry = word_of(w)
            n += entry[0]
            wa = entry[1 + h]
            a += wa
            s += entry[1 + _SPAM]
            if wa > best:
                best, best_word = wa, w
            if pre is not None:
                pair_buckets.append(crc(entry[5], pre) & mask)
                if spans:
                    key = f"{tail} {entry[7]}"  # features.span_key(previous word, w)
                    sp = span_get(key)
                    if sp is None:
                        sp = span_of(key)
                    n += sp[0]
                    a += sp[1 + h]
                    s += sp[1 + _SPAM]
            pre, tail = entry[4], entry[6]
        return n, a, s, best_word

    def decision(self, words: Sequence[str], lang: str) -> tuple[float, float, str | None]:
        """Raw decision values of the abuse head of ``lang`` and of the spam head, and the
        word that weighs most for abuse."""
        h = ABUSE_HEAD[lang]
        ia, is_ = self.intercepts[h], self.intercepts[_SPAM]
        if not words:
            return ia, is_, None
        buckets: list[int] = []
        n, a, s, best_word = self._scan(words, h, buckets)
        if buckets:
            # One numpy gather for all pairs: a loop of scalar look-ups costs more.
            sums = self.weights[buckets].sum(axis=0)
            n += len(buckets)
            a += float(sums[h])
            s += float(sums[_SPAM])
        if not n:
            return ia, is_, None
        root = math.sqrt(n)
        return a / root + ia, s / root + is_, best_word

    def decisions_many(
        self, docs: Sequence[Sequence[str]], langs: Sequence[str]
    ) -> list[tuple[float, float, str | None]]:
        """:meth:`decision` for many word sequences (``langs[i]`` the language of
        ``docs[i]``), with one numpy gather for all their pairs.

        Same values as :meth:`decision` up to float rounding (the pair sums are added in
        another order).
        """
        pair_buckets: list[int] = []
        bounds = [0]
        partial = []
        for doc, lang in zip(docs, langs, strict=True):
            h = ABUSE_HEAD[lang]
            n, a, s, best_word = self._scan(doc, h, pair_buckets)
            bounds.append(len(pair_buckets))
            partial.append((h, n, a, s, best_word))
        sums = np.zeros((len(docs), len(HEADS)))
        if pair_buckets:
            gathered = self.weights[pair_buckets]
            starts = np.asarray(bounds[:-1])
            has = starts < np.asarray(bounds[1:])
            if has.any():
                sums[has] = np.add.reduceat(gathered, starts[has], axis=0)
        out = []
        is_ = self.intercepts[_SPAM]
        for i, (h, n, a, s, word) in enumerate(partial):
            n += bounds[i + 1] - bounds[i]
            ia = self.intercepts[h]
            if not n:
                out.append((ia, is_, None))
                continue
            root = math.sqrt(n)
            za = (a + sums[i, h]) / root + ia
            out.append((za, (s + sums[i, _SPAM]) / root + is_, word))
        return out

    def calibrate(self, za: float, zs: float, lang: str) -> tuple[float, float]:
        """Calibrated probabilities (abusive, spam) of the decision values of the abuse
        head of ``lang`` and of the spam head."""
        aa, ba = self.calibration[ABUSE_HEAD[lang]]
        as_, bs = self.calibration[_SPAM]
        return _expit(aa * za + ba), _expit(as_ * zs + bs)

    def probabilities(self, words: Sequence[str], lang: str) -> tuple[float, float, str | None]:
        """Calibrated probabilities (abusive, spam) and the strongest abusive word."""
        za, zs, word = self.decision(words, lang)
        pa, ps = self.calibrate(za, zs, lang)
        return pa, ps, word

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), 2)`` calibrated probabilities (abusive, spam), for raw texts."""
        out = np.zeros((len(texts), 2))
        for i, t in enumerate(texts):
            ws = features.words_of(t)
            pa, ps, _ = self.probabilities(ws, features.language(t, ws))
            out[i] = pa, ps
        return out


def _expit(z: float) -> float:
    if z < -500:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def load(package: str = "broadsheet.screening.data") -> BaseModel:
    """Read and verify the shipped model (raises ValueError if the digest differs)."""
    root = resources.files(package)
    blob = root.joinpath(WEIGHTS_FILE).read_bytes()
    meta = json.loads(root.joinpath(META_FILE).read_text(encoding="utf-8"))
    digest = hashlib.sha256(blob).hexdigest()
    if digest != meta["weights_sha256"]:
        raise ValueError(f"{WEIGHTS_FILE} does not match {META_FILE} (sha256 {digest})")
    if (
        meta.get("format") != FORMAT
        or tuple(meta["heads"]) != HEADS
        or meta["n_buckets"] != features.N_BUCKETS
    ):
        raise ValueError(f"{META_FILE} describes another model layout")
    import io

    with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
        weights = npz["weights"].astype(np.float32)
    if weights.shape != (features.N_BUCKETS, len(HEADS)):
        raise ValueError(f"unexpected weights shape {weights.shape}")
    intercepts = tuple(float(i) for i in meta["intercepts"])
    calibration = tuple((float(a), float(b)) for a, b in meta["calibration"])
    return BaseModel(weights, intercepts, calibration, digest)  # type: ignore[arg-type]


@cache
def base_model() -> BaseModel:
    """The shipped model, loaded once per process."""
    return load()


def warm() -> None:
    base_model()


def head_score(head: str, p: float) -> float:
    """A head's finding score for calibrated probability ``p`` (0 when silent)."""
    if p < SILENT:
        return 0.0
    at = REVIEW_AT[head]
    if p < at:
        # Just under review at the review probability: evidence, never a review alone.
        return (REVIEW_SCORE - 0.01) * (p - SILENT) / (at - SILENT)
    return REVIEW_SCORE + (MAX_SCORE[head] - REVIEW_SCORE) * (p - at) / (1 - at)


def _first_token(norm: Normalized, word: str) -> tuple[int, int] | None:
    """The span (in ``norm.text``) of the first of its tokens equal to ``word``, or None.

    ``word`` is a token (``chars._TOKEN``: letters and digits with ``*`` masks inside). A
    token is a maximal run of letters, digits and ``*`` without its leading and trailing
    ``*`` (``_`` separates), so an occurrence of ``word`` is that token when the character
    before it (past any ``*``) and the one after it (past any ``*``) are not alphanumeric.
    Found with ``str.find`` instead of tokenising the text up to it: the same span, cheaper.
    """
    text = norm.text
    n, end = len(word), len(text)
    i = text.find(word)
    while i >= 0:
        j = i
        while j and text[j - 1] == "*":
            j -= 1
        k = after = i + n
        while after < end and text[after] == "*":
            after += 1
        if not (j and text[j - 1].isalnum()) and not (after < end and text[after].isalnum()):
            return i, k
        i = text.find(word, i + 1)
    return None


def _findings(norm: Normalized, pa: float, ps: float, word: str | None) -> list[Finding]:
    # Rounded so the single and batch paths (different summation order) agree exactly.
    pa, ps = round(pa, 6), round(ps, 6)
    out = []
    text = norm.original
    score = head_score("abusive", pa)
    if score > 0:
        start, end = 0, len(text)
        category = "vulgar" if word in _VULGAR else "insult"
        code, params = "model.abuse", {"probability": pa}
        if word:
            found = _first_token(norm, word)
            if found is not None:
                start, end = norm.span(*found)
                code, params = "model.abuse_word", {"probability": pa, "typed": text[start:end]}
        out.append(Finding.coded("model", category, round(score, 4), code, params, start, end))
    score = head_score("spam", ps)
    if score > 0:
        params = {"probability": ps}
        out.append(
            Finding.coded("model", "spam", round(score, 4), "model.spam", params, 0, len(text))
        )
    return out


def check(inp: ScreeningInput, ctx: ScreeningContext) -> list[Finding]:
    """The abuse head of the comment's language and the spam head, as findings of
    categories insult/vulgar and spam."""
    norm = inp.normalized
    ws = features.words_of(inp.text, norm)
    pa, ps, word = base_model().probabilities(ws, features.language(inp.text, ws))
    return _findings(norm, pa, ps, word)


def check_batch(inputs: Sequence[ScreeningInput], ctx: ScreeningContext) -> list[list[Finding]]:
    """:func:`check` for many comments (one numpy gather per batch)."""
    m = base_model()
    docs = [features.words_of(i.text, i.normalized) for i in inputs]
    langs = [features.language(i.text, d) for i, d in zip(inputs, docs, strict=True)]
    decided = m.decisions_many(docs, langs)
    out = []
    for inp, lang, (za, zs, word) in zip(inputs, langs, decided, strict=True):
        pa, ps = m.calibrate(za, zs, lang)
        out.append(_findings(inp.normalized, pa, ps, word))
    return out


check.batch = check_batch  # type: ignore[attr-defined]
# Reads what some rules read too: the pipeline counts that evidence once (overlap.py).
check.shares_evidence = True  # type: ignore[attr-defined]
