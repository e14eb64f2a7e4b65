"""Threats are read from their phrasing, never from violent news vocabulary alone."""

# ruff: noqa: RUF001 - Turkish and look-alike letters are the subject here

from __future__ import annotations

import pytest

from broadsheet.screening.context import ScreeningContext
from broadsheet.screening.threats import check
from broadsheet.screening.types import ScreeningInput


def threats(text: str) -> list:
    return check(ScreeningInput(text), ScreeningContext())


@pytest.mark.parametrize(
    "text",
    [
        "I will find you.",
        "I'll find you and your family.",
        "Watch your back.",
        "w a t c h   y o u r   b a c k",
        "He should be hanged.",
        "You deserve to die.",
        "kill yourself",
        "kys",
        "k y s",
        "go die in a fire",
        "I know where you live.",
        "We know where the reporter lives.",
        "I'm going to kill you.",
        "I'll break every bone in your body.",
        "Someone should put a bullet in that judge.",
        "I hope you die.",
        "Kill all the immigrants.",
        "Let's burn the mosque down.",
        "seni bulacağım",
        "Seni gebertirim.",
        "öldürürüm seni",
        "Yoksa öldürürüm.",
        "Seni parçalayacağım.",
        "Onu doğrarım.",
        "Publish that again and you'll regret it. You have been warned!",
        "You've been warned.",
        "Kendimi tutamazsam öldürürüm onu.",
        "Bu hain asılmalı.",
        "kendini öldür",
        "git kendini as",
        "evini biliyorum",
        "Nerede oturduğunu biliyorum.",
        "Bacaklarını kırarız.",
        "Kafana sıkarım.",
        "Arkanı kolla.",
        "İçeriden kimse sağ çıkmayacak.",
        "ölsün",
        "Put the Mexicans in camps and gas them.",
        "gas the jews",
        "Into the ovens with them, send them all to the gas chambers.",
        "Round them up and ship them off to concentration camps.",
        "Hillary should be locked up and raped in prison.",
        "The senator should be dragged into the street and beaten.",
        "Hang the president.",
        "That is the verdict. Shoot that judge.",
    ],
)
def test_threats_are_found(text):
    assert threats(text), text


@pytest.mark.parametrize(
    "text",
    [
        "The army shelled the city, killing 40 people.",
        "Gunmen took hostages and killed two guards.",
        "The rape trial begins on Monday.",
        "He faces a murder charge after the stabbing.",
        "Terrorism, bombing and the massacre dominate the news again.",
        "The killer was jailed for life.",
        "Şehir bombalandı, 40 kişi öldürüldü.",
        "Terör saldırısı çok üzücü.",
        "Polis saldırganı etkisiz hale getirdi.",
        "I'll shoot you an email.",
        "We will beat them at the election.",
        "I could kill for a coffee.",
        "My mum will kill me.",
        "I hope they catch whoever did this.",
        "We'll be there waiting for the parade.",
        "Let's see what happens next week.",
        "Hakem maçı katletti.",
        "Kill the bill!",
        "Olsun, bir dahaki sefere.",
        "Death to the dress code!",
        "I will kill myself if they close the library.",
        "Please stop the personal attacks; you have been warned about this before.",
        "You've been warned not to disrupt this page, so the block stands.",
        "Hayır deme yoksa kendimi öldürürüm.",
        "Bu maçı kaybedersek kendimi öldürürüm valla",
        "Akşama soğan doğrarım, sen de salatayı yap.",
        "Yeter deyip tava tencere parçalayacağım şimdi.",
        "We gas them up before the long drive.",
        "I had to gas the trucks before we left.",
        "My grandmother survived the concentration camps.",
        "The kids were sent to summer camps in July.",
        "The town voted to ban gas stoves.",
        "Liverpool should be outplayed and beaten on Saturday.",
        "He should be arrested and tried in court.",
        "Shoot the messenger if you like, the numbers are right.",
        "Hang the pictures in the hall.",
    ],
)
def test_news_and_idioms_are_not_threats(text):
    assert threats(text) == [], text


def test_threat_spans_point_at_the_threat():
    text = "Nice article. I will find you. Bye."
    (f,) = threats(text)
    assert text[f.start : f.end] == "I will find you"
    assert f.category == "threat"


def test_quoted_threats_ask_for_review_only():
    (f,) = threats("The villain says 'I will find you' and the cinema laughed.")
    assert f.score <= 0.6
    assert "quotation" in f.detail


def test_group_incitement_is_also_hate():
    from broadsheet.screening.hate import check as hate_check

    text = "All muslims should be wiped out."
    assert threats("Kill all the muslims.")
    assert hate_check(ScreeningInput(text), ScreeningContext())
