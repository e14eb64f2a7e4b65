"""Threats to the press, calls for violence, dehumanising talk, masked obscenity; both languages."""

# ruff: noqa: RUF001 - Turkish letters are the subject here

from __future__ import annotations

import pytest

from broadsheet.screening import targeted
from broadsheet.screening.context import ScreeningContext
from broadsheet.screening.types import ScreeningInput


def categories(text: str) -> set[str]:
    return {f.category for f in targeted.check(ScreeningInput(text), ScreeningContext())}


@pytest.mark.parametrize(
    ("text", "category", "recommendation"),
    [
        ("Bu haberi yazan gazeteciyi gebertmek lazım", "threat", "reject"),
        ("someone should shut her up for good", "threat", "reject"),
        ("We will burn your office down if you publish this again", "threat", "reject"),
        ("Gazetenizi yakacağız, bunu yazmaya devam ederseniz", "threat", "reject"),
        ("These people breed like cockroaches", "hate", "review"),
        ("you people are vermin", "hate", "review"),
        ("Bu insanlar haşere gibi çoğalıyor", "hate", "review"),
        ("Go f*** yourself, propagandist", "vulgar", "reject"),
    ],
)
def test_missed_before_now_caught(screen, text, category, recommendation):
    v = screen(text)
    assert category in v.categories, v.reasons
    assert v.recommendation == recommendation or (
        recommendation == "review" and v.recommendation == "reject"
    ), v.reasons


@pytest.mark.parametrize(
    "text",
    [
        "The author is a worthless piece of trash",
        "You are a sad little boy",
        "#Antifa are mentally unstable cowards",
        "Sen tam bir terbiyesiz veletsin",
        "Ulan maganda, sus artık",
        "hayvan oğlu hayvanlar",
    ],
)
def test_insults_without_swear_words_are_held_for_review(screen, text):
    v = screen(text)
    assert v.recommendation != "publish", v.reasons
    assert "insult" in v.categories or "vulgar" in v.categories


@pytest.mark.parametrize(
    "text",
    [
        "The fire burned down the office block on Tuesday night.",
        "Police said the attackers planned to burn the office down.",
        "These people deserve our thanks for clearing the beach.",
        "Cockroaches are a problem in the flats, tenants say.",
        "Zamanı öldürmek için kitap okuyorum.",
        "Bu insanlar haftalardır su bekliyor.",
        "The f-word was used twice in the debate.",
    ],
)
def test_news_and_ordinary_talk_are_left_alone(text):
    assert categories(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Kimseyi öldürmek istemiyorum",
        "Hayvanları öldürmek bir suçtur",
        "Faturalar ikiye katlandı, emekliler zor durumda",
        "Kira iki katına çıktı",
    ],
)
def test_turkish_phrases_are_not_split_into_words(screen, text):
    # Before: "öldürmek istiyorum" was listed as two single words, so each alone was a threat
    # (reject at 0.95), and "ikiye katl" made any doubling a crypto scheme.
    v = screen(text)
    assert v.recommendation != "reject", v.reasons
    assert "threat" not in v.categories and not any("crypto" in r.detail for r in v.reasons)


@pytest.mark.parametrize(
    "text",
    ["Seni öldürmek istiyorum", "Paranızı bir haftada ikiye katlayın, hemen yazın"],
)
def test_the_real_phrases_still_match(screen, text):
    assert screen(text).recommendation != "publish"
