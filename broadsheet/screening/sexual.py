"""Sexual remarks about people and sexual advertising.

Explicit words are in the word lists. This check reads comments that sexualise
a person in the story or the newsroom without a single explicit word: "I'd
love to get her into my bed", "bet he's great in the sack", "show us what's
under the skirts", "yatağa atarım onu", and adverts for "sexy pics of local
girls". Its sentence test needs three things together: a person ("the
weather girl", "that teacher", "spiker", "kızlar"), sexual vocabulary ("bed",
"hot", "seksi", "göğüs") and the writer's desire ("I'd love to", "any time",
"isterdim", "keşke"). News about sexual crimes has no desire in it.
"""

# ruff: noqa: RUF001, RUF002 - Turkish and look-alike letters are the subject here

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from broadsheet.screening.rules import Rule, Stems, rule, run_rules, words
from broadsheet.screening.types import Finding, ScreeningInput

if TYPE_CHECKING:
    from broadsheet.screening.context import ScreeningContext

# "Whether you like it or not" and "istese de istemese de" are everyday phrases ("whether
# you like it or not, the bypass is coming"): only beside a sexual act or advance aimed at
# someone, in the same sentence and within 80 characters, do they make a threat.
_CONSENT = (
    r"\bwhether\W+(?:you|she|he|they)\W+(?:like|likes|want|wants)\W+it\W+or\W+not\b|"
    r"\bistese\W+de\W+istemese\W+de\b"
)
_ACT = (
    r"\b(?:have|take|touch|kiss|grab|feel|fuck|f\*+k|shag|bang|screw|strip|undress|bed)\W+"
    r"(?:you|her|him|them|u)\b|\b(?:show|give)\W+(?:you|her|him|them)\W+a\W+good\W+time\b|"
    r"\b(?:into|to)\W+(?:my\W+)?bed\b|\byatag(?:a|ima)\b|\b(?:seni|onu|sizi)\W+(?:\w+\W+)?"
    r"(?:alirim|alacagim|yaparim|yapacagim|operim|opecegim|sikerim|ellerim|soyarim|"
    r"yatiririm|becereceg\w*|beceririm)\b"
)
_ACT_THEN_CONSENT = rf"(?:{_ACT})[^.!?\n]{{0,80}}?(?:{_CONSENT})"
_CONSENT_THEN_ACT = rf"(?:{_CONSENT})[^.!?\n]{{0,80}}?(?:{_ACT})"

RULES: tuple[Rule, ...] = (
    rule(
        "sexual remark about a person",
        r"\b(?:get|take|have|drag|got)\W+(?:her|him|them|you)\W+(?:into|in|to)\W+(?:my\W+)?bed\b|"
        r"\b(?:great|good|filthy|wild|amazing|dirty|naughty|a\W+tiger|an\W+animal|a\W+minx)\W+"
        r"in\W+(?:the\W+)?(?:bed|sack)\b|"
        r"\bbend\W+(?:her|him|you|them|that\W+\w+|the\W+\w+|this\W+\w+)\W+over\b|"
        r"\b(?:do|doing)\W+(?:things|stuff)\W+to\W+(?:her|him|you)\b|"
        r"\bwhat\W+i\W*(?:['’]?d|would)\W+do\W+to\W+(?:her|him|you)\b|"
        r"\b(?:under|up)\W+(?:her|the|their|those|your)\W+(?:\w+\W+)?(?:skirts?|dress|dresses|"
        r"knickers)\b|\bshow\W+us\W+(?:your|her|their|what)\b(?:\W+\w+){0,3}\W+(?:under|tits|boobs|"
        r"bum|arse)\b|"
        r"\byatag(?:a|ima)\W+(?:\w+\W+)?(?:atarim|atardim|alirim|alirdim|goturur\w*)\b|"
        r"\bgogus\w*\W+(?:\w+\W+)?(?:gormek|dokunmak|ellemek|sikmak)\b",
        0.8,
        "sexual",
        "get take have drag got great good filthy wild amazing dirty naughty tiger animal minx "
        "bend do doing what under up show yataga yatagima gogus* gogsunu",
    ),
    rule(
        "sexual threat",
        rf"{_ACT_THEN_CONSENT}|{_CONSENT_THEN_ACT}",
        0.85,
        "threat",
        "whether istese",
    ),
    rule(
        "sexual advance without consent",
        rf"{_ACT_THEN_CONSENT}|{_CONSENT_THEN_ACT}",
        0.7,
        "sexual",
        "whether istese",
    ),
    rule(
        "sexual exposure",
        r"\b(?:wanna|want\W+to|like\W+to)\W+see\W+my\W+(?:d[\w*]ck|c[\w*]ck|pussy|tits|boobs|"
        r"nudes|bits|junk|package)\b|\b(?:my|check\W+out\W+my)\W+only\W*fans\b|"
        r"\bonly\W*fans\W+(?:link|page|account)\b",
        0.75,
        "sexual",
        "wanna want like my check onlyfans only",
    ),
    rule(
        "sexual advertising",
        r"\b(?:sexy|hot|naughty|horny|lonely|nude)\W+(?:pics|photos|videos|girls|singles|women|"
        r"milfs|babes|wives)\b|\blocal\W+(?:girls|singles|women|milfs)\b|\bseksi\W+kiz\w*|"
        r"\bciplak\W+(?:foto|video|resim)\w*|\bcanli\W+yayinda\W+(?:\w+\W+)?kiz\w*|"
        r"\bkizlar\W+canli\b|\batesli\W+(?:bayan|kiz|kadin|sohbet)\w*|\bsicak\W+sohbet\w*|"
        r"\bbayanlar\W+seni\W+bekliyor\b",
        0.7,
        "sexual",
        "sexy hot naughty horny lonely nude local seksi ciplak canli kizlar atesli sicak bayanlar",
    ),
)

