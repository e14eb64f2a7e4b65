"""Threats and incitement to violence, in English and Turkish.

News comments are full of violent words ("gunmen killed 40", "the bombing",
"öldürüldü", "saldırı"), so no single word is a threat here. A threat has a
shape: a first-person future ("I'll find you", "seni bulacağım",
"gebertirim"), a wish or call aimed at someone ("you deserve to die", "should
be hanged", "asılmalı"), self-harm incitement ("kys", "kendini öldür"), or
knowledge of someone's home ("I know where you live", "evini biliyorum").
Reported speech about third parties in the past tense does not have it.

Patterns read the folded text (lowercase, Turkish letters folded, so
"öldürürüm" is written ``oldururum`` below); a few Turkish ones read the
exact text because folding makes them innocent words ("ölsün" → "olsun").
"""

# ruff: noqa: RUF001, RUF002 - Turkish and look-alike letters are the subject here

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from broadsheet.screening.hate import GROUP
from broadsheet.screening.rules import Rule, alternatives, rule, run_rules, words
from broadsheet.screening.threats_tr import RULES_TR
from broadsheet.screening.types import Finding, ScreeningInput

if TYPE_CHECKING:
    from broadsheet.screening.context import ScreeningContext

_APOS = r"['’]?"
# "I'll", "I will", "I'm going to", "we're gonna", "imma", "ill" (I'll without the apostrophe).
_WILL = (
    rf"(?:\b(?:i|we)\W*(?:{_APOS}ll|will|shall|{_APOS}m\W+going\W+to|am\W+going\W+to|"
    rf"{_APOS}m\W+gonna|am\W+gonna|gonna|{_APOS}re\W+going\W+to|are\W+going\W+to|"
    rf"{_APOS}re\W+gonna|are\W+gonna|want\W+to|wanna|would\W+love\W+to|will\W+personally|"
    rf"{_APOS}ll\W+personally|swear\W+i\W*{_APOS}ll)|\bimma|\bima|\bill)\W+"
)
_STRONG = alternatives(
    [
        *words(
            "kill murder shoot stab strangle behead decapitate butcher slaughter rape lynch "
            "knife gut torch skin slit"
        ),
        *("blow up", "put a bullet in", "put a knife in", "run over", "burn down"),
        "cut the throat of",
    ]
)
_WEAK = alternatives(
    [
        *words("hurt beat bash batter punch smash cripple break destroy end choke"),
        *("beat up", "kick the shit out of", "beat the shit out of", "kick the crap out of"),
        "smash up",
    ]
)
_YOU = r"(?:you|u|ya|yer|yous|youse|you\W+all|all\W+of\W+you|the\W+lot\W+of\W+you)"
_YOUR_ANY = r"(?:your\W+\w+)"
_YOUR_BODY = (
    r"(?:your\W+(?:family|kids|children|wife|husband|mum|mom|mother|dad|father|legs|neck|face|"
    r"head|skull|arms|teeth|house|home|car|dog))"
)
# "I'll shoot you an email", "we'll beat you to it": not threats.
_NOT_IDIOM = r"(?!\W+(?:a|an|the|some|my|over|off|back|this|that|those|to|at|in|on|by|with|for)\b)"
_THEM = (
    r"(?:him|her|them|the\W+(?:journalist|writer|reporter|author|editor|judge|mp|councillor)|"
    r"this\W+(?:journalist|writer|reporter|author|guy|man|woman|clown)|every\W+last\W+one|"
    r"all\W+of\W+them|each\W+and\W+every)"
)
#: People a threat names by their role (``prime_minister`` is two words).
_ROLE_WORDS = words(
    "guy man woman bastard clown journalist author reporter writer mp minister judge editor "
    "president pm prime_minister councillor mayor referee ref cop copper officer teacher "
    "doctor landlord boss defendant paedo nonce traitor scumbag idiot"
)
_ROLES = alternatives(w.replace("_", " ") for w in _ROLE_WORDS)
#: Pre-filter words for ``_ROLES`` followed by an optional "s": a stem where it is long enough,
#: else the word and its plural; and the irregular plurals.
_ROLES_OR_PLURALS = (
    " ".join(
        f"{w}*" if len(w) >= 3 else f"{w} {w}s" for w in (r.split("_")[0] for r in _ROLE_WORDS)
    )
    + " men women"
)
_STRONG_NEEDS = (
    "kill murder shoot stab strangle behead decapitate butcher slaughter rape lynch "
    "knife gut torch skin slit blow put run burn cut"
)

