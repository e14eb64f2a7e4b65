"""Possible defamation: a named person flatly accused of a crime or misconduct.

"Councillor Smith is a paedophile", "Kevin Doyle who coaches the under-12s is
a drug dealer", "he bribed the committee", "Fırıncı Mehmet Yılmaz çocuk
tacizcisi", "Belediye başkanı iki milyon lira çaldı". Publishing an unproven
accusation against an identifiable person can make the site liable, so such
comments go to a moderator.

Reporting is not accusing: a sentence that cites the legal process or
hedges ("charged with", "was convicted", "allegedly", "iddia", "mahkeme")
is left alone, and so are opinions ("liar", "useless", "corrupt"), since
only factual allegations of crimes are risky. These findings never reject
on their own: only a person can judge whether an accusation is true.
"""

# ruff: noqa: RUF001, RUF002, RUF003 - Turkish and look-alike letters are the subject here

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from broadsheet.screening.rules import Stems, words
from broadsheet.screening.types import Finding, ScreeningInput

if TYPE_CHECKING:
    from broadsheet.screening.context import ScreeningContext

SCORE = 0.6
KNOWN_SCORE = 0.7  # "everyone knows he is a ...", "fact", "kesin bilgi"
#: The costly patterns read at most this many sentences with a crime word (a comment of
#: ordinary length has a handful): the bound that keeps a 30,000-character flood of
#: "Only steal." sentences in linear time with a small constant.
MAX_SENTENCES = 200