_PERSON = re.compile(
    r"\b(?:her|him|she|he|shes|hes|girl|girls|woman|women|lady|ladies|blonde|brunette|"
    r"redhead|teacher|nurse|presenter|reporter|journalist|barmaid|waitress|cheerleaders?|"
    r"councillor|striker|keeper|player|lass|lasses|bird|birds|wife|wives|mum|mums|"
    r"kiz\w*|hanim\w*|kadin\w*|spiker\w*|muhabir\w*|ogretmen\w*|hemsire\w*|voleybolcu\w*|"
    r"sunucu\w*|garson\w*|onu|ona|onunla)\b"
)
# "bed", "body" and "hot" are everyday words ("a hospital bed", "her body was found",
# "hot favourite"); only their suggestive uses count.
_SEXUAL = re.compile(
    r"\b(?:(?:my|into)\W+bed|to\W+bed\W+with|in\W+the\W+sack|(?:nice|lovely|great|sexy|"
    r"long|fit)\W+(?:legs|arse|bum|rack|figure|curves)|skirts?|knickers|undies|lingerie|boobs|"
    r"tits|bum|arse|(?:fit|hot|sexy|tight|nice)\W+body|(?:seriously|so|really|proper|well|"
    r"bloody|very|smoking)\W+(?:hot|fit)|sexy|naked|nude|nudes|shag|shaggable|doable|bikini|"
    r"curves|seksi|yatak\w*|yatag\w*|gogus\w*|kalca\w*|popo\w*|sort\w*|etek\w*|ciplak|"
    r"sevis\w*|bir\W+gece)\b"
)
_DESIRE = re.compile(
    r"\b(?:i\W*['’]?d\W+love\W+to|i\W+would\W+love\W+to|"
    r"i\W+(?:want|wanna)\W+(?:to\W+)?(?:get|have|see|do|take|touch|shag|feel|grab)\W+(?:her|him)|"
    r"i\W+wanna|id\W+love\W+to|would\W+love\W+to\W+get|bet\W+(?:she|he)\W*(?:['’]?s|is|would)|"
    r"lads\W+want|show\W+us|any\W*(?:time|day)|m{3,}|phwoa+r|got\W+(?:her|his)\W+number|"
    r"yapardim|atarim|isterdim|istiyorum|isterim|olsa|keske|ozelden|numarasini)\b|\bmm+\b"
)
_INNUENDO = re.compile(r"\bcan\W+(?:\w+\W+){1,2}?me\W+(?:\w+\W+)?any\W*(?:time|day)\b")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_PERSON_WORDS = frozenset(
    words(
        "her him she he shes hes girl girls woman women lady ladies blonde brunette redhead "
        "teacher nurse presenter reporter journalist barmaid waitress cheerleader cheerleaders "
        "councillor striker keeper player lass lasses bird birds wife wives mum mums onu ona "
        "onunla"
    )
)
_PERSON_STEMS = Stems(
    words("kiz hanim kadin spiker muhabir ogretmen hemsire voleybolcu sunucu garson")
)

COOCCURRENCE_SCORE = 0.7
INNUENDO_SCORE = 0.6


def check(inp: ScreeningInput, ctx: ScreeningContext) -> list[Finding]:
    """Sexualising remarks about a person, sexual threats, and sexual advertising."""
    norm = inp.normalized
    found = run_rules(RULES, norm, "sexual")
    if any(f.category == "sexual" for f in found):
        return found
    text = norm.text
    if _PERSON_WORDS.isdisjoint(norm.words) and not _PERSON_STEMS.any_in_text(norm):
        return found
    for sentence in _SENTENCE.finditer(text):
        part = sentence.group()
        person = _PERSON.search(part)
        if person is None:
            continue
        desire = _DESIRE.search(part)
        if desire is None:
            continue
        if _SEXUAL.search(part):
            score, code = COOCCURRENCE_SCORE, "sexual.remark"
        elif _INNUENDO.search(part) or re.search(r"\bm{3,}\b|\bphwoa+r\b", part):
            score, code = INNUENDO_SCORE, "sexual.innuendo"
        else:
            continue
        start, end = norm.span(sentence.start(), sentence.end())
        typed = " ".join(norm.original[start:end].split())
        if len(typed) > 120:
            typed = typed[:117] + "..."
        params = {"typed": typed}
        found.append(Finding.coded("sexual", "sexual", score, code, params, start, end))
        break
    return found
