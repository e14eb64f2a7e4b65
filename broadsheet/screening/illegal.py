"""Illegal offers (drugs, weapons, forged papers, stolen goods) and calls to commit crimes.

News comments name these goods all the time ("police seized cocaine", "gun
shows sell rifles", "uyuşturucu satışı yapan çete çökertildi"), so a good
alone never counts. It counts when an offer stands near it: a seller's
phrasing ("for sale", "going cheap", "no questions asked", "satılık"), a
price per item ("£20 each", "100 notes for £300") or a way to get in touch
("DM me", "WhatsApp", "Telegram", a phone number). An offer with a contact
is a strong finding; an offer alone asks for review.

Calls to commit crimes together ("let's torch the mayor's car", "go and
trash it", "camlarını taşlayalım") are read as an invitation (let's, go and,
who's up for, everyone should; Turkish first-person plural) next to an act
of damage against property.
"""

# ruff: noqa: RUF001, RUF002 - Turkish and look-alike letters are the subject here

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from broadsheet.screening.rules import Rule, alternatives, rule, run_rules, words
from broadsheet.screening.types import Finding, ScreeningInput

if TYPE_CHECKING:
    from broadsheet.screening.context import ScreeningContext

_DOCUMENTS = (
    r"(?:passports?|ids?|id\W+cards?|identity\W+cards?|driving\W+licen[cs]es?|licen[cs]es?|"
    r"documents|diplomas?|degrees?|certificates?|sick\W+notes?|doctor\W*s?\W+notes?|"
    r"fit\W+notes?|notes|banknotes|twenties|tenners|fifties|money|cash|bills|currency|"
    r"visas?|residence\W+permits?|mot\W+certificates?|pasaport\w*|kimlik\w*|ehliyet\w*|"
    r"diploma\w*|para|rapor\w*|doktor\W+rapor\w*|belge\w*)"
)
_GOODS_SINGLE = words(
    "cocaine coke heroin meth methamphetamine mdma ecstasy molly lsd ketamine xanax valium "
    "oxycodone oxycontin fentanyl percocet adderall tramadol codeine weed cannabis marijuana "
    "skunk hashish shrooms steroids guns firearms firearm pistol pistols handgun handguns "
    "shotgun shotguns glock glocks rifles ammo ammunition grenades explosives tasers cvv "
    "fullz kokain eroin esrar bonzai uyusturucu ekstazi captagon metamfetamin silah silahlar "
    "tabanca tabancalar kalasnikof mermi"
)
_GOODS_PHRASES = [
    "magic mushrooms", "cloned cards", "cloned credit cards", "credit card dumps", "card dumps",
    "hacked accounts", "sick note", "sick notes", "fit notes", "child porn", "cp videos",
    "kiddie porn", "hitman services", "hacking services", "ddos service", "kopya kart",
    "kart bilgileri", "cocuk pornosu", "ruhsatsiz silah",
]  # fmt: skip
_FORGED = words("fake forged counterfeit replica cloned sahte")
_STOLEN = words("stolen unregistered untraceable nicked knocked calinti ruhsatsiz")
_GOODS = (
    rf"(?:{alternatives(_GOODS_SINGLE + _GOODS_PHRASES)}"
    rf"|{alternatives(_FORGED)}\W+(?:\w+\W+){{0,2}}?{_DOCUMENTS}"
    rf"|(?:{alternatives(_STOLEN)}|knocked\W+off)\W+\w+)"
)
# Every match of _GOODS contains one of these words: a cheap first test.
_GOODS_WORDS = frozenset(_GOODS_SINGLE + [p.split()[0] for p in _GOODS_PHRASES] + _FORGED + _STOLEN)
_SELLING = alternatives(
    [
        "for sale", "in stock", "available now", "available for sale", "we sell", "i sell",
        "we are selling", "i am selling", "im selling", "selling cheap", "going cheap",
        "we ship", "we deliver", "i deliver", "discreet delivery", "discreet shipping",
        "discreet packaging", "worldwide shipping", "worldwide delivery", "next day delivery",
        "fast delivery", "overnight delivery", "no prescription", "without prescription",
        "without a prescription", "legit vendor", "trusted vendor", "price list", "per gram",
        "order now", "buy now", "buy online", "order online", "no questions asked",
        "no questions", "cash only", "pick up behind", "collection only", "pass the scanners",
        "passes the pen test", "pass the pen test", "look 100% real", "100% real",
        "undetectable", "satilik", "satilir", "satiyorum", "satiyoruz", "satisimiz var",
        "kapida odeme", "adrese teslim", "elden teslim", "siparis icin", "siparis ver",
        "hemen siparis", "stokta", "lazim olan yazsin", "lazim olan", "isteyen yazsin",
        "ihtiyaci olan yazsin", "ihtiyaci olan",
    ]
)  # fmt: skip
# A price per item; "worth £20 each" is a valuation in a report, not an offer.
_PRICE = (
    r"(?:(?<!worth\s)(?<!at\s)[£$€]\W*\d+\W*(?:each|a\W+pop|per|apiece|a\W+piece)|"
    r"\d+\W+\w+\W+for\W+[£$€]\W*\d+|\d+\W*(?:tl|lira)\W+(?:tanesi|adet))"
)
_WINDOW = r"(?:\W+\w+){0,6}?\W+"
_OFFER = re.compile(
    rf"\b{_GOODS}{_WINDOW}(?:{_SELLING}|{_PRICE})\b|\b(?:{_SELLING}|{_PRICE}){_WINDOW}{_GOODS}\b"
)
# A way to reach the seller privately. Links count only next to a seller's phrasing.
_CONTACT = (
    r"(?:\b(?:whatsapp|whats\W+app|telegram|wickr|wechat|dm\W+me|pm\W+me|"
    r"inbox\W+me|message\W+me|text\W+me|contact\W+me|hit\W+me\W+up|hmu|email\W+me|"
    r"dm|dmden|dm\W+den|dm\W+at|dm\W+atin|iletisim|ulasin|yazin|yazsin|bilgi\W+icin|in\W+my\W+bio|"
    r"ozelden)\b|(?:\+|\b0)\d[\d\s().-]{8,}\d|[\w.+-]+@[\w-]+\.[\w.-]+)"
)
_LINK_RE = re.compile(r"https?://|www\.")
_CONTACT_RE = re.compile(_CONTACT)
_GOODS_RE = re.compile(rf"\b{_GOODS}\b")