RULES_EN: tuple[Rule, ...] = (
    rule(
        "threat to kill or maim",
        rf"{_WILL}(?:\w+\W+){{0,2}}?{_STRONG}\W+(?:{_YOU}|{_YOUR_ANY}|{_THEM})\b{_NOT_IDIOM}",
        0.95,
        "threat",
        _STRONG_NEEDS,
    ),
    rule(
        "threat to hurt",
        rf"{_WILL}(?:\w+\W+){{0,2}}?{_WEAK}\W+(?:{_YOU}|{_YOUR_BODY})\b{_NOT_IDIOM}",
        0.8,
        "threat",
        "hurt beat bash batter punch smash cripple break destroy end choke kick",
        also="you u ya yer yous youse your",
    ),
    rule(
        "threat to find someone",
        rf"{_WILL}(?:\w+\W+)?(?:find|hunt|track|get|come\W+for|be\W+coming\W+for|visit)\W+"
        rf"(?:you|u|ya|your\W+family)(?:\W+down)?(?=\s*(?:[.!,;?'\"’”]|$)|\W+(?:and|soon|one\W+day|"
        rf"eventually|mark\W+my\W+words))",
        0.9,
        "threat",
        "find hunt track get come coming visit",
        also="you u ya your",
    ),
    rule(
        "knows where someone lives",
        r"\b(?:i|we)(?:\W*['’]?ve|\W+have)?\W+(?:already\W+|now\W+)?(?:know|found\W+out|found|"
        r"got|have)\W+"
        r"(?:exactly\W+)?(?:where\W+(?:\w+\W+){0,3}?(?:live|lives|sleep|sleeps|work|works|"
        r"parks|drinks|go\W+to\W+school|goes\W+to\W+school)|(?:your|his|her|their)\W+"
        r"(?:home\W+)?address)\b",
        0.95,
        "threat",
        "know found have got",
        also="where address",
    ),
    rule(
        "menacing warning",
        r"\b(?:watch\W+your\W+back|sleep\W+with\W+one\W+eye\W+open|your\W+days\W+are\W+"
        r"numbered|you\W*(?:['’]?re|are)\W+(?:a\W+)?dead\W+(?:man|woman|meat)|"
        r"you\W*(?:['’]?ll|will)\W+(?:get\W+what\W*['’]?s\W+coming|be\W+next|not\W+see\W+"
        r"(?:christmas|another)|never\W+be\W+safe)|(?:we\W*['’]?re|we\W+are|i\W*['’]?m|"
        r"i\W+am)\W+coming\W+for\W+you|we\W+will\W+find\W+you|i\W+will\W+make\W+you\W+(?:pay|"
        r"suffer|regret))\b|"
        # Said as the last word, not as a report of a warning ("you have been warned about
        # personal attacks before", a moderator's notice).
        r"\byou(?:\W+have|\W*['’]?ve)\W+been\W+warned(?=\s*(?:[.!]|$))",
        0.85,
        "threat",
        "back eye numbered dead coming next safe christmas another warned pay suffer regret "
        "find coming",
    ),
    rule(
        "tells someone they deserve to die",
        r"\b(?:you|u)\W+(?:all\W+)?(?:deserve|deserved)\W+to\W+(?:die|be\W+(?:shot|hanged|"
        r"hung|killed|raped|executed|murdered|stabbed|tortured|burned|burnt|lynched))\b",
        0.9,
        "threat",
        "deserve deserved",
    ),
    rule(
        "says someone deserves to die",
        r"\b(?:he|she|they|him|her|them)\W+(?:all\W+)?(?:deserve|deserves|deserved)\W+to\W+"
        r"(?:die|be\W+(?:shot|hanged|hung|killed|raped|executed|murdered|stabbed|tortured|"
        r"burned|burnt|lynched))\b",
        0.75,
        "threat",
        "deserve deserves deserved",
    ),
    rule(
        "wishes someone dead",
        r"\b(?:i|we)\W+(?:really\W+|truly\W+|just\W+)?hope\W+(?:you|u|he|she|they|"
        r"he\W*['’]?s|she\W*['’]?s|they\W*['’]?re|your\W+\w+)\W+(?:\w+\W+)?(?:die|dies|"
        r"dying|get\W+(?:cancer|raped|killed|shot|stabbed|murdered|hit\W+by|run\W+over)|"
        r"gets\W+(?:cancer|raped|killed|shot|stabbed|murdered|hit\W+by|run\W+over))\b",
        0.9,
        "threat",
        "hope",
    ),
    rule(
        "wishes someone in hell",
        r"\b(?:i|we)\W+hope\W+(?:you|u|he|she|they|he\W*['’]?s|she\W*['’]?s|they\W*['’]?re)"
        r"\W+(?:\w+\W+)?(?:burns?|rots?)\W+in\W+hell\b",
        0.5,
        "threat",
        "hope",
    ),
    rule(
        "incites self-harm",
        r"\b(?:kill\W+(?:yo)?urself|kill\W+ur\W*self|kill\W+yourselves|kys|go\W+(?:and\W+)?die|"
        r"neck\W+yourself|hang\W+yourself|drink\W+bleach|slit\W+your\W+wrists|off\W+yourself|"
        r"end\W+yourself|unalive\W+yourself|jump\W+off\W+a\W+(?:bridge|cliff|building|roof)|"
        r"do\W+(?:us|the\W+world)\W+a\W+favou?r\W+and\W+(?:die|kill)|"
        r"(?:nobody|no\W+one)\W+would\W+miss\W+you)\b",
        0.95,
        "threat",
        "yourself urself self yourselves kys die bleach wrists bridge cliff building roof "
        "favour favor miss",
    ),
    rule(
        "calls for someone to be killed",
        r"\b(?:should|must|ought\W+to|needs?\W+to|deserves?\W+to)\W+(?:all\W+)?be\W+"
        r"(?:hanged|hung|shot|lynched|strung\W+up|burned\W+alive|burnt\W+alive|gassed|beheaded|"
        r"put\W+down|put\W+against\W+a\W+wall|killed|murdered|tortured|castrated|stoned|"
        r"shot\W+on\W+sight|taken\W+out\W+and\W+shot|"
        # "should be locked up and raped", "dragged into the street and beaten"
        r"(?:dragged|taken|locked|tied|rounded|thrown|marched|stripped)\W+(?:\w+\W+){0,4}?and\W+"
        r"(?:then\W+)?(?:raped|shot|hanged|hung|killed|murdered|beaten|tortured|lynched|burned|"
        r"burnt|stabbed|executed|gassed|beheaded))\b",
        0.8,
        "threat",
        "hanged hung shot lynched strung burned burnt gassed beheaded put killed murdered "
        "tortured castrated stoned taken raped beaten stabbed executed",
    ),
    rule(
        # An order, at the start of a sentence: "Hang the president.", "Shoot that judge";
        # not "Kill the bill!" nor "shoot the messenger".
        "calls for someone to be killed",
        rf"(?:^|[.!?]\s+)(?:hang|shoot|lynch|behead|string\W+up|kill|stab)\W+(?:the|that|this|"
        rf"every|all\W+the)\W+(?:\w+\W+)?{_ROLES}s?\b",
        0.8,
        "threat",
        "hang shoot lynch behead string kill stab",
        also=_ROLES_OR_PLURALS,
    ),
    rule(
        "calls for an execution",
        r"\b(?:should|must|ought\W+to|needs?\W+to|deserves?\W+to)\W+(?:all\W+)?be\W+executed\b",
        0.6,
        "threat",
        "executed",
    ),
    rule(
        "calls on others to kill",
        r"\b(?:someone|somebody|anyone|anybody|you\W+lot|people)\W+(?:should|needs\W+to|"
        r"ought\W+to|has\W+to|have\W+to|must|need\W+to)\W+(?:just\W+)?(?:shoot|kill|stab|"
        r"murder|assassinate|take\W+out|hang|lynch|string\W+up|torch|firebomb|behead|"
        r"put\W+a\W+bullet\W+in|put\W+a\W+knife\W+in|run\W+over|beat\W+up|kneecap|"
        r"do\W+in|deal\W+with)\W+(?:him|her|them|all\W+of\W+them|(?:this|that|the)\W+"
        rf"(?:\w+\W+)?{_ROLES})\b",
        0.95,
        "threat",
        "shoot kill stab murder assassinate take hang lynch string torch firebomb behead put run "
        "beat kneecap do deal",
        also="someone somebody anyone anybody lot people",
    ),
    rule(
        "calls to kill them all",
        r"\b(?:hang|shoot|lynch|string\W+up|kill|gas)\W+(?:them|the\W+lot\W+of\W+them)\W+all\b",
        0.85,
        "threat",
        "hang shoot lynch string kill gas",
        also="all",
    ),
    rule(
        # "Put the Mexicans in camps and gas them", "gas the jews", "into the ovens with
        # them": not "gas them up" (fill their tanks, praise them) nor "gas the trucks".
        "calls to kill them all",
        r"\bgas\W+(?:them|(?:all\W+)?(?:the|those|these)\W+(?!(?:\w+\W+)?(?:cars|trucks|vans|"
        r"tanks|boats|bikes|mowers|engines|vehicles|buses)\b)(?:\w+\W+)?\w+s)\b(?!\W+up\b)|"
        r"\b(?:put|send|throw|ship|shove|herd|round\W+up|lock\W+up)\W+(?:\w+\W+){0,4}?"
        r"(?:in|into|to)\W+(?:the\W+)?(?:gas\W+chambers?|ovens|concentration\W+camps?|death\W+"
        r"camps?|extermination\W+camps?)\b",
        0.85,
        "threat",
        "gas put send throw ship shove herd round lock",
        also="them the those these chambers chamber ovens camps camp",
    ),
    rule(
        "calls for an attack on a place",
        r"\b(?:let\W*['’]?s|lets|time\W+to|go\W+and|we\W+should|we\W+must|we\W+need\W+"
        r"to|someone\W+should)\W+(?:burn|bomb|torch|firebomb|attack|shoot\W+up|blow\W+up|"
        r"storm|raid)\W+(?:the|their|this|that|every|a|his|her)\W+(?:\w+\W+)?(?:mosque|"
        r"mosques|church|churches|synagogue|synagogues|temple|school|office|offices|house|"
        r"houses|home|homes|newsroom|building|camp|camps|hotel|hotels|shop|shops)\b",
        0.95,
        "threat",
        "burn bomb torch firebomb attack shoot blow storm raid",
        also="let lets time go we someone",
    ),
    rule(
        "threat to break bones",
        rf"{_WILL}(?:\w+\W+){{0,2}}?(?:break|snap|smash|cut\W+off|chop\W+off|rip\W+off|"
        r"rearrange|kneecap)\W+(?:\w+\W+){0,3}?(?:your|his|her|their|ur)\W+(?:\w+\W+)?"
        r"(?:bones?|legs?|arms?|neck|jaw|nose|fingers|hands|skull|teeth|face|knees|kneecaps|"
        r"head|ribs)\b|\bevery\W+bone\W+in\W+(?:your|his|her|their)\b",
        0.9,
        "threat",
        "break snap smash cut chop rip rearrange kneecap bone",
        also="your his her their ur bone",
    ),
    rule(
        "wishes someone harm",
        r"\b(?:i|we)\W+(?:really\W+|truly\W+|just\W+)?hope\W+(?:\w+\W+){0,8}?"
        r"(?:you|u|he|she|they)\W+(?:\w+\W+)?(?:die|dies|drown|drowns|choke|chokes|"
        r"burn\W+to\W+death|get\W+(?:cancer|raped|killed|shot|stabbed|murdered|run\W+over)|"
        r"gets\W+(?:cancer|raped|killed|shot|stabbed|murdered|run\W+over))\b",
        0.85,
        "threat",
        "hope",
        also="die dies drown drowns choke chokes burn cancer raped killed shot stabbed murdered "
        "run",
    ),
    rule(
        "says someone should hang",
        r"\b(?:he|she|they|him|her|them|traitors?|scum|(?:people|men|women)\W+like\W+"
        r"(?:him|her|them|that|you)|the\W+lot\W+of\W+them|you)\W+(?:\w+\W+){0,3}?should\W+"
        r"(?:all\W+)?(?:hang|swing|burn|die|be\W+strung\W+up)\b",
        0.8,
        "threat",
        "hang swing burn die strung",
        also="should",
    ),
    rule(
        "veiled threat",
        r"\b(?:see\W+what\W+happens\W+to\W+(?:your|you|his|her)\b|"
        r"(?:you\W*['’]?ll|you\W+will)\W+see\W+what\W+happens|"
        r"won\W*['’]?t\W+just\W+be\W+(?:a\W+)?(?:comment|words|talk)|next\W+time\W+it\W+won|"
        r"would\W+be\W+a\W+shame\W+if\W+(?:something|anything)\W+happened|accidents\W+happen|"
        r"nice\W+(?:car|house|family|kids|place)\W+you\W*['’]?(?:ve|have)\W+got|"
        r"be\W+careful\W+(?:walking|going|driving)\W+home|"
        r"(?:i|we)\W*(?:['’]?ll|will)\W+be\W+(?:there\W+)?waiting(?:\W+for\W+(?:you|him|her|"
        r"them))?(?=\s*(?:[.!]|$|outside|after|in\W+the\W+car\W+park))|"
        r"waiting\W+(?:for\W+you\W+)?outside\W+your|"
        r"let\W*['’]?s\W+see\W+how\W+(?:brave|tough|hard|big)\W+you\W+are|"
        r"(?:teach|teaching|taught)\W+(?:him|her|them|you|that\W+\w+|the\W+\w+)\W+a\W+lesson|"
        r"needs\W+teaching\W+a\W+lesson|"
        r"(?:give|leave)\W+me\W+(?:\w+\W+){0,2}?(?:minutes?|mins?|seconds?|an\W+hour)\W+"
        r"alone\W+with|"
        r"(?:in|round\W+the\W+back\W+of)\W+the\W+car\W+park\W+after|"
        r"next\W+time\W+(?:he|she|you|they)\W+(?:writes?|posts?|prints?|publish\w*|comments?)|"
        r"(?:torch|burn|firebomb|petrol\W+bomb|smash\W+up|trash)\W+(?:the\W+)?\w+\W*['’]s\W+"
        r"(?:car|house|home|office|shop|van))\b",
        0.75,
        "threat",
        "happens won shame accidents got careful waiting brave tough hard big lesson alone park "
        "writes write posts post prints print publish* comments comment torch burn "
        "firebomb petrol smash trash",
    ),
    rule(
        "calls to kill a group",
        rf"\b(?:kill|shoot|hang|gas|exterminate|slaughter|burn|wipe\W+out|"
        rf"eradicate|behead|bomb)\W+(?:all|every\W+one\W+of|every\W+last\W+one\W+of)\W+"
        rf"(?:the\W+|these\W+|those\W+|them\W+)?{GROUP}\b|\bdeath\W+to\W+(?:all\W+)?"
        rf"(?:the\W+)?{GROUP}\b",
        0.95,
        "threat",
        "kill shoot hang gas exterminate slaughter burn wipe eradicate behead bomb death",
    ),
    rule(
        "chant of death",
        r"\bdeath\W+to\W+(?:all\W+)?(?:the\W+)?(?:traitors|infidels|kafirs|kuffar|unbelievers|"
        r"apostates|zionists|america|americans|israel|israelis|britain|the\W+west|police|cops|"
        r"pigs|tories|labour|journalists|the\W+press|the\W+media|\w+\W+journalists)\b",
        0.7,
        "threat",
        "death",
    ),
)


RULES: tuple[Rule, ...] = RULES_EN + RULES_TR

#: A threat inside quotation marks is usually reported ("the villain says 'I will find
#: you'"), so it asks for review instead of rejecting.
QUOTED_SCORE = 0.6
_QUOTED = re.compile(
    r"\"[^\"\n]{3,300}\"|“[^”\n]{3,300}”|‘[^’\n]{3,300}’|«[^»\n]{3,300}»|"
    r"(?<![\w'])'[^'\n]{3,300}'(?![\w'])"
)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTED.finditer(text)] if any(q in text for q in "\"“‘«'") else []


def check(inp: ScreeningInput, ctx: ScreeningContext) -> list[Finding]:
    """Threats, wishes of death or harm, and incitement, in English and Turkish."""
    found = run_rules(RULES, inp.normalized, "threats")
    if not found:
        return found
    quotes = _quoted_spans(inp.text)
    out = []
    for f in found:
        if any(qs <= f.start and f.end <= qe for qs, qe in quotes):
            params = {**f.params, "reason": f.code}
            score = min(f.score, QUOTED_SCORE)
            f = Finding.coded(f.check, f.category, score, "threat.quoted", params, f.start, f.end)
        out.append(f)
    return out
