"""Offensive-language model: the linear model that ships with ``alt-profanity-check``.

The package's ``predict_prob`` averages five calibrated linear SVMs over a
word TF-IDF vector. We load the same fitted objects once (lazily: about a
second) and evaluate the same arithmetic ourselves, for two reasons:

* speed: a single comment costs a few dictionary look-ups instead of the
  ~3 ms of scikit-learn's per-call overhead, and a batch is one sparse
  matrix product;
* news vocabulary: the model learned from social-media abuse, where "kill",
  "rape", "bombed", "jews" or "gay" mostly appeared in abuse. On a news site
  they are the news. :data:`NEUTRAL_WORDS` get no weight here, so "gunmen
  killed 40 in the shelling" or "the rape trial" scores like any sentence,
  while threats are left to ``threats.py``, which reads the phrasing.

With an empty neutral list the arithmetic equals ``predict_prob`` exactly
(tested). The model reads English; Turkish is covered by the word lists.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from broadsheet.screening.rules import words
from broadsheet.screening.types import Finding, ScreeningInput

if TYPE_CHECKING:
    from broadsheet.screening.context import ScreeningContext
    from broadsheet.screening.normalize import Normalized

#: Reporting vocabulary of war, crime, courts and health, and words naming groups
#: of people: normal in news comments, so they carry no weight by themselves.
NEUTRAL_WORDS: frozenset[str] = frozenset(
    words(
        "kill kills killed killing killings killer killers die dies died dying dead death deaths "
        "murder murders murdered murderer murderers rape rapes raped rapist rapists sexual sex "
        "sexually assault assaulted abuse abused abuser abusers bomb bombs bombed bombing "
        "bombings shell shelled shelling terror terrorism terrorist terrorists attack attacks "
        "attacked shoot shooting shootings shot shots gun guns gunman gunmen weapon weapons stab "
        "stabbed stabbing blood bloody violent violence war wars massacre genocide torture "
        "tortured hostage hostages victim victims crime crimes criminal criminals prison prisoner "
        "prisoners jail jailed trial court police drug drugs cocaine heroin porn prostitute "
        "prostitutes prostitution paedophile pedophile paedophiles pedophiles child children kid "
        "kids abortion cancer disease hate hatred racist racists racism nazi nazis hitler fascist "
        "fascists slave slaves slavery jew jews jewish muslim muslims islam islamic christian "
        "christians black blacks white whites gay gays lesbian lesbians homosexual homosexuals "
        "transgender trans queer women woman girl girls mum mom mother immigrant immigrants "
        "refugee refugees fat obese mental mentally corrupt corruption fraud liar lies lie lying "
        "chambers drove publicly expense participating commercials sends clouds aged graves skull"
    )
)

# Strongest-word vocabulary that makes a finding "vulgar" rather than "insult".
_VULGAR_WORDS = frozenset(
    words(
        "fuck fucking fucked fucker fuckers fuckin fucks fuk fukin shit shits shitty shite crap "
        "crappy damn dammit damned goddamn hell piss pissed pissing ass arse asses bullshit "
        "bollocks wtf cock dick dicks pussy tits boobs cum ck cking"
    )
)

_WORD = re.compile(r"[^\W_]+")
# The package vectorizer's token pattern (checked when the model loads).
_MODEL_TOKEN = re.compile(r"(?u)\b\w\w+\b")

#: Below this probability the model says nothing.
MIN_PROBABILITY = 0.6
#: Finding score at MIN_PROBABILITY and at certainty. The model alone can ask
#: for review but never reject: heated, rude-but-fair comments score high too.
LOW_SCORE = 0.2
HIGH_SCORE = 0.7


@dataclass(frozen=True)
class _Scorer:
    analyze: Callable[[str], list[str]]
    # token -> (idf, weight per ensemble member), neutral words zeroed
    table: dict[str, tuple[float, tuple[float, ...]]]
    # token -> (column, idf), for the batch path
    columns: dict[str, tuple[int, float]]
    matrix: np.ndarray  # (n_vocab, n_members), neutral rows zeroed
    row_sums: np.ndarray  # matrix.sum(axis=1): a word's weight over all members
    intercepts: tuple[float, ...]
    calib_a: tuple[float, ...]
    calib_b: tuple[float, ...]

    def _prob(self, decisions: Sequence[float]) -> float:
        total = 0.0
        for d, a, b in zip(decisions, self.calib_a, self.calib_b, strict=True):
            z = a * d + b
            # expit(-z), written to avoid overflow for large |z|
            total += 1.0 / (1.0 + math.exp(z)) if z < 500 else 0.0
        return total / len(self.calib_a)

    def score_one(self, text: str) -> tuple[float, str | None]:
        """Probability of abuse and the word that contributed most (or None)."""
        counts = Counter(self.analyze(text))
        k = len(self.intercepts)
        sums = [0.0] * k
        sq = 0.0
        best, best_word = 0.0, None
        for word, tf in counts.items():
            entry = self.table.get(word)
            if entry is None:
                continue
            idf, weights = entry
            v = tf * idf
            sq += v * v
            contribution = 0.0
            for j in range(k):
                sums[j] += v * weights[j]
                contribution += weights[j]
            contribution *= v
            if contribution > best:
                best, best_word = contribution, word
        norm = math.sqrt(sq) or 1.0
        decisions = [s / norm + b for s, b in zip(sums, self.intercepts, strict=True)]
        return self._prob(decisions), best_word

    def score_many(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities for many texts (see :meth:`explain_many`)."""
        return self.explain_many(texts)[0]

    def explain_many(self, texts: Sequence[str]) -> tuple[np.ndarray, list[str | None]]:
        """Probabilities and strongest words for many texts, in one numpy pass.

        Same numbers as the vectorizer's ``transform`` followed by the product with
        the weights, and the same words as :meth:`score_one` (tested), without a
        sparse matrix per batch.
        """
        n = len(texts)
        columns = self.columns
        find = _MODEL_TOKEN.findall
        docs: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        toks: list[str] = []
        for d, text in enumerate(texts):
            counts: dict[str, int] = {}
            for tok in find(text.lower()):
                if tok in columns:
                    counts[tok] = counts.get(tok, 0) + 1
            for tok, tf in counts.items():
                col, idf = columns[tok]
                docs.append(d)
                cols.append(col)
                vals.append(tf * idf)
                toks.append(tok)
        k = len(self.intercepts)
        D = np.tile(np.asarray(self.intercepts), (n, 1))
        top: list[str | None] = [None] * n
        if cols:
            doc = np.asarray(docs)
            col = np.asarray(cols)
            raw = np.asarray(vals)
            norms = np.sqrt(np.bincount(doc, weights=raw * raw, minlength=n))
            contrib = self.matrix[col] * (raw / norms[doc])[:, None]
            for j in range(k):
                D[:, j] += np.bincount(doc, weights=contrib[:, j], minlength=n)
            # Strongest positive word per text; a stable sort keeps the first on ties.
            strength = raw * self.row_sums[col]
            order = np.lexsort((-strength, doc))
            firsts = order[np.unique(doc[order], return_index=True)[1]]
            for i in firsts:
                if strength[i] > 0:
                    top[docs[i]] = toks[i]
        Z = D * np.asarray(self.calib_a) + np.asarray(self.calib_b)
        probs = (1.0 / (1.0 + np.exp(np.clip(Z, -500, 500)))).mean(axis=1)
        return probs, top