_NOT_NAMES = (
    "The|This|That|These|Those|It|They|We|You|I|Our|Their|His|Her|My|Your|Everyone|Everybody|"
    "Nobody|Somebody|Someone|Who|Which|What|Why|How|If|And|But|So|Also|Now|Then|Still|Yes|No|"
    "Typical|Honestly|Frankly|Apparently|Surely|Clearly|Sadly|Well|Oh|Hey|Listen|Look"
)
_TITLE = (
    r"(?:Dr|Mr|Mrs|Ms|Miss|Mx|Cllr|Councillor|Father|Rev|Reverend|Sir|Dame|Lord|Lady|Prof|"
    r"Professor|Coach|Officer|PC|DC|Sgt|Inspector|Judge|Mayor)\.?"
)
_CAP = r"[A-ZÇĞİÖŞÜ][\w'’.-]*"
_NAME = (
    rf"(?:(?:{_TITLE}\s+)?(?!(?:{_NOT_NAMES})\b){_CAP}(?:\s+{_CAP}){{0,2}}"
    r"(?:['’]s\s+(?:husband|wife|son|daughter|brother|sister|partner|boss|dad|mum))?)"
)
_ROLE = (
    r"(?i:the\s+(?:man|woman|guy|bloke|fella|lad|mp|minister|mayor|councillor|editor|"
    r"journalist|author|writer|reporter|judge|ceo|chairman|chief\s+executive|headteacher|"
    r"headmaster|head|teacher|coach|manager|owner|landlord|landlady|boss|director|vicar|priest|"
    r"imam|doctor|gp|officer|chief\s+constable|president|prime\s+minister|pm|instructor|"
    r"driver|builder|shopkeeper|dentist|vet|nurse|carer|caretaker|trainer|referee))"
)
_SUBJECT = rf"(?:{_NAME}|{_ROLE}|(?i:he|she))"
# "who coaches the under-12s", ", the landlord of the Anchor,", "at the Eastgate surgery"
_APPOSITION = r"(?:,?\s+(?:who|that|the|at|from|of|on|in)\b[^.!?;,]{0,60}?,?)?"
_CRIME_NOUN = (
    r"(?i:pa?edo(?:phile)?|nonce|child\s+(?:abuser|molester|rapist)|rapist|murderer|killer|"
    r"thief|crook|fraudster|criminal|drug\s+dealer|dealer|crackhead|junkie|wife\s+beater|"
    r"sex\s+offender|money\s+launderer|embezzler|swindler|con\s*man|bribe\s+taker|"
    r"kiddie\s+fiddler|groomer|molester|abuser|drunk|alcoholic|forger|tax\s+dodger)"
)
_CRIME_VERB = (
    r"(?i:raped|molested|abused|groomed|stole(?!\s+(?:the\s+show|my\s+heart|the\s+headlines|"
    r"a\s+march|a\s+glance|the\s+limelight))|steals|embezzled|embezzles|laundered|launders|"
    r"bribed|bribes|takes\s+bribes|took\s+bribes|is\s+on\s+the\s+take|fiddled|fiddles|"
    r"(?:has\s+been\s+|is\s+|was\s+)?fiddling\s+(?:benefits|expenses|the\s+books|the\s+accounts)|"
    r"cooked\s+the\s+books|beats\s+(?:his\s+wife|her|his\s+kids|his\s+children)|"
    r"beat\s+his\s+wife|is\s+on\s+drugs|snorts\s+cocaine|takes\s+cocaine|deals\s+drugs|"
    r"sells\s+drugs|gets\s+drunk|drinks\s+(?:on\s+the\s+job|before|at\s+work)|"
    r"is\s+always\s+drunk|covered\s+(?:it|this|that|the\s+\w+)\s+up|forged|forges|"
    r"faked\s+(?:the|his|her)|cheats\s+(?:customers|the\s+taxman|pensioners|old\s+people)|"
    r"is\s+here\s+illegally|is\s+an?\s+illegal|has\s+been\s+abusing|abuses\s+(?:his|her|the))"
)
_PREDICATE = (
    r"(?:\s+(?i:is|was|['’]s)\s+(?i:a\s+|an\s+|just\s+a\s+|nothing\s+but\s+a\s+|a\s+known\s+|"
    r"a\s+total\s+|a\s+bloody\s+|a\s+dirty\s+|a\s+filthy\s+|a\s+common\s+)?"
    rf"(?:{_CRIME_NOUN}|(?i:guilty))\b|\s+(?:(?i:only|also|still|even|just|always)\s+){{0,3}}+"
    rf"(?:\w+\s+){{0,1}}?{_CRIME_VERB}\b)"
)
# The lookahead lets the engine skip, cheaply, every position no subject can start at.
_EN = re.compile(rf"\b(?=[A-ZÇĞİÖŞÜtTsShH]){_SUBJECT}{_APPOSITION}{_PREDICATE}")
# Every match ends with one of these, at the start of a word (the patterns put a space or
# an article before it); a match starts at most _REACH characters before it. The letters
# are the first of every alternative: other words fail at once instead of being tried
# against every alternative, which made a scan of 30,000 characters cost 30 ms.
_CRIME_FIRST = "abcdefghijklmnprstwABCDEFGHIJKLMNPRSTW"
_CRIME_WORD = re.compile(rf"\b(?=[{_CRIME_FIRST}])(?:{_CRIME_VERB}|{_CRIME_NOUN}|(?i:guilty))\b")
_REACH = 240


def _search_en(part: str) -> re.Match[str] | None:
    """``_EN.search(part)``, run only on the stretches that end near a crime word.

    Windows of _REACH characters before each crime word are merged where they overlap and
    each merged stretch is searched once, so the text is scanned at most once (linear),
    and a long sentence without a crime word costs one cheap scan.
    """
    lo = hi = -1
    for c in _CRIME_WORD.finditer(part):
        start = max(0, c.start() - _REACH)
        if lo >= 0 and start > hi:
            m = _EN.search(part, lo, hi)
            if m is not None:
                return m
            lo = -1
        if lo < 0:
            lo = start
        hi = c.end()
    return _EN.search(part, lo, hi) if lo >= 0 else None