STRONG_SCORE = 0.95
WEAK_SCORE = 0.6

_INVITE = (
    r"(?:let\W*['’]?s|lets|go\W+and|who\W*['’]?s\W+up\W+for|who\W+is\W+up\W+for|everyone\W+should|"
    r"we\W+should\W+all|we\W+should|time\W+to|come\W+on\W+lads|you\W+should\W+all|everybody\W+should|"
    r"we\W+need\W+to|meet\W+(?:\w+\W+){0,4}?to)"
)
# "Go and smash it" cheers a team on, so "it" counts only after the unambiguous verbs.
_DAMAGE = (
    r"(?:trash|torch|burn\W+down|wreck|vandalise|vandalize|loot|set\W+fire\W+to|firebomb|"
    r"petrol\W+bomb)"
)
_DAMAGE_THINGS = (
    r"(?:smash|burn|key|break\W+into|slash\W+the\W+tyres\W+of|put\W+a\W+brick\W+through)"
)
_THINGS = (
    r"(?:cameras?|windows?|cars?|vans?|office|offices|server\W+room|building|buildings|shop|"
    r"shops|station|depot|town\W+hall|property|house|home|mosque|church|synagogue|school)"
)

RULES: tuple[Rule, ...] = (
    rule(
        "call to commit a crime",
        rf"\b{_INVITE}\W+(?:\w+\W+){{0,6}}?(?:{_DAMAGE}\W+(?:\w+\W+){{0,3}}?(?:it|the\W+place|"
        rf"{_THINGS})|{_DAMAGE_THINGS}\W+(?:\w+\W+){{0,3}}?{_THINGS})\b|"
        r"\bbring\W+(?:petrol|a\W+lighter|bricks|crowbars|bats)\b|"
        r"\bthey\W+can\W*['’]?t\W+arrest\W+(?:all\W+of\W+us|us\W+all|everyone)\b",
        0.75,
        "illegal",
        "trash torch burn wreck vandalise vandalize loot set firebomb petrol smash key break slash "
        "put bring arrest",
    ),
    rule(
        "call to commit a crime (tr)",
        r"\b(?:taslayalim|taslayin|yakalim|atese\W+verelim|parcalayalim|yagmalayalim|"
        r"talan\W+edelim)\b",
        0.75,
        "illegal",
        "taslayalim taslayin yakalim atese parcalayalim yagmalayalim talan",
    ),
)


def _offer(inp: ScreeningInput) -> list[Finding]:
    norm = inp.normalized
    if _GOODS_WORDS.isdisjoint(norm.words):
        return []
    goods = _GOODS_RE.search(norm.text)
    if goods is None:
        return []
    offer = _OFFER.search(norm.text)
    # Contacts are read in the original: e-mail addresses and phone numbers are not
    # words, and normalisation (which reads "@" as "a") would garble them.
    raw = inp.text.lower()
    contact = _CONTACT_RE.search(raw)
    if offer is None and contact is None:
        return []
    if offer is not None and (contact is not None or _LINK_RE.search(raw)):
        score, code, match = STRONG_SCORE, "illegal.offer_with_contact", offer
    elif offer is not None:
        score, code, match = WEAK_SCORE, "illegal.offer", offer
    else:
        # Goods and a contact but no seller's phrasing: "coke? dm me".
        assert contact is not None
        if abs(norm.span(*goods.span())[0] - contact.start()) > 80:
            return []
        score, code, match = WEAK_SCORE, "illegal.goods_near_contact", goods
    start, end = norm.span(*match.span())
    typed = " ".join(norm.original[start:end].split())
    return [Finding.coded("illegal", "illegal", score, code, {"typed": typed}, start, end)]


def check(inp: ScreeningInput, ctx: ScreeningContext) -> list[Finding]:
    """Offers of illegal goods (stronger with a contact) and calls to commit crimes."""
    return _offer(inp) + run_rules(RULES, inp.normalized, "illegal")
