"""The base model: safe format, digest, stable features, load time, and quality on the corpora."""

# ruff: noqa: RUF001, RUF002 - Turkish letters are the subject here

from __future__ import annotations

import hashlib
import json
import math
import subprocess
import sys
import time
import zipfile
from importlib import resources

import numpy as np
import pytest

from broadsheet.screening import features, model
from broadsheet.screening.context import ScreeningContext
from broadsheet.screening.pipeline import Pipeline, Thresholds
from broadsheet.screening.types import Finding, ScreeningInput
from tests.screening.conftest import corpora_dir

DATA = resources.files("broadsheet.screening.data")


def test_weights_are_a_plain_array_with_the_recorded_digest():
    blob = DATA.joinpath(model.WEIGHTS_FILE).read_bytes()
    meta = json.loads(DATA.joinpath(model.META_FILE).read_text(encoding="utf-8"))
    assert hashlib.sha256(blob).hexdigest() == meta["weights_sha256"]
    assert len(blob) < 25 * 1024 * 1024
    import io

    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        assert z.namelist() == ["weights.npy"]
    with np.load(io.BytesIO(blob), allow_pickle=False) as npz:  # no pickle anywhere
        w = npz["weights"]
    assert w.dtype == np.float16 and w.shape == (features.N_BUCKETS, 3)
    assert meta["heads"] == ["abusive", "abusive_tr", "spam"] == list(model.HEADS)
    assert "stormfront_hate" not in meta["sources"] and "ethos" not in meta["sources"]


def test_a_changed_file_is_refused(tmp_path, monkeypatch):
    for name in (model.WEIGHTS_FILE, model.META_FILE):
        (tmp_path / name).write_bytes(DATA.joinpath(name).read_bytes())
    meta = json.loads((tmp_path / model.META_FILE).read_text())
    meta["weights_sha256"] = "0" * 64
    (tmp_path / model.META_FILE).write_text(json.dumps(meta))
    (tmp_path / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path.parent))
    with pytest.raises(ValueError, match="does not match"):
        model.load(tmp_path.name)


def test_features_are_the_same_in_every_process():
    code = (
        "from broadsheet.screening import features as f;"
        "print(f.buckets(f.words_of('@bob Sen tam bir GERİZEKALISIN http://x.co idiot')))"
    )
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outs) == 1
    assert outs.pop().strip() == str(
        features.buckets(features.words_of("@bob Sen tam bir GERİZEKALISIN http://x.co idiot"))
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@USER @USER you are an idiot URL", ["you", "are", "an", "idiot", "xurlx"]),
        ("RT @some_one: look at this https://t.co/AbC", ["look", "at", "this", "xurlx"]),
        ("thanks @a @b @c for this", ["thanks", "xuserx", "for", "this"]),
        ("İSTANBUL'da 50 kişi", ["istanbul", "da", "00", "kisi"]),
    ],
)
def test_placeholders_and_folding(text, expected):
    assert features.words_of(text) == expected


def test_news_vocabulary_has_no_features_of_its_own():
    assert features.word_features("killed") == []
    assert features.word_features("teroristler") == []
    assert features.word_features("idiot")
    assert features.word_features("trump") == features.word_features("immigration") == []
    assert features.word_features("alaska") == []


def _screened(pipeline, texts: list[str]) -> list:
    return pipeline.screen_many([ScreeningInput(t) for t in texts])