# Turkish, on the folded text of a sentence that names someone or a role.
_TR_ROLE = re.compile(
    r"\b(?:belediye\W+baskani|baskan|muhtar|vali|kaymakam|mudur|ogretmen|doktor|imam|eczaci|"
    r"firinci|hakim|savci|esnaf|bakkal|kasap|hoca|antrenor|patron|ev\W+sahibi|"
    r"milletvekili|bakan|sirket\W+sahibi)\w*\b"
)
# The person nouns count as a predicate: bare, with a copula or person ending ("hırsızdır",
# "sapıksın", "hırsızmış", "hırsızlar") or "hırsızın teki"; not with a case ending ("hırsızın
# suçu", "tecavüzcüden kaçan", "hırsızlara"), which names somebody else, and not as the act
# ("hırsızlık yoktu", "sapıklık yapmayın") unless somebody does or did it ("hırsızlık yaptı",
# "kaçakçılığı yaptığınızı").
_TR_IS = (
    r"(?:[dt][iu]r|y?[dt][iu]|y?m[iu]s|s[iu]n(?:[iu]z)?|l[ae]r(?:[dt][iu]r|[dt][iu]|m[iu]s)?|"
    r"n?[iu]n\W+(?:teki|biri))?\b"
)
_TR_PREDICATE = re.compile(
    r"\b(?:hirsiz|pedofil|tecavuzcu|dolandirici|rusvetci|torbaci|tacizci|"
    r"cocuk\W+istismarcisi|cocuk\W+tacizcisi|sapik|yolsuzcu|karaborsaci|kacakci|zimmetci|"
    rf"uyusturucu\W+saticisi){_TR_IS}|\b(?:hirsiz|dolandirici|sapik|kacakci|torbaci|yolsuz)"
    r"l[iu](?:k|g[iu])\W+yap(?:t|iyor|mis|ar|acak)\w*|\bsapigin\W+(?:teki|biri)\b|"
    r"\brusvet\W+(?:aldi|aliyor|veriyor|verdi|yiyor|yedi)\b|"
    r"\bzimmetine\W+gecirdi\b|\b(?:tecavuz|taciz|"
    r"istismar)\W+(?:etti|ediyor)\b|\bdolandirdi\b|\bkaraborsa\w*\W+(?:\w+\W+)?satiyor\b|"
    r"\buyusturucu\W+(?:satiyor|kullaniyor)\b|\bkarisini\W+doviyor\b|\bsahte\W+\w+\W+"
    r"(?:duzenliyor|yapiyor|satiyor)\b"
)
# "Çalmak" is also to play, to ring and to knock ("radyo çalıyor", "kapıyı çaldı", "kalbimi
# çaldı"): it steals only in a sentence without music, doors, bells or hearts.
_TR_STEAL = re.compile(r"\bcaldi\b|\bcaliyor\b")
_TR_PLAYED = re.compile(
    r"\b(?:radyo|sarki|muzik|turku|kapi|zil|telefon|piyano|gitar|baglama|saz|davul|keman|"
    r"mars|calgi|korna|melodi|klarnet|zurna|orkestra|alarm|kalb|gonl|yurek)\w*"
)
_TR_NAME = re.compile(
    r"(?<=\s)[A-ZÇĞİÖŞÜ][a-zçğıöşü]+(?:\s+[A-ZÇĞİÖŞÜ][a-zçğıöşü]+)*|^[A-ZÇĞİÖŞÜ][a-zçğıöşü]+\s+[A-ZÇĞİÖŞÜ][a-zçğıöşü]+"
)

