"""Statement-level checks: hate, sexual remarks, illegal offers, defamation, off-topic."""

# ruff: noqa: RUF001 - Turkish and look-alike letters are the subject here

from __future__ import annotations

import pytest

from broadsheet.screening import accusations, hate, illegal, offtopic, sexual
from broadsheet.screening.context import ScreeningContext
from broadsheet.screening.types import ScreeningInput

CTX = ScreeningContext()


def run(check, text: str) -> list:
    return check(ScreeningInput(text), CTX)


@pytest.mark.parametrize(
    "text",
    [
        "Immigrants are vermin.",
        "Muslims can't be trusted, they're all terrorists.",
        "The Jews control the media.",
        "Trans freaks should be banned from the pool.",
        "Refugees are a plague on this town.",
        "Every Kurd is a PKK sympathiser.",
        "Kürtlerin hepsi terörist.",
        "Suriyeliler defolsun.",
        "Eşcinseller hastadır.",
        "I hate all the Romanians.",
        "Deport all the Chinese, they are vermin.",
        "Russians are subhuman animals.",
    ],
)
def test_hate_is_found(text):
    assert run(hate.check, text), text


@pytest.mark.parametrize(
    "text",
    [
        "Immigrants are not criminals.",
        "The Jewish community marched with Muslim families.",
        "Refugees want to go back to their homes when the war ends.",
        "The telegraph poles are being replaced on our street.",
        "We should take fewer migrants until housing is fixed.",
        "Kürtler, Türkler, Ermeniler hep birlikte bu şehri kurduk.",
        "Yaşlı kadın hasta olarak hastaneye kaldırıldı.",
        "Çocuklar kurtarıldı, hepsi sağlıklı.",
        "Women have been underpaid for decades.",
        "Chinese tourists are back in the old town.",
        "Russians queued for hours to vote.",
    ],
)
def test_groups_in_ordinary_sentences_are_not_hate(text):
    assert run(hate.check, text) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "Immigration must be stopped before they replace us.",
        "Muslims are breeding to replace white people, wake up.",
        "The migrants will outbreed us within a generation.",
        "Multiculturalism is a code word for white genocide.",
        "It's the Great Replacement and the media hides it.",
        "You will not replace us!",
        "Suriyeliler birkaç yıl içinde yerimizi alacak.",
        "Mülteciler bizi kendi ülkemizde azınlığa düşürecek.",
        "Büyük yer değiştirme planı işliyor.",
    ],
)
def test_the_replacement_conspiracy_is_hate(text):
    found = run(hate.check, text)
    assert any(f.code.startswith("hate.replacement_conspiracy") for f in found), text


@pytest.mark.parametrize(
    "text",
    [
        "Robots will replace us in the warehouses within ten years.",
        "AI won't replace us, but it will change the newsroom.",
        "Immigrants replaced the workers who retired, the report says.",
        "The new mayor will replace the bus fleet.",
        "Yeni başkan otobüs filosunu değiştirecek.",
        "Suriyeli aileler yeni evlerine yerleşti.",
    ],
)
def test_replacing_things_or_workers_is_not_the_conspiracy(text):
    assert run(hate.check, text) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "The weather girl is seriously hot, I'd love to get her into my bed.",
        "Bet the barmaid is filthy in bed.",
        "Show us what's under her skirt.",
        "Wanna see my d*ck? DM me",
        "s3xy pics of local girls",
        "Spiker çok seksi, bir gece benimle olsa neler yapardım.",
        "Fotoğraftaki kızı yatağa atarım.",
    ],
)
def test_sexual_remarks_are_found(text):
    assert any(f.category == "sexual" for f in run(sexual.check, text)), text


@pytest.mark.parametrize(
    "text",
    [
        "The nurse kept him in bed for a week and I want to thank her.",
        "Her body was found in the river; I want to know why.",
        "She is the hot favourite and I'd love to see her win.",
        "The sex offender was jailed for six years.",
    ],
)
def test_ordinary_sentences_about_people_are_not_sexual(text):
    assert run(sexual.check, text) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "I will have you whether you like it or not, baby",
        "I'll show you a good time whether you like it or not.",
        "Whether she likes it or not I'll take her to bed",
        "Seni istesen de istemesen de alırım",  # not the phrase: nothing
        "İstese de istemese de onu yatağa atarım",
    ],
)
def test_a_sexual_act_without_consent_is_a_threat(text):
    found = {f.category for f in run(sexual.check, text)}
    assert found == ({"threat", "sexual"} if "istesen de" not in text else set()), text