def build_scorer(neutral: frozenset[str] = NEUTRAL_WORDS) -> _Scorer:
    """Load the package's fitted model and prepare both scoring paths."""
    from profanity_check import profanity_check as pc  # ~1 s: loaded on first use only

    vectorizer, model = pc.vectorizer, pc.model
    members = model.calibrated_classifiers_
    coef = np.vstack([m.estimator.coef_.ravel() for m in members]).T.copy()
    for word in neutral:
        idx = vectorizer.vocabulary_.get(word)
        if idx is not None:
            coef[idx, :] = 0.0
    idf = vectorizer.idf_
    table = {
        word: (float(idf[i]), tuple(float(x) for x in coef[i]))
        for word, i in vectorizer.vocabulary_.items()
    }
    if vectorizer.token_pattern != _MODEL_TOKEN.pattern or not vectorizer.lowercase:
        raise RuntimeError("the offensive-language model's tokenizer changed; review offensive.py")
    return _Scorer(
        analyze=vectorizer.build_analyzer(),
        table=table,
        columns={word: (i, float(idf[i])) for word, i in vectorizer.vocabulary_.items()},
        matrix=coef,
        row_sums=coef.sum(axis=1),
        intercepts=tuple(float(m.estimator.intercept_[0]) for m in members),
        calib_a=tuple(float(m.calibrators[0].a_) for m in members),
        calib_b=tuple(float(m.calibrators[0].b_) for m in members),
    )


@cache
def scorer() -> _Scorer:
    return build_scorer()


def warm() -> None:
    """Load the model now (start-up) instead of on the first comment."""
    scorer()


def _finding(norm: Normalized, p: float, word: str | None) -> list[Finding]:
    # Rounded so the single and batch paths (different summation order) agree exactly.
    p = round(float(p), 9)
    if p < MIN_PROBABILITY:
        return []
    score = LOW_SCORE + (HIGH_SCORE - LOW_SCORE) * (p - MIN_PROBABILITY) / (1 - MIN_PROBABILITY)
    category = "vulgar" if word in _VULGAR_WORDS else "insult"
    start, end = 0, len(norm.original)
    if word:
        m = next((t for t in _WORD.finditer(norm.text) if t.group() == word), None)
        if m:
            start, end = norm.span(*m.span())
        code = "offensive.model_word"
        params: dict[str, str | float] = {"probability": p, "typed": norm.original[start:end]}
    else:
        code, params = "offensive.model", {"probability": p}
    return [Finding.coded("offensive", category, min(score, HIGH_SCORE), code, params, start, end)]


def check(inp: ScreeningInput, ctx: ScreeningContext) -> list[Finding]:
    """The offensive-language model's opinion of the (normalised) text."""
    norm = inp.normalized
    p, word = scorer().score_one(norm.text)
    return _finding(norm, p, word)


def check_batch(inputs: Sequence[ScreeningInput], ctx: ScreeningContext) -> list[list[Finding]]:
    """:func:`check` for many comments: one sparse product for the whole batch."""
    if not inputs:
        return []
    probs, words = scorer().explain_many([i.normalized.text for i in inputs])
    return [
        _finding(inp.normalized, p, word) for inp, p, word in zip(inputs, probs, words, strict=True)
    ]


check.batch = check_batch  # type: ignore[attr-defined]