#: Civil comments on politics, as a news site's readers write them.
CIVIL_POLITICS = [
    "Trump's tax plan will mostly help the wealthy, not the middle class.",
    "The Liberals promised electoral reform and then dropped it after the election.",
    "Republicans in the Senate should hold hearings before voting on the nominee.",
    "Obama's health care law covered millions of people who had no insurance before.",
    "The government keeps raising property taxes while the roads fall apart.",
    "Immigration is a federal matter; the city cannot change the law on its own.",
    "The Democrats have no plan for the deficit either; both parties spend too much.",
    "Gun owners are not criminals, but background checks for every sale make sense.",
    "The school board ignored the parents again. Time to vote them out in November.",
    "The Prime Minister should apologise for the ethics breach and move on.",
]
#: Insults of politicians, parties and voters.
POLITICAL_INSULTS = [
    "Trump is a moron and his voters are idiots.",
    "Hillary is a lying crook who belongs in jail.",
    "Libtards like you should shut up and leave the country.",
    "#Antifa are mentally unstable cowards",
    "Republicans are scum, every last one of them.",
    "Go back to your trailer park, you ignorant MAGA hick.",
]


def test_naming_politicians_and_issues_is_not_abuse(pipeline):
    """The corpora's abusive rows name politicians, parties and issues far more often than
    their fine rows; those words have no features, so a civil comment on politics is
    published (three of these ten went to review when the words had weights) and an insult
    of the same people is still held."""
    civil, insults = _screened(pipeline, CIVIL_POLITICS), _screened(pipeline, POLITICAL_INSULTS)
    assert [v.recommendation for v in civil] == ["publish"] * len(CIVIL_POLITICS)
    assert all(v.recommendation != "publish" for v in insults)
    assert min(v.risk for v in insults) > max(v.risk for v in civil)


#: Civil comments on the places and topics of the news sites in the corpora.
CIVIL_PLACES = [
    "The Anchorage assembly should fund more snow plows this winter.",
    "Oil prices drive Alberta's budget, so diversification is overdue.",
    "Alaska's permanent fund dividend should not be cut to cover the deficit.",
    "The Hawaii legislature passed the bill, but the governor may still veto it.",
    "Justin Trudeau promised balanced budgets and delivered deficits.",
    "Canadians pay more for mobile data than almost anyone; the CRTC should act.",
]
PLACE_INSULTS = [
    "Alaskans who voted for him are morons.",
    "Go back to Canada, you ignorant hoser.",
    "The Hawaii legislature is full of corrupt clowns.",
]


def test_naming_the_places_of_the_corpora_news_sites_is_not_abuse(pipeline):
    """Civil Comments, the corpora's only news comments, has only abusive rows, from sites
    in Alaska, Hawaii, Canada and Oregon: "alaska" had been learned as abuse (four of these
    six went to review). Their places, people and topics have no features."""
    civil, insults = _screened(pipeline, CIVIL_PLACES), _screened(pipeline, PLACE_INSULTS)
    assert [v.recommendation for v in civil] == ["publish"] * len(CIVIL_PLACES)
    assert all(v.recommendation != "publish" for v in insults)


def test_loads_once_and_fast():
    start = time.process_time()
    loaded = model.load()
    assert time.process_time() - start < 3.0  # CPU seconds; the benchmark measures it on one core
    assert model.base_model() is model.base_model()
    assert loaded.digest == model.base_model().digest


@pytest.mark.parametrize(
    ("worse", "better"),
    [
        ("You are a sad little boy", "You are a kind man"),
        ("Sen tam bir terbiyesiz veletsin", "Sen tam bir iyi insansın"),
        ("subscribe to my channel for more", "I subscribe to the paper for the local news"),
        ("Call now to claim your free prize 08001234567", "Call the council if bins are missed"),
    ],
)
def test_heads_rank_examples(worse, better):
    m = model.base_model()
    w = m.predict([worse])[0]
    b = m.predict([better])[0]
    assert max(w) > max(b)


