"""Threats to the press, calls for violence and dehumanising talk about people, both languages.

The publisher's clearest legal risk is a published threat or a dehumanising
statement about a group, so these shapes are caught by pattern beside the
model: "someone should shut her up for good", "we will burn your office down",
"gazeteciyi gebertmek lazım", "these people breed like cockroaches", "you people
are vermin", "bu insanlar haşere". The other checks read threats to a person
(``threats.py``) and statements about named groups (``hate.py``); these rules add
the press and its offices as targets, vague groups ("these people", "bu
insanlar") and insults whose swear word is masked ("f***").

Patterns read the folded text (``öldürmek`` is ``oldurmek``). Every rule lists the
words one of which each match contains (tested against generated matches).
"""

# ruff: noqa: RUF002 - Turkish letters are the subject here

from __future__ import annotations

from typing import TYPE_CHECKING

from broadsheet.screening.rules import Rule, rule, run_rules
from broadsheet.screening.threats import _WILL
from broadsheet.screening.types import Finding, ScreeningInput

if TYPE_CHECKING:
    from broadsheet.screening.context import ScreeningContext

_PLACE = (
    r"(?:office|offices|house|home|newsroom|building|car|shop|paper|studio|studios|"
    r"printing\W+press|headquarters|hq)"
)
_VERMIN = (
    r"(?:vermin|cockroaches|roaches|rats|animals|parasites|subhumans?|savages|filth|scum|"
    r"a\W+plague|a\W+disease|a\W+cancer|an\W+infestation|insects|maggots|lice|pigs|apes)"
)
_VAGUE_GROUP = r"(?:these|those|you|such|all\W+these|all\W+those)\W+(?:people|lot|types|kind)"

RULES: tuple[Rule, ...] = (
    rule(
        "threat to attack a place",
        rf"{_WILL}(?:\w+\W+){{0,2}}?(?:burn|torch|firebomb|bomb|blow\W+up|smash\W+up|trash|"
        rf"wreck|petrol\W+bomb|attack|storm)\W+(?:down\W+)?(?:your|his|her|their|the|this|that)"
        rf"\W+(?:\w+\W+)?{_PLACE}\b",
        0.9,
        "threat",
        "burn torch firebomb bomb blow smash trash wreck petrol attack storm",
        also="office offices house home newsroom building car shop paper studio studios press "
        "headquarters hq",
    ),
    rule(
        "calls to silence someone for good",
        r"\b(?:someone|somebody|anyone|anybody|people|we|they)\W+(?:should|needs?\W+to|ought\W+to|"
        r"has\W+to|have\W+to|must|will|gonna|is\W+going\W+to|are\W+going\W+to)\W+(?:\w+\W+)?"
        r"(?:shut\W+(?:him|her|them|you|this\W+\w+|that\W+\w+)\W+up|silence\W+(?:him|her|them|"
        r"you)|shut\W+(?:him|her|them|you)\W+down)\W+(?:for\W+good|permanently|forever|"
        r"once\W+and\W+for\W+all)\b",
        0.9,
        "threat",
        "shut silence",
        also="good permanently forever all",
    ),
    rule(
        "people called vermin",
        rf"\b{_VAGUE_GROUP}\W+(?:\w+\W+)?(?:are|re|r|is)\W+(?:all\W+|just\W+|nothing\W+but\W+|"
        rf"like\W+)?{_VERMIN}\b|\b{_VAGUE_GROUP}\W+(?:breed|multiply|spread)\w*\W+like\W+"
        r"(?:rats|cockroaches|rabbits|roaches|vermin|animals|flies|insects|a\W+disease)\b|"
        r"\b(?:breed|breeding|multiply)\w*\W+like\W+(?:rats|cockroaches|roaches|vermin|insects)\b",
        0.85,
        "hate",
        "people lot types kind breed* multipl*",
        also="vermin cockroaches roaches rats animals parasites subhuman subhumans savages filth "
        "scum plague disease cancer infestation insects maggots lice pigs apes rabbits flies",
    ),
    rule(
        "masked obscenity aimed at someone",
        r"(?:^|\W)(?:go\W+)?f[\W_]*[*#@$%!x.]{2,}\w*(?:\W+(?:yourself|yourselves|urself|you|off|"
        r"u))\b",
        0.9,
        "vulgar",
        "yourself yourselves urself you off u",
    ),
    # Turkish, folded.
    rule(
        "calls for someone to be killed (tr)",
        r"\b(?:gebertmek|oldurmek|asmak|vurmak|bogazlamak|kesmek|linc\W+etmek|kursuna\W+dizmek|"
        r"yakmak|susturmak|kafasini\W+kesmek|kafasina\W+sikmak)\W+(?:\w+\W+)?(?:lazim|gerek|"
        r"gerekir|sart|lazimdir|gerekiyor)\b",
        0.9,
        "threat",
        "gebertmek oldurmek asmak vurmak bogazlamak kesmek linc dizmek yakmak susturmak "
        "kafasini kafasina",
        also="lazim gerek gerekir sart lazimdir gerekiyor",
    ),
    rule(
        "threat to attack a place (tr)",
        r"\b(?:gazeteni\w*|ofisini\w*|ofisinizi|binanizi|binasini|evini\w*|yazihaneni\w*|"
        r"matbaani\w*|redaksiyonu\w*)\W+(?:\w+\W+){0,2}?(?:yakariz|yakacagiz|yakarim|"
        r"yakacagim|basariz|basacagiz|basarim|basacagim|bombalariz|bombalayacagiz|"
        r"yikariz|yikacagiz|dagitiriz|dagitacagiz)\b",
        0.9,
        "threat",
        "gazeteni* ofisini* ofisinizi binanizi binasini evini* yazihaneni* matbaani* redaksiyonu*",
    ),
    rule(
        "people called vermin (tr)",
        r"\b(?:bu|su|o|sizin\W+gibi|bunlarin\W+gibi)\W+(?:insanlar|adamlar|tipler|millet|"
        r"herifler|gibiler|tayfa|sürü|suru)\w*\W+(?:\w+\W+){0,2}?(?:hasere\w*|parazit\w*|"
        r"asalak\w*|mikrop\w*|hamamboceg\w*|fare\W+gibi|bit\W+gibi|hayvan\W+gibi|"
        r"ureyorlar|ciftlesiyorlar)\b",
        0.85,
        "hate",
        "bu su o sizin bunlarin",
        also="hasere* parazit* asalak* mikrop* hamamboceg* fare bit hayvan ureyorlar "
        "ciftlesiyorlar",
    ),
)


def check(inp: ScreeningInput, ctx: ScreeningContext) -> list[Finding]:
    """Threats to the press and its places, calls to silence, dehumanising talk, f***."""
    return run_rules(RULES, inp.normalized, "targeted")
