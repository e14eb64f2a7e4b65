"""Personal data in the text: contact details, home addresses, identity and bank numbers.

Publishing someone's phone number or address can put them in danger, and the
commenter's own details do not belong in a public comment either. This check
reads the ORIGINAL text (numbers are not words; normalisation would read
"0" as "o"). It never looks at the commenter's ``email`` field, which is
supplied to us and not published.

Numbers are checked, not just shaped: card numbers must pass Luhn, IBANs
mod-97, Turkish identity numbers their two check digits; phone numbers need
a phone's length and prefix, so years, prices and statistics stay clear.
Details name the kind of data and hide most of the digits.
"""

# ruff: noqa: RUF001 - Turkish and look-alike letters are the subject here

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from typing import TYPE_CHECKING, NamedTuple

from broadsheet.screening.normalize import Normalized, strip_format
from broadsheet.screening.rules import words
from broadsheet.screening.types import MAX_FINDINGS_PER_CHECK, Finding, ScreeningInput

if TYPE_CHECKING:
    from broadsheet.screening.context import ScreeningContext

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
# Written to dodge filters: "j.barker @ example . com", "jo (at) example (dot) org".
_AT = r"(?:\s*@\s*|\s*[(\[{]\s*at\s*[)\]}]\s*|\s+at\s+)"
_DOT = r"(?:\s*\.\s*|\s*[(\[{]\s*dot\s*[)\]}]\s*|\s+dot\s+)"
_EMAIL_SPACED = re.compile(
    rf"(?i)(?<![\w.+-])[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}"
    r"(?:com|net|org|co\s*\.\s*uk|uk|tr|de|fr|nl|io|info|biz|edu|gov|me)\b"
)
# A run of 9+ digits with phone-like separators, optionally after + or 00.
_DIGIT_RUN = re.compile(
    r"(?<![\w+/.,-])(?:\+|00)?[ (]{0,2}\d(?:[ ().-]{0,3}\d){8,18}(?![\w/-]|[.,]\d)"
)
# Phone numbers spelled out to dodge filters, in the folded text.
_SPOKEN_EN = r"(?:zero|oh|nought|one|two|three|four|five|six|seven|eight|nine|double|triple)"
_SPOKEN_TR = (
    r"(?:sifir|bir|iki|uc|dort|bes|alti|yedi|sekiz|dokuz|on|yirmi|otuz|kirk|elli|altmis|"
    r"yetmis|seksen|doksan|yuz)"
)
_SPOKEN_WORDS = frozenset({"zero", "oh", "nought", "sifir"})
_SPOKEN_PHONE = re.compile(
    rf"\b(?:zero|oh|nought)(?:[\s,.-]+{_SPOKEN_EN}){{7,}}\b|\bsifir(?:[\s,.-]+{_SPOKEN_TR}){{5,}}\b"
)
# Identity and account numbers named as such: "her national insurance number is QQ 12 34 56 C".
_ID_CONTEXT = re.compile(
    r"(?i)\b(?:national\s+insurance|ni\s+(?:number|no)|nino|social\s+security|ssn|"
    r"passport\s+(?:number|no)|driving\s+licen[cs]e\s+(?:number|no)|sort\s+code|"
    r"account\s+(?:number|no)|(?:card|pin)\s+(?:number|no)|kimlik\s*(?:no|numaras)|"
    r"t\.?\s?c\.?\s+(?:kimlik|no)|tckn|vergi\s+(?:no|numaras)|hesap\s+(?:no|numaras)|"
    r"pasaport\s+(?:no|numaras)|kart\s+(?:no|numaras)|kredi\s+kart|credit\s+card|"
    r"debit\s+card|bank\s+card)\w*"
)
_ID_VALUE = re.compile(r"(?:\b[A-Z]{2}\s?)?\d(?:[\s.-]?\d){5,}(?:\s?[A-Za-z]\b)?")
_ID_WORDS = frozenset(
    words(
        "insurance ni nino security ssn passport licence license sort account card pin kimlik tc "
        "tckn vergi hesap pasaport kart kartim karti kredi credit debit bank"
    )
)
_LONG_NUMBER_HINT = re.compile(r"\d[\d ().-]{7,}\d")
_NI_HINT = re.compile(r"[A-Z]{2} ?\d\d")
_POSTCODE_HINT = re.compile(r"[A-Z]\d")
_CARD_GROUPS = re.compile(
    r"(?<![\d-])\d{4}(?:[ -]\d{4}){3}(?![\d-])|(?<![\d-])\d{4}[ -]\d{6}[ -]\d{5}(?![\d-])"
)
_US_PHONE = re.compile(r"\(?[2-9]\d{2}\)?[ .-]?\d{3}[ .-]\d{4}")
_SSN = re.compile(r"(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])")
_NI = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"
)
_IBAN = re.compile(r"(?i)\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")
_TCKN = re.compile(r"(?<![\d.,])[1-9]\d{10}(?![\d.,]\d|\d)")
_UK_POSTCODE = re.compile(r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}\b")
# Residential street types only: "Court", "Square" or "Hill" follow numbers in news
# ("5 Supreme Court justices") far more often than in addresses.
_STREET_TYPES = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Crescent|Terrace|Gardens|Grove|"
    "Mews|Boulevard|Blvd"
)
# A house number (not a year) and one to three capitalised words before the type.
_STREET = re.compile(
    rf"\b(?!(?:19|20)\d\d\b)\d{{1,4}}[A-Za-z]?,?\s+(?:[A-Z][\w'’-]*\s+){{1,3}}"
    rf"(?:{_STREET_TYPES})(?![\w'’-])\.?"
)
_US_STATE_ZIP = re.compile(r",?\s+(?:[A-Z][a-z]+\s*){0,3},?\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b")
_UK_TOWN_POSTCODE = re.compile(r"^,?\s+(?:[A-Z][\w'’-]*\s*){0,3},?\s*" + _UK_POSTCODE.pattern)
# Addresses everyone knows; naming them discloses nothing.
_STREET_WORDS = frozenset(_STREET_TYPES.lower().split("|"))
PUBLIC_ADDRESSES = frozenset(
    {"10 downing street", "11 downing street", "1600 pennsylvania avenue", "221b baker street"}
)
_TR_MAHALLE = re.compile(r"(?i)\b[\wçğıöşü]+\s+(?:mahallesi|mah\.|mh\.)")
_TR_STREET = re.compile(
    r"(?i)\b[\wçğıöşü]+\s+(?:sokak|sokağı|sokagi|sok\.|sk\.|caddesi|cad\.|cd\.|bulvarı|"
    r"bulvari|blv\.)"
)
_TR_NUMBER = re.compile(
    r"(?i)\bno\s*[:.]?\s*\d+(?:\s*/\s*\d+)?|\bdaire\s*[:.]?\s*\d+|\bd\s*[:.]\s*\d+"
)