def test_a_turkish_comment_is_scored_by_the_turkish_head():
    m = model.base_model()
    text = "Sen tam bir terbiyesiz veletsin, utanmiyor musun"
    ws = features.words_of(text)
    assert features.language(text, ws) == "tr"
    assert m.predict([text])[0, 0] == m.probabilities(ws, "tr")[0] != m.probabilities(ws, "en")[0]
    # The batch path decides the language the same way.
    inputs = [ScreeningInput(text), ScreeningInput("You are a pathetic moron")]
    assert model.check_batch(inputs, ScreeningContext()) == [
        model.check(i, ScreeningContext()) for i in inputs
    ]


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("Kılıçdaroğlu stupid clown", True),
        ("Shut up Ayşe, nobody cares", True),
        ("Yılmaz is a moron", True),
        ("Great goal Güler", False),
        ("Thanks Ayşe, lovely piece", False),
    ],
)
def test_english_comments_about_turkish_people_are_read_as_english(text, held):
    """A name's Turkish letters do not hand an English comment to the Turkish head, which
    does not know English ("Kılıçdaroğlu stupid clown" scored 0.16 there, 0.8 now)."""
    from broadsheet.screening.pipeline import get_pipeline

    ws = features.words_of(text)
    assert features.language(text, ws) == "en"
    verdict = get_pipeline().screen(ScreeningInput(text))
    assert (verdict.recommendation != "publish") is held, verdict


def test_check_explains_and_never_rejects_alone():
    found = model.check(ScreeningInput("You are a pathetic moron"), ScreeningContext())
    assert found and all(f.check == "model" and f.score < 0.9 for f in found)
    assert any('mostly for "' in f.detail for f in found)
    assert model.head_score("abusive", 0.0) == 0.0
    assert model.head_score("abusive", model.REVIEW_AT["abusive"]) == model.REVIEW_SCORE
    assert model.head_score("spam", 1.0) == model.MAX_SCORE["spam"] < Thresholds().reject
    assert model.head_score("abusive", 1.0) == model.MAX_SCORE["abusive"]
    # Certain spam alone is still only reviewed.
    score = model.head_score("spam", 1.0)
    certain = Finding.coded("model", "spam", score, "model.spam", {"probability": 1.0}, 0, 4)
    assert Pipeline().verdict([certain]).recommendation == "review"


def test_validation_split_quality():
    """Rebuild the validation split from the corpora; the shipped model must rank it well."""
    from sklearn.metrics import roc_auc_score

    from broadsheet.screening import train

    rows = train.read_corpora(corpora_dir())
    _, val = train.split(rows)
    meta = json.loads(DATA.joinpath(model.META_FILE).read_text(encoding="utf-8"))
    assert len(val) == meta["n_validation"]  # the split is reproducible
    m = model.base_model()
    # The shipped model's figures (docs/screening.md) less about 0.01.
    floors = {
        ("davidson", "abusive"): 0.97,
        ("olid", "abusive"): 0.80,
        ("wiki_talk_toxicity", "abusive"): 0.80,
        ("offenseval_tr", "abusive"): 0.866,
        ("tr_hate_speech", "abusive"): 0.887,
        ("youtube_spam", "spam"): 0.975,
        ("sms_spam", "spam"): 0.965,
        ("tr_sms_spam", "spam"): 0.99,
    }
    for (source, head), floor in floors.items():
        group = [r for r in val if r["source"] == source]
        column = 0 if head == "abusive" else 1  # of (abusive, spam), whatever the language
        probs = [
            m.probabilities(r["words"], features.language(r["text"], r["words"]))[column]
            for r in group
        ]
        auc = roc_auc_score([r["label"] == head for r in group], probs)
        assert auc >= floor, (source, head, auc)


