"""Hate against groups: dehumanising, eliminationist or stereotyping statements.

Slurs are in the word lists; this check reads statements about a group of
people defined by origin, religion, ethnicity, sex, sexuality or gender
identity: "immigrants are vermin", "Muslims can't be trusted, they're all
terrorists", "the Jews own the banks", "Kürtlerin hepsi terörist",
"Eşcinseller hastadır".

Naming a group is never enough: "refugees arrived in Dover" and "the Jewish
community marched" are news. A finding needs, in the same sentence, a group
and one of: vermin or disease vocabulary, a sweeping criminal label ("all
terrorists", "thieves the lot of them"), a conspiracy trope ("control the
media"), a call to exclude or expel, or an epithet ("trans freaks").
Negated statements ("immigrants are not criminals") do not match, because
the predicates must follow the verb directly.
"""

# ruff: noqa: RUF001, RUF002 - Turkish and look-alike letters are the subject here

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from broadsheet.screening.normalize import Normalized, fold
from broadsheet.screening.rules import Rule, Stems, alternatives, rule, run_rules, words
from broadsheet.screening.types import Finding, ScreeningInput

if TYPE_CHECKING:
    from broadsheet.screening.context import ScreeningContext

_PLURALS_EN = (
    "muslims, moslems, jews, blacks, africans, arabs, asians, pakistanis, indians, mexicans, "
    "hispanics, latinos, immigrants, migrants, refugees, asylum seekers, foreigners, gypsies, "
    "roma, travellers, gays, homosexuals, lesbians, transgenders, transsexuals, trannies, "
    "christians, catholics, hindus, sikhs, romanians, eastern europeans, turks, kurds, "
    "syrians, afghans, somalis, nigerians, albanians, whites, palestinians, israelis, women, "
    "feminists, queers, chinese, russians, ukrainians, iranians, iraqis, americans, canadians, "
    "japanese, koreans, vietnamese, filipinos"
)
_ADJECTIVES_EN = (
    "muslim, jewish, black, african, arab, asian, pakistani, indian, chinese, mexican, "
    "immigrant, migrant, refugee, foreign, gypsy, roma, traveller, gay, lesbian, trans, "
    "christian, catholic, hindu, sikh, romanian, polish, eastern european, turkish, kurdish, "
    "syrian, afghan, somali, nigerian, albanian, white, palestinian, israeli"
)
_SINGULARS_EN = (
    "muslim, jew, black, african, arab, asian, pakistani, indian, mexican, immigrant, migrant, "
    "refugee, foreigner, gypsy, traveller, gay, lesbian, christian, catholic, hindu, sikh, "
    "romanian, pole, turk, kurd, syrian, afghan, somali, nigerian, albanian, woman"
)
_PEOPLE = "people, men, women, lads, boys, girls, kids, youths, folk, families, community, lot"
# Stems that take any suffix ("Kürtlerin", "Suriyeliler"); stems that begin common
# words ("kurtar-" to rescue, "trans-fer", "alev" flame) are matched as whole words.
_GROUPS_TR = (
    "suriyeli, araplar, kürtler, ermeni, yahudi, rumlar, çingene, göçmen, mülteci, afgan, "
    "pakistanlı, eşcinsel, lgbt, lubunya, aleviler, sünni, hristiyan, gavur, zenci, siyahi, "
    "yunanlı, kadın, feminist, travesti"
)
_WORDS_TR = "arap, kürt, rum, alevi, trans"


def _split(words: str) -> list[str]:
    return [w.strip() for w in words.split(",") if w.strip()]


_ADJ = alternatives(_split(_ADJECTIVES_EN))
#: A group of people, English (folded), as a regex fragment shared with threats.py.
GROUP_EN = (
    rf"(?:{alternatives(_split(_PLURALS_EN))}|{_ADJ}\W+(?:{alternatives(_split(_PEOPLE))}|\w+s)|"
    rf"(?:every|each|any|typical|a\W+typical)\W+{alternatives(_split(_SINGULARS_EN))})"
)
#: Turkish groups (folded stems, any suffix: "Kürtlerin", "Suriyeliler").
GROUP_TR = (
    rf"(?:{alternatives(fold(w) for w in _split(_GROUPS_TR))}\w*|"
    rf"{alternatives(fold(w) for w in _split(_WORDS_TR))}\b)"
)
GROUP = rf"(?:{GROUP_EN}|{GROUP_TR})"
_GROUP_EN_RE = re.compile(rf"\b{GROUP_EN}\b")
_GROUP_TR_RE = re.compile(rf"\b{GROUP_TR}")