PHONE_SCORE = 0.75
EMAIL_SCORE = 0.6
CARD_SCORE = 0.9
CARD_GROUPED_SCORE = 0.8  # grouped like a card but failing Luhn (a typo, or a real one)
ID_SCORE = 0.85
IBAN_SCORE = 0.8
ADDRESS_SCORE = 0.75
PARTIAL_ADDRESS_SCORE = 0.45


class _Hit(NamedTuple):
    start: int
    end: int
    score: float
    code: str  # a ``personal_data.*`` reason code
    masked: str = ""  # the number with most digits hidden, for the codes that show it
    what: str = ""  # how the text named the number (``personal_data.named_number``)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "").upper()
    if not 15 <= len(s) <= 34 or not s[:2].isalpha() or not s[2:4].isdigit():
        return False
    if (s.startswith("TR") and len(s) != 26) or (s.startswith("GB") and len(s) != 22):
        return False
    rearranged = s[4:] + s[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    return int(number) % 97 == 1


def tckn_ok(digits: str) -> bool:
    """Turkish identity number: 11 digits, no leading 0, two check digits."""
    if len(digits) != 11 or digits[0] == "0" or not digits.isdigit():
        return False
    d = [int(c) for c in digits]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    return d10 == d[9] and sum(d[:10]) % 10 == d[10]


def _card_prefix_ok(digits: str) -> bool:
    return (
        digits[0] == "4"
        or digits[:2] in {"34", "37", "35", "36", "51", "52", "53", "54", "55"}
        or "2221" <= digits[:4] <= "2720"
        or digits.startswith(("6011", "65", "644", "645", "646", "647", "648", "649"))
    )


def _mask(digits: str) -> str:
    return f"…{digits[-4:]}" if len(digits) > 4 else "…"


def _number_hits(text: str, words: frozenset[str] | None) -> list[_Hit]:
    hits: list[_Hit] = []
    if words is None or not _ID_WORDS.isdisjoint(words):
        for m in _ID_CONTEXT.finditer(text):
            value = _ID_VALUE.search(text, m.end(), m.end() + 40)
            if value is not None:
                digits = re.sub(r"\D", "", value.group())
                what = m.group().strip().lower()
                hits.append(
                    _Hit(value.start(), value.end(), ID_SCORE, "named_number", _mask(digits), what)
                )
    # Phones, cards, IBANs and identity numbers all have a run of at least 9 digits.
    if not _LONG_NUMBER_HINT.search(text):
        return hits
    for m in _DIGIT_RUN.finditer(text):
        raw = m.group()
        digits = re.sub(r"\D", "", raw)
        lead = raw.lstrip(" (")
        s, e = m.start() + (len(raw) - len(raw.lstrip(" "))), m.end()
        if 13 <= len(digits) <= 19 and _card_prefix_ok(digits) and luhn_ok(digits):
            hits.append(_Hit(s, e, CARD_SCORE, "card", _mask(digits)))
        elif lead.startswith(("+", "00")):
            n = len(digits) - (2 if lead.startswith("00") else 0)
            if 9 <= n <= 15:
                hits.append(_Hit(s, e, PHONE_SCORE, "phone", _mask(digits)))
        elif (digits[0] == "0" and len(digits) in (10, 11) and digits[1] in "1235789") or (
            len(digits) == 10
            and (_US_PHONE.fullmatch(raw.strip()) or (digits[0] == "5" and re.search(r"\D", raw)))
        ):
            hits.append(_Hit(s, e, PHONE_SCORE, "phone", _mask(digits)))
    for m in _CARD_GROUPS.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        hits.append(_Hit(*m.span(), CARD_GROUPED_SCORE, "card", _mask(digits)))
    for m in _TCKN.finditer(text):
        if tckn_ok(m.group()):
            hits.append(_Hit(*m.span(), ID_SCORE, "tr_identity", _mask(m.group())))
    for m in _SSN.finditer(text):
        hits.append(_Hit(*m.span(), ID_SCORE, "us_ssn", _mask(m.group())))
    for m in _IBAN.finditer(text):
        if iban_ok(m.group()):
            hits.append(_Hit(*m.span(), IBAN_SCORE, "iban", _mask(m.group())))
    return hits


def _address_hits(text: str, has_digits: bool, words: frozenset[str] | None) -> list[_Hit]:
    hits: list[_Hit] = []
    lower = text.lower()
    turkish = (
        "mah" in lower
        or "mh." in lower
        or "sok" in lower
        or "sk." in lower
        or ("cad" in lower or "cd." in lower or "bulvar" in lower or "blv" in lower)
    )
    # Without a digit only a Turkish mahalle + street pair can be an address.
    if not has_digits and "mah" not in lower and "mh." not in lower:
        return hits
    if _NI_HINT.search(text):
        for m in _NI.finditer(text):
            hits.append(_Hit(*m.span(), ID_SCORE, "uk_ni"))
    streets = words is None or not _STREET_WORDS.isdisjoint(words)
    for m in _STREET.finditer(text) if streets else ():
        if " ".join(m.group().lower().rstrip(".").split()) in PUBLIC_ADDRESSES:
            continue
        tail = text[m.end() : m.end() + 60]
        end = m.end()
        score = PARTIAL_ADDRESS_SCORE
        for follow in (_US_STATE_ZIP, _UK_TOWN_POSTCODE):
            f = follow.match(tail)
            if f:
                score, end = ADDRESS_SCORE, m.end() + f.end()
                break
        hits.append(_Hit(m.start(), end, score, "street_address"))
    for m in _UK_POSTCODE.finditer(text) if _POSTCODE_HINT.search(text) else ():
        hits.append(_Hit(*m.span(), PARTIAL_ADDRESS_SCORE, "uk_postcode"))
    if not turkish:
        return hits
    mahalle = _TR_MAHALLE.search(text)
    street = _TR_STREET.search(text)
    number = _TR_NUMBER.search(text)
    parts = [p for p in (mahalle, street, number) if p is not None]
    if (number is not None and (mahalle or street)) or (mahalle and street):
        start = min(p.start() for p in parts)
        end = max(p.end() for p in parts)
        if end - start <= 160:
            score = ADDRESS_SCORE if number is not None else PARTIAL_ADDRESS_SCORE
            hits.append(_Hit(start, end, score, "street_address_tr"))
    return hits


def _keep_strongest(hits: list[_Hit]) -> list[_Hit]:
    """The strongest hits that do not overlap a stronger one, in text order.

    Kept spans never overlap, so they stay sorted by start and by end at once: a
    binary search finds the only neighbours a new span could overlap (n log n).
    """
    starts: list[int] = []
    ends: list[int] = []
    kept: list[_Hit] = []
    for h in sorted(hits, key=lambda h: (-h.score, h.start)):
        i = bisect_right(ends, h.start)  # first kept span ending after h starts
        if i < len(starts) and starts[i] < h.end:
            continue
        starts.insert(i, h.start)
        ends.insert(i, h.end)
        kept.insert(i, h)
    return kept


def find_personal_data(text: str, norm: Normalized | None = None) -> list[Finding]:
    """Findings for personal data in ``text`` (original offsets).

    ``norm`` (the normalised text) enables the test for numbers spelled out in
    words and lets cheap word tests skip patterns that cannot match.
    """
    words = norm.words if norm is not None else None
    clean, index = strip_format(text)
    hits: list[_Hit] = []
    if "@" in clean or " at " in clean or "(at)" in clean or "[at]" in clean:
        found = list(_EMAIL.finditer(clean)) or list(_EMAIL_SPACED.finditer(clean))
        hits.extend(_Hit(*m.span(), EMAIL_SCORE, "email") for m in found)
    has_digits = re.search(r"\d", clean) is not None
    if has_digits:
        hits.extend(_number_hits(clean, words))
    hits.extend(_address_hits(clean, has_digits, words))
    if index is not None:
        hits = [h._replace(start=index[h.start], end=index[h.end - 1] + 1) for h in hits]
    if norm is not None and not _SPOKEN_WORDS.isdisjoint(norm.words):
        for m in _SPOKEN_PHONE.finditer(norm.text):
            s, e = norm.span(*m.span())
            hits.append(_Hit(s, e, PHONE_SCORE, "phone_words"))
    kept = _keep_strongest(hits)
    if len(kept) > MAX_FINDINGS_PER_CHECK:
        kept = sorted(
            heapq.nsmallest(MAX_FINDINGS_PER_CHECK, kept, key=lambda h: (-h.score, h.start))
        )
    return [_finding(h) for h in kept]


def _finding(hit: _Hit) -> Finding:
    params = {k: v for k, v in (("masked", hit.masked), ("what", hit.what)) if v}
    code = f"personal_data.{hit.code}"
    return Finding.coded(
        "personal_data", "personal_data", hit.score, code, params, hit.start, hit.end
    )


def check(inp: ScreeningInput, ctx: ScreeningContext) -> list[Finding]:
    """Phone numbers, e-mail addresses, home addresses and ID numbers in the text."""
    return find_personal_data(inp.text, inp.normalized)