def test_validation_split_quality_of_the_pipeline():
    """The whole pipeline's risk must rank the validation split as docs/screening.md says.

    Guards the combination of the model with the rules (pipeline.py, overlap.py): the
    figures of the evaluation table less about 0.005.
    """
    from broadsheet.screening import train
    from broadsheet.screening.evaluate import roc_auc
    from broadsheet.screening.pipeline import get_pipeline

    _, val = train.split(train.read_corpora(corpora_dir()))
    floors = {
        "davidson": 0.975,
        "olid": 0.805,
        "wiki_talk_toxicity": 0.815,
        "offenseval_tr": 0.869,
        "tr_hate_speech": 0.882,
        "youtube_spam": 0.934,
        "sms_spam": 0.96,
        "tr_sms_spam": 0.99,
    }
    for source, floor in floors.items():
        group = [r for r in val if r["source"] == source]
        verdicts = get_pipeline().screen_many([ScreeningInput(r["text"]) for r in group])
        auc = roc_auc([v.risk for v in verdicts], [r["label"] != "ok" for r in group])
        assert auc >= floor, (source, auc)


def test_nb_ratio_weighs_the_features_that_tell_the_classes_apart():
    from scipy.sparse import csr_matrix

    from broadsheet.screening import train

    # Feature 0 only in class 1, feature 1 in both alike, feature 2 only in class 0.
    X = csr_matrix(np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 1.0, 1.0], [0.0, 1.0, 1.0]]))
    y = np.array([1, 1, 0, 0])
    r = train.nb_ratio(X, y, np.ones(4), alpha=0.1)
    assert r[0] > 1 and r[2] > 1 and r[1] < 1e-9


@pytest.mark.parametrize(
    ("text", "word", "span"),
    [
        ("the idiots and an idiot", "idiot", (18, 23)),
        ("x*idiot idiot", "idiot", (8, 13)),
        ("**idiot** here", "idiot", (2, 7)),
        ("a_idiot", "idiot", (2, 7)),
        ("idiot*s idi*ot", "idi*ot", (8, 14)),
        ("idiotic", "idiot", None),
        ("aptal aptalsın", "aptal", (0, 5)),
    ],
)
def test_the_named_word_is_found_as_a_whole_token(text, word, span):
    class Norm:  # only the text is read
        pass

    norm = Norm()
    norm.text = text  # type: ignore[attr-defined]
    assert model._first_token(norm, word) == span  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "you are an idiot and so is your editor",
        "Bu haberi yazan gazeteci çok cahil, yazıklar olsun",
        "idiot",
        "",
        "check out my channel www.example.com for free followers",
    ],
)
def test_a_decision_is_the_sum_of_its_feature_weights(text):
    """The cached per-word sums and the pair buckets built from each word's prefix give
    what the features say: weights of ``features.buckets`` over the root of their count."""
    m = model.base_model()
    ws = features.words_of(text)
    lang = features.language(text, ws)
    idx = features.buckets(ws, lang)
    head = model.ABUSE_HEAD[lang]
    expected = np.array(m.intercepts)
    if idx:
        expected = m.weights[idx].astype(np.float64).sum(axis=0) / math.sqrt(len(idx)) + expected
    za, zs, _ = m.decision(ws, lang)
    assert za == pytest.approx(expected[head], abs=1e-5)
    assert zs == pytest.approx(expected[2], abs=1e-5)
    (many,) = m.decisions_many([ws], [lang])
    assert many[:2] == pytest.approx((za, zs), abs=1e-6)  # float32 sums in another order


def test_training_makes_its_output_folder_before_it_trains(tmp_path, monkeypatch):
    """A missing ``--out`` folder is made first: the fit (minutes) is not lost to it."""
    from broadsheet.screening import train

    out = tmp_path / "new" / "model"
    seen = []

    def fit(folder):
        seen.append(out.is_dir())  # the folder exists when training starts
        weights = np.zeros((features.N_BUCKETS, 3), dtype=np.float16)
        return {"format": 3}, weights, []

    monkeypatch.setattr(train, "train", fit)
    assert train.main(["--corpora", str(tmp_path), "--out", str(out)]) == 0
    assert seen == [True]
    blob = (out / "base_model.npz").read_bytes()
    meta = json.loads((out / "base_model.json").read_text(encoding="utf-8"))
    assert meta["weights_sha256"] == hashlib.sha256(blob).hexdigest()