@pytest.mark.parametrize(
    "text",
    [
        "Whether you like it or not, Marxist thought exists.",
        "Whether you like it or not, the bypass is coming and the council will pay for it.",
        "They will build it whether they like it or not. I will have them vote on it.",
        "Bakan istese de istemese de bu yasa meclisten geçecek.",
    ],
)
def test_whether_you_like_it_or_not_alone_is_not_sexual(text):
    assert run(sexual.check, text) == [], text


def test_illegal_offers_need_an_offer_and_a_contact_scores_higher():
    strong = run(illegal.check, "Selling cocaine and MDMA, discreet delivery, DM me on telegram")
    weak = run(illegal.check, "Stolen laptops going cheap")
    assert strong[0].score > weak[0].score
    assert run(illegal.check, "Police seized cocaine worth £2m at the port.") == []
    assert run(illegal.check, "Guns are a big issue in America.") == []
    assert run(illegal.check, "Uyuşturucu satışı yapan çete çökertildi.") == []
    assert run(illegal.check, "Sahte pasaport satılır, WhatsApp'tan yazın")


def test_calls_to_commit_crimes():
    assert run(illegal.check, "Anyone who hates the council, go and trash the offices.")
    assert run(illegal.check, "Camlarını taşlayalım.")
    assert run(illegal.check, "Go and smash it lads, the town is behind you!") == []


@pytest.mark.parametrize(
    "text",
    [
        "Councillor Smith is a paedophile.",
        "Kevin Doyle who coaches the under-12s is a drug dealer.",
        "Everyone knows he bribed the committee.",
        "Fırıncı Mehmet Yılmaz çocuk tacizcisi.",
        "Belediye başkanı iki milyon lira çaldı.",
        "Muhtar Ali Veli köyün parasını çalıyor.",
        "Eczacı Ahmet Bey hırsızdır.",
        "Muhtar Hasan Demir hırsızın teki.",
        "Ekrem Bey, sen hırsızsın.",
        "Öğretmen Ayşe Hanım sapığın teki.",
        "Başkan Mehmet Yılmaz hırsızlık yaptı.",
        "Silah kaçakçılığı yaptığınızı Kemal Bey de biliyor.",
        "Eski müdür Selim ve oğlu dolandırıcılar.",
    ],
)
def test_accusations_are_found(text):
    (f,) = run(accusations.check, text)
    assert f.category == "defamation"
    assert f.score < 0.9  # never rejects on its own


@pytest.mark.parametrize(
    "text",
    [
        "The former councillor was convicted of fraud and jailed.",
        "He is accused of fraud and denies the charges.",
        "Rashford stole the show.",
        "The minister is a liar and should resign.",
        "Hırsız evden televizyonu çaldı, polis araştırıyor.",
        "Canlı yayına katıl, soruları sor.",
        "Bodrum'da veya Edirne'de Yunan radyosu çalıyor.",
        "Komşum Ayşe her sabah kapıyı çalıyor.",
        "Belediye bandosu Mehmet Bey'in marşını çaldı.",
        "Hakan kalbimi çaldı.",
        # The crime named as an act, or a person noun with a case ending: nobody is called one.
        "Keşke o günler geri gelse, yolsuzluk yoktu, hırsızlık yoktu Ahmet abi.",
        "Sapıklık yapmayın Ayşe Hanım, korkuyorum.",
        "Ali Bey, hırsızın hiç suçu yok yani.",
        "Alman savcılar bir dolandırıcının bitcoinlerine el koydu.",
        "Kadınların bedeniyle uğraşacağınıza tecavüzcülerle uğraşın Sayın Bakan.",
        "Hırsızlara meydanı bırakmayalım başkanım.",
    ],
)
def test_reports_and_opinions_are_not_accusations(text):
    assert run(accusations.check, text) == [], text


def test_off_topic_first_and_chain_letters():
    assert run(offtopic.check, "first!")
    assert run(offtopic.check, "FIRST!!! beat you all")
    assert run(offtopic.check, "Forward this to ten people or you'll have bad luck")
    assert run(offtopic.check, "Bu mesajı 10 kişiye göndermezsen şansın gitmez")
    assert run(offtopic.check, "First time I've agreed with this paper.") == []


def test_an_accusation_after_a_flood_of_repeated_sentences_is_still_found():
    # Repeated sentences are read once, so they do not use up the sentence budget.
    flood = "Only Only steal. " * 2000
    (f,) = run(accusations.check, flood + "Councillor Smith is a paedophile.")
    assert f.start >= len(flood) and f.category == "defamation"


def test_the_costly_patterns_read_a_bounded_number_of_sentences():
    innocent = "".join(f"Only steal {i}. " for i in range(accusations.MAX_SENTENCES + 5))
    assert run(accusations.check, "Councillor Smith is a paedophile. " + innocent)
    assert run(accusations.check, innocent + "Councillor Smith is a paedophile.") == []