_LABEL_PHRASES = [
    *words(
        "terrorists terrorist criminals criminal thieves thief rapists rapist paedos "
        "paedophiles pedophiles groomers scroungers spongers parasites animals savages vermin "
        "liars drunks lazy dirty filthy violent inferior stupid subhuman invaders rats "
        "cockroaches scum filth perverts perverted sick diseased degenerates degenerate evil "
        "traitors barbarians primitive backward"
    ),
    *("benefit cheats", "a disease", "a plague", "a cancer", "mentally ill"),
    *("an abomination", "not human", "the enemy"),
]
_LABELS = alternatives(_LABEL_PHRASES)
# Statements that, said of a whole group, are hate.
_PREDICATES_EN = re.compile(
    r"\b(?:are|re|r|is)\W+(?:all\W+|just\W+|nothing\W+but\W+|basically\W+|always\W+|a\W+bunch\W+"
    rf"of\W+|such\W+|like\W+|a\W+|an\W+|the\W+)*{_LABELS}\b|"
    rf"\b{_LABELS}\W+(?:the\W+(?:whole\W+)?lot\W+of\W+them|every\W+(?:last\W+)?one\W+of\W+them|"
    r"all\W+of\W+them)|\bthe\W+whole\W+lot\W+of\W+them\b|"
    r"\b(?:shit|shithole|crap|backward|third\W+world)\W+countr(?:y|ies)\W+they\W+came\W+from\b|"
    r"\b(?:is|are)\W+a\W+(?:\w+\W+)?(?:sympathi[sz]ers?|supporters?\W+of\W+terror\w*)\b|"
    r"\b(?:can\W*['’]?t|cannot|can\W+not)\W+be\W+trusted\b|\bnever\W+trust\b|"
    r"\bevery\W+last\W+one\W+of\W+them\b|\bbreed\w*\W+like\b|\bcommit\W+all\W+the\b|"
    r"\b(?:own|owns|control|controls)\W+(?:all\W+)?the\W+(?:banks|media|papers|press|"
    r"government|world|council|bbc|money)\b|"
    r"\b(?:shouldn\W*['’]?t|should\W+not|mustn\W*['’]?t|must\W+not)\W+be\W+allowed\W+"
    r"(?:anywhere\W+)?(?:near|to\W+(?:teach|work|adopt|vote|marry|live|breed))\b|"
    r"\bshould\W+be\W+banned\W+from\b|\bhave\W+no\W+business\b|"
    r"\bsend\W+(?:\w+\W+){0,5}?back\b|\bdeport\W+(?:them|the\W+lot|all|every)\b|"
    r"\b(?:is|are)\W+(?:being\W+)?(?:replaced|infesting|overrunning|swarming)\b|"
    r"\b(?:ruining|destroying|taking\W+over)\W+(?:this|our|the)\W+(?:country|town|city|area)\b|"
    r"\bget\W+back\W+in\W+the\W+kitchen\b|\b(?:go|get)\W+back\W+to\W+where\b"
)
_PREDICATES_TR = re.compile(
    r"\bhepsi\W+(?:\w+\W+)?(?:terorist|hirsiz|hain|pis|tecavuzcu|katil|dolandirici|asalak|"
    r"hayvan|mikrop|sapik|pislik|yalanci)\w*|\bhicbirine\W+guven\w*|\bguvenilmez\w*|"
    r"\b(?:hastadir|hastaliktir|hastalikli|sapkin\w*|sapiktir|dejenere\w*|hayvandir|"
    r"mikroptur|asalaktir|parazittir)\b|\bmutfag(?:a|ina)\W+(?:don|gonder|git)\w*|"
    r"\bmutfakta\W+kal\w*|\b(?:defolsun|defolsunlar|defolup\W+gitsin|kovulsun|kovulsunlar|"
    r"ulkelerine\W+donsunler|geldikleri\W+yere\W+donsunler)\b|"
    r"\bkontrol\W+ediyorlar\b|\b(?:ulkemizi|ulkeyi)\W+(?:isgal|ele\W+geciriyor)\w*|"
    r"\b(?:ureyorlar|fare\W+gibi|hamamboceg\w*)|\bhepsini\W+(?:\w+\W+)?(?:atin|kovun|gonderin|"
    r"sinir\W+disi\W+edin)\b|"
    r"^\W*\w+\W+(?:hepsi\W+)?(?:hirsiz|terorist|tecavuzcu|asalak|hayvan|mikrop|pislik|"
    r"dolandirici|yalanci|hain)\w*\b"
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")

_EXTERMINATE = alternatives(
    [
        "be exterminated", "be gassed", "be wiped out", "be eradicated", "be sterilised",
        "be sterilized", "be shot", "be hanged", "be hung", "be killed", "be burned", "be burnt",
        "be lynched", "be put down", "all die", "die", "burn", "hang",
    ]
)  # fmt: skip

RULES: tuple[Rule, ...] = (
    rule(
        "group wished dead",
        rf"\b{GROUP}\W+(?:\w+\W+){{0,4}}?(?:should|must|need\W+to|needs\W+to|ought\W+to|"
        rf"deserve\W+to|can)\W+(?:all\W+|just\W+)?{_EXTERMINATE}\b",
        0.9,
        "hate",
        "exterminated gassed wiped eradicated sterilised sterilized shot hanged hung killed "
        "burned burnt lynched put die burn hang",
    ),
    rule(
        "group hated",
        rf"\bi\W+(?:fucking\W+|really\W+|just\W+)?(?:hate|despise|detest|loathe)\W+(?:all\W+)?"
        rf"(?:the\W+|these\W+|those\W+)?{GROUP}\b",
        0.75,
        "hate",
        "hate despise detest loathe",
    ),
    rule(
        "epithet for a group",
        rf"\b(?:filthy|dirty|stinking|stinky|smelly|subhuman|inbred|disgusting|bloody|fucking|"
        rf"damn|damned)\W+{GROUP}\b|"
        rf"\b{_ADJ}\W+(?:freaks|scum|filth|vermin|trash|animals|parasites|perverts|degenerates|"
        r"cockroaches|rats|savages|invaders|bastards)\b",
        0.8,
        "hate",
        "filthy dirty stinking stinky smelly subhuman inbred disgusting bloody fucking damn damned "
        "freaks scum filth vermin "
        "trash animals parasites perverts degenerates cockroaches rats savages invaders bastards",
    ),
    rule(
        "vermin language for people",
        r"\b(?:these|those)\W+(?:invaders|vermin|savages|subhumans|cockroaches)\b|"
        r"\b(?:is|are)\W+being\W+replaced\W+by\b",
        0.7,
        "hate",
        "invaders vermin savages subhumans cockroaches replaced",
    ),
    # The "great replacement" conspiracy: a people being replaced by another, on purpose.
    rule(
        "replacement conspiracy",
        r"\bgreat\W+replacement\b|\bwhite\W+genocide\b|"
        r"\b(?:you|jews)\W+(?:will\W+not|won\W*t|shall\W+not)\W+replace\W+us\b|"
        rf"\b(?:immigration|immigrants|migrants|refugees|foreigners|invaders|{GROUP_EN})\W+"
        r"(?:\w+\W+){0,8}?(?:replac(?:e|es|ing)|outbreed\w*|out\W+breed\w*)\W+(?:us|whites|"
        r"white\W+(?:people|europeans|americans|britons|men|women|race)|"
        r"our\W+(?:people|race|nation|children|culture))\b",
        0.7,
        "hate",
        "replacement genocide replace replaces replacing outbreed* breed*",
    ),
    rule(
        "replacement conspiracy (tr)",
        rf"\b{GROUP_TR}\W+(?:\w+\W+){{0,6}}?(?:yerimizi\W+al\w*|"
        r"bizi\W+(?:\w+\W+){0,3}?azinlig\w*\W+dusur\w*|nufusumuzu\W+gec\w*)|"
        r"\bbuyuk\W+yer\W+degistirme\b",
        0.7,
        "hate",
        "yerimizi azinlig* nufusumuzu degistirme",
    ),
    # Turkish (folded text): "Ermenilerin hepsi gebersin", "Suriyeliler defolsun".
    rule(
        "group wished dead (tr)",
        rf"\b{GROUP_TR}\W+(?:\w+\W+){{0,2}}?(?:hepsi\W+|hepsini\W+)?(?:gebersin|gebersinler|"
        r"geberin|yok\W+edilsin|yok\W+edilmeli|temizlensin|temizlenmeli|kursuna\W+dizilsin|"
        r"kursuna\W+dizilmeli|yakilsin|yakilmali|asilsin|asilmali|oldurulsun|oldurulmeli|"
        r"katledilmeli|kesilmeli|gebertilmeli)\b",
        0.9,
        "hate",
        "gebersin gebersinler geberin edilsin edilmeli temizlensin temizlenmeli dizilsin "
        "dizilmeli yakilsin yakilmali asilsin asilmali oldurulsun oldurulmeli katledilmeli "
        "kesilmeli gebertilmeli",
    ),
)

STEREOTYPE_SCORE = 0.75


# Words one of which every group mention contains (English), and Turkish stems.
_GROUP_WORDS = frozenset(
    w
    for phrase in _split(_PLURALS_EN) + _split(_ADJECTIVES_EN) + _split(_SINGULARS_EN)
    for w in phrase.split()
)
_GROUP_STEMS_TR = Stems(fold(w) for w in _split(_GROUPS_TR) + _split(_WORDS_TR))


def _mentions_group(norm: Normalized) -> bool:
    return not _GROUP_WORDS.isdisjoint(norm.words) or _GROUP_STEMS_TR.any_in_text(norm)


# One of these words (English) or stems (Turkish) is in every match of the predicates.
_PREDICATE_WORDS_EN = frozenset(
    w for phrase in _LABEL_PHRASES for w in phrase.split() if w not in {"a", "an", "the", "not"}
) | frozenset(
    words(
        "lot countries country sympathiser sympathisers sympathizer sympathizers supporter "
        "supporters trusted trust last breed breeds breeding bred commit own owns control "
        "controls allowed banned business send deport replaced infesting overrunning swarming "
        "ruining destroying taking kitchen where"
    )
)
_PREDICATE_STEMS_TR = Stems(
    words(
        "hepsi hicbirine guvenilmez hastadir hastaliktir hastalikli sapkin sapiktir dejenere "
        "hayvan mikrop asalak parazit mutfag mutfakta defol kovulsun ulkelerine geldikleri "
        "kontrol ulkemizi ulkeyi ureyorlar fare hamamboceg hirsiz terorist tecavuzcu pislik "
        "dolandirici yalanci hain"
    )
)


def _may_be_stereotype(norm: Normalized) -> bool:
    return not _PREDICATE_WORDS_EN.isdisjoint(norm.words) or _PREDICATE_STEMS_TR.any_in_text(norm)


def _stereotypes(text: str) -> tuple[int, int] | None:
    """Span of the first sentence that names a group and says something hateful of it."""
    for sentence in _SENTENCE.finditer(text):
        part = sentence.group()
        for group_re, pred_re in ((_GROUP_EN_RE, _PREDICATES_EN), (_GROUP_TR_RE, _PREDICATES_TR)):
            g = group_re.search(part)
            if g is None:
                continue
            if pred_re.search(part):
                return sentence.start() + g.start(), sentence.end()
    return None


def check(inp: ScreeningInput, ctx: ScreeningContext) -> list[Finding]:
    """Dehumanising, eliminationist or stereotyping statements about a group of people."""
    norm = inp.normalized
    found = run_rules(RULES, norm, "hate")
    span = _stereotypes(norm.text) if _mentions_group(norm) and _may_be_stereotype(norm) else None
    if span is not None:
        start, end = norm.span(*span)
        typed = " ".join(norm.original[start:end].split())
        if len(typed) > 120:
            typed = typed[:117] + "..."
        params = {"typed": typed}
        found.append(
            Finding.coded("hate", "hate", STEREOTYPE_SCORE, "hate.stereotype", params, start, end)
        )
    return found
