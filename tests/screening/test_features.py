"""The language decision of the base model's features: Turkish or English, from the text alone."""

# ruff: noqa: RUF001 - Turkish letters are the subject here

from __future__ import annotations

import time
import zlib

import pytest

from broadsheet.screening import features


def lang(text: str) -> str:
    return features.language(text, features.words_of(text))


@pytest.mark.parametrize(
    "text",
    [
        "Bu haberi okuyunca çok şaşırdım, ne diyeceğimi bilemedim",
        "Sen tam bir GERİZEKALISIN",  # the dotted capital alone
        # Typed without Turkish letters: function words and endings decide.
        "bu adam ne diyor ya, hic utanmiyor mu",
        "yarin sabah gelecek misin",
        # Headlines and adverts in title case: there title case is no sign of a name.
        "Suriyeli Kürtler'den Güvenli Bölge Açıklaması",
        "Büyük İndirim Başladı, Ücretsiz Kargo",
    ],
)
def test_turkish(text):
    assert lang(text) == "tr"


def test_turkish_without_evidence_keeps_the_head_of_both_languages():
    # No Turkish letter, function word or listed ending: scored as "en", by the abuse head
    # that was fitted on both languages (so a missed Turkish comment is still read).
    assert lang("Belediye baskani istifa etmeli") == "en"


@pytest.mark.parametrize(
    "text",
    [
        "The mayor should resign, this is a disgrace",  # "mayor" is not Turkish "-yor"
        "Müller scored twice for the team",  # a letter Turkish shares with German
        "What a load of rubbish",
        "@USER you are an idiot URL",
        "",
        "OK",  # no evidence either way: the head fitted on both languages
        "Erdoğan's party won the election in İstanbul",  # names do not outweigh the words
        # Short English comments about Turkish people: a name's letters are no evidence.
        "Erdoğan lies again",
        "Kılıçdaroğlu stupid clown",
        "Shut up Ayşe, nobody cares",
        "Great goal Güler",
    ],
)
def test_english(text):
    assert lang(text) == "en"


def test_the_lists_do_not_overlap():
    assert not features.TR_WORDS & features.EN_WORDS
    assert all(not w.endswith(features.TR_SUFFIXES) for w in features.EN_WORDS)


def test_the_decision_reads_the_folded_words_and_the_typed_letters():
    # The same words typed with and without Turkish letters: both Turkish.
    assert lang("çok güzel olmuş") == lang("cok guzel olmus") == "tr"
    # Pure: the same text always gets the same answer.
    text = "ama neden boyle yapiyorsunuz"
    assert {lang(text) for _ in range(3)} == {"tr"}


@pytest.mark.parametrize(
    ("first", "second"), [("you", "idiot"), ("çok", "güzel"), ("x", ""), ("0000", "xurlx")]
)
def test_a_pair_bucket_continues_from_the_first_words_prefix(first, second):
    mask = features.N_BUCKETS - 1
    bucket = zlib.crc32(second.encode(), features.pair_prefix(first)) & mask
    assert bucket == features.pair_feature(first, second)


@pytest.mark.parametrize("text", ["é" + "a" * 30_000, "Ş" + "a" * 30_000, "ş" * 30_000])
def test_the_decision_is_linear_in_one_long_word(text):
    # A word-with-a-letter pattern retried from every letter of a long word took 39 s here.
    start = time.process_time()
    lang(text)
    assert time.process_time() - start < 0.5