_KNOWN = re.compile(
    r"(?i)\b(?:everyone|everybody|we\s+all)\s+knows?\b|\bfact\b|\bherkes\s+biliyor\b|"
    r"\bbilmeyen\s+yok\b|\bbütün\s+mahalle\s+biliyor\b|\bkesin\s+bilgi\b"
)
# Reporting and legal process: the sentence relays, it does not accuse.
_HEDGED = re.compile(
    r"(?i)\b(?:alleged\w*|accused\s+of|accusations?|charged\s+with|was\s+charged|"
    r"convicted|conviction|sentenced|jailed|found\s+guilty|pleaded|on\s+trial|awaiting\s+trial|"
    r"stand\s+trial|stood\s+trial|the\s+court\s+heard|court\s+heard|jury|investigat\w*|"
    r"arrested|reportedly|according\s+to|police\s+said|claims?\s+that|rumou?red|"
    r"iddia\w*|mahkeme\w*|suçlan\w*|tutuklan\w*|yargılan\w*|soruşturma\w*|dava\w*|"
    r"hüküm\w*|mahkum\w*|gözaltı\w*|araştır\w*|yakalan\w*|şüpheli\w*|zanlı\w*|sanık\w*)"
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_WORD = re.compile(r"[^\W_]+")
# Enough folding for the keyword test on one sentence (the full normalisation is for
# the whole comment and is already done).
_TR_FOLD = str.maketrans("şçğöüıâîû", "scgouiaiu")
# Cheap pre-filter on the folded words: most comments accuse nobody of anything.
_STEMS_EN = words(
    "paedo pedo nonce rapist murderer killer thief thieves crook fraud criminal dealer "
    "crackhead junkie beater offender launder embezzl swindl conman bribe fiddl groom "
    "molest abus raped stole steal cooked drugs cocaine drunk alcoholic guilty illegal "
    "covered forge faked cheats dodger"
)
_STEMS_TR = words(
    "hirsiz pedofil tecavuz dolandir rusvet uyusturucu istismar sapik sapig yolsuz karaborsa "
    "caldi caliyor taciz doviyor zimmet torbaci kacakci sahte"
)
_KEYWORD_STEMS = Stems(_STEMS_EN + _STEMS_TR)
_KEYWORDS_EN = Stems(_STEMS_EN)
_KEYWORDS_TR = Stems(_STEMS_TR)


def _finding(text: str, start: int, end: int) -> Finding:
    score = KNOWN_SCORE if _KNOWN.search(text) else SCORE
    typed = " ".join(text[start:end].split())
    if len(typed) > 120:
        typed = typed[:117] + "..."
    params = {"typed": typed}
    return Finding.coded(
        "accusations", "defamation", score, "defamation.accusation", params, start, end
    )


def check(inp: ScreeningInput, ctx: ScreeningContext) -> list[Finding]:
    """A flat accusation of a crime or misconduct against a named person or role."""
    text = inp.text
    norm = inp.normalized
    # ("con man" is two words, and "con" alone would start half the dictionary.)
    if not _KEYWORD_STEMS.any_in_text(norm) and "con" not in norm.words:
        return []
    read: set[str] = set()  # sentences already read (and found innocent), by their text
    costly = 0
    for sentence in _SENTENCE.finditer(text):
        part = sentence.group()
        if part in read:
            continue
        read.add(part)
        low = part.lower().translate(_TR_FOLD)
        found = _WORD.findall(low)
        # The costly patterns run only on sentences with a crime word of their language,
        # and the hedge test only once an accusation has been read.
        en = _KEYWORDS_EN.any_in(found) or "con" in found
        tr = _KEYWORDS_TR.any_in(found)
        if not en and not tr:
            continue
        costly += 1
        if costly > MAX_SENTENCES:
            break
        m = _search_en(part) if en else None
        if m is not None:
            if not _HEDGED.search(part):
                return [_finding(text, sentence.start() + m.start(), sentence.start() + m.end())]
            continue
        if (
            tr
            and (
                _TR_PREDICATE.search(low) or (_TR_STEAL.search(low) and not _TR_PLAYED.search(low))
            )
            and (_TR_ROLE.search(low) or _TR_NAME.search(part))
            and not _HEDGED.search(part)
        ):
            return [_finding(text, sentence.start(), sentence.end())]
    return []
