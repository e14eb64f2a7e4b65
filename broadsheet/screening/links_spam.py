"""Spam: links, blocked domains, money/pharma/casino/crypto offers, shouting, repeats, floods.

Signals and their scores (category ``spam`` unless noted):

- a link to a blocked domain, in the text, the URL field or the e-mail domain: 0.95;
- more than :data:`MAX_LINKS` links to domains that are not allowed: 0.6 (0.8 from 5);
  one or two such links: 0.15 each comment, evidence only;
- such a link next to promotional wording ("free", "bonus", "followers", "ucuz",
  "takipçi"): 0.6, or 0.8 with two different promotional words;
- offer phrasing (work-from-home money, pills, casino bonuses, crypto doublers,
  "click here", Turkish "bahis sitesi", "deneme bonusu"): 0.6 to 0.8;
- shouting (mostly capitals on a long text): 0.2, evidence only; long runs of one
  character: 0.2; one word four times in a row: 0.4;
- self-promotion without a link ("check out my channel", "subscribe and I'll
  subscribe back", "sub4sub") and like-bait ("thumbs up if", "like if you agree"): 0.5;
- the same text (compared normalised) posted recently on the site: 0.7; a variant of
  one (sharing a near-duplicate band, ``nearduplicates.py``): 0.45;
- many recent posts from the same client: a weak flood signal rising from 0.05 at
  :data:`CLIENT_BURST` to :data:`FLOOD_MAX` at :data:`CLIENT_FLOOD`. Honest readers
  post several comments, and whole offices share one address behind a proxy, so it
  never asks for review by itself; it only adds to other evidence;
- a spammer's name (a link or an offer in the name field): 0.6;
- a comment that is nothing but a link: ``off_topic`` 0.45, which with the link itself
  asks for review.

Allowed domains never count as links. Each signal is one finding, so the
moderator sees every reason; the pipeline combines them.
"""

# ruff: noqa: RUF001 - Turkish and look-alike letters are the subject here

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from broadsheet.screening import nearduplicates
from broadsheet.screening.normalize import normalize
from broadsheet.screening.rules import run_rules
from broadsheet.screening.spam_rules import OFFER_RULES
from broadsheet.screening.types import Finding, ScreeningInput

if TYPE_CHECKING:
    from broadsheet.screening.context import ScreeningContext

MAX_LINKS = 2
CLIENT_BURST = 5
# Posts from one client beyond which more change nothing: callers may count up to here only.
CLIENT_FLOOD = 3 * CLIENT_BURST
#: The flood signal's strongest score: under the review threshold on its own.
FLOOD_MAX = 0.3
NEAR_DUPLICATE_SCORE = 0.45
#: Texts shorter than this (normalised) are too common to call duplicates ("Well said!").
MIN_DUPLICATE_CHARS = 40

# Bare domains ("cheap-pills.biz") are recognised only with top-level domains that are not
# also short words: "I agree.In fact" must not become a link to agree.in.
_TLDS = "com|net|org|info|biz|xyz|ru|cn|uk|tr|online|website|casino|shop|store|site"
_URL = re.compile(
    r"(?i)\b(?:https?://|www\.)[^\s<>\"'()\[\]]+|"
    r"\b(?:t\.me|wa\.me|bit\.ly|tinyurl\.com|goo\.gl|ow\.ly|is\.gd|cutt\.ly|linktr\.ee)/[^\s<>\"']+|"
    rf"(?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})\b(?:/[^\s<>\"'()\[\]]*)?"
)
#: A query or fragment parameter that credits whoever posted the link: a referral or
#: affiliate id. Its value must hold a digit (``_referral``), so that a sharing tag such as
#: ``?ref=twitter`` does not count; values end at the next separator, so it is linear.
_REFERRAL = re.compile(
    r"(?i)[?&#;](?:ref|refid|referral|referrer|aff|affid|affiliate|friend|invite|partner)="
    r"([^&#;?=\s]+)"
)


def _referral(text: str, start: int, end: int) -> bool:
    """Whether the link ``text[start:end]`` carries a referral or affiliate id."""
    return any(any(c.isdigit() for c in m.group(1)) for m in _REFERRAL.finditer(text, start, end))


# Every link has a scheme, "www.", a known short-link host or one of the bare TLDs.
_LINK_HINT = re.compile(rf"(?i)://|www\.|\.(?:{_TLDS}|me|ly|gl|ee|gd)\b")
_SHOUT_LETTERS = 30
_SHOUT_RATIO = 0.7
_RUN = re.compile(r"([^\W_])\1{7,}")
_REPEATED_WORD = re.compile(r"\b(\w{3,})(?:\W+\1\b){3,}")
_CAPITALS = re.compile(r"[A-ZÇĞİÖŞÜ]")
_CAPS_RUN = re.compile(r"[A-ZÇĞİÖŞÜ]{4}")
_LOWER = re.compile(r"[a-zçğıöşü]")


# Promotional wording: one of these next to a link makes the link an advert.
_PROMO = re.compile(
    r"\b(?:free|bonus|cheap|cheapest|discount|\d+\W*%\W*off|sign\W+up|subscribe|click|earn|"
    r"income|profit|lose\W+\d+\W*(?:kg|lbs|pounds|stone)|weight\W+loss|weird\W+trick|"
    r"doctors\W+hate|replica|followers|essays?|assignments?|plagiarism|loans?|debt|"
    r"crypto|invest(?!igat)\w*|casino|pokies|slots|bets|betting|jackpot|dating|singles|guaranteed|"
    r"limited|hurry|worth\W+a\W+look|only\W+[$£€]\W*\d+|[$£€]\W*\d+\W+get\W+[$£€]\W*\d+|"
    r"\d+\W+(?:days?|gunde)\W+\d+\W*(?:kg|kilo|lbs)|ucretsiz|bedava|indirim\w*|"
    r"kampanya\w*|firsat(?!ci)\w*|kayit\W+ol|uye\W+ol|tikla\w*|kredi\w*|faizsiz|kupon\w*|"
    r"garantili|zayifla\w*|bahis\w*|uygun\W+fiyat\w*|sinirli|"
    # Turkish verbs only where they speak to the reader (kazanin, basvurun,
    # yatiriminizi, as normalised) or name the act (kazanmak): news reports in
    # the third person ("kazandi", "yatirimla uretime basliyor", "basvurdu").
    r"kazan(?:in\w*|abilirsiniz|acaksiniz|diniz|diginiz|diriyor|cli|mak|ma|maya)?|"
    r"basvur(?:un\w*|mak|abilirsiniz)|hemen\W+basvur\w*|yatirim(?:in|iniz|lariniz)\w*|"
    r"katla(?:yin\w*|niyor)?|begenin\w*|takipci\W+(?:sat|al|kas|hile)\w*)\b"
)


# In a name, even the weak gambling word is not enough on its own.
_NAME_RULES = OFFER_RULES[:-1]


def normalize_domain(value: str) -> str:
    """``https://WWW.Example.com:8080/x`` -> ``example.com``; "" if there is no host."""
    value = value.strip().lower()
    if not value:
        return ""
    if "@" in value and "/" not in value:
        value = value.rsplit("@", 1)[1]
    if "//" not in value:
        value = "//" + value
    try:
        host = urlsplit(value).hostname or ""
    except ValueError:
        return ""
    host = host.rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _listed(host: str, domains: frozenset[str]) -> str | None:
    if not host or not domains:
        return None
    if host in domains:
        return host
    parts = host.split(".")
    for i in range(1, len(parts) - 1):
        parent = ".".join(parts[i:])
        if parent in domains:
            return parent
    return None


@lru_cache(maxsize=8192)
def fingerprint(text: str) -> str:
    """Words of the normalised text; equal for copies differing in case, spacing or disguise."""
    return " ".join(normalize(text).word_list)


def _key_of(words: str) -> str:
    if len(words) < MIN_DUPLICATE_CHARS:
        return ""
    return hashlib.blake2b(words.encode(), digest_size=16).hexdigest()


def duplicate_key(text: str) -> str:
    """32 hex digits, equal for copies of one text (see ``fingerprint``); "" for a short text.

    Short texts ("Well said!") are not called copies. Sites store the key with each comment so
    that spotting a copy is one indexed lookup instead of a comparison with recent texts.
    """
    return _key_of(fingerprint(text))


def near_duplicate_key(text: str) -> str:
    """Near-duplicate band keys of ``text`` (``nearduplicates.near_duplicate_key``)."""
    return nearduplicates.near_duplicate_key(text)


def fill_near_duplicate_keys(inputs: Sequence[ScreeningInput]) -> None:
    """Compute ``inp.near_duplicate_key`` of every input not yet keyed, in one pass.

    Afterwards each input's key is what it would have computed alone.
    """
    todo = [i for i in inputs if "near_duplicate_key" not in i.__dict__]
    if todo:
        keys = nearduplicates.input_keys_many([i.normalized for i in todo])
        for inp, key in zip(todo, keys, strict=True):
            inp.__dict__["near_duplicate_key"] = key


def input_duplicate_key(inp: ScreeningInput) -> str:
    """``duplicate_key`` of the input's text, from the normalisation the checks share."""
    return _key_of(" ".join(inp.normalized.word_list))


def find_links(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, host)`` for every link or bare domain in ``text``."""
    out = []
    hosts: dict[str, str] = {}  # a link repeated through a flood is parsed once
    for m in _URL.finditer(text):
        link = m.group()
        host = hosts.get(link)
        if host is None:
            host = hosts[link] = normalize_domain(link)
        if host:
            out.append((m.start(), m.end(), host))
    return out


_LETTER = re.compile(r"[^\W\d_]")


def _few_letters_outside(text: str, links: list[tuple[int, int, str]], few: int = 3) -> bool:
    """Whether fewer than ``few`` letters of ``text`` stand outside its ``links`` (in order).

    Reads the gaps between links from the start and stops at the ``few``-th letter: linear.
    """
    found, pos = 0, 0
    for start, end in [(s, e) for s, e, _ in links] + [(len(text), len(text))]:
        for _ in _LETTER.finditer(text, pos, start):
            found += 1
            if found >= few:
                return False
        pos = max(pos, end)
    return True


def _link_findings(inp: ScreeningInput, ctx: ScreeningContext) -> list[Finding]:
    text = inp.text
    found: list[Finding] = []
    links = find_links(text) if _LINK_HINT.search(text) else []
    counted = []
    for start, end, host in links:
        if _listed(host, ctx.allowed):
            continue
        blocked = _listed(host, ctx.blocked)
        if blocked:
            params = {"domain": blocked}
            found.append(
                Finding.coded("links_spam", "spam", 0.95, "spam.blocked_link", params, start, end)
            )
        counted.append((start, end, host))
    if len(counted) > MAX_LINKS:
        score = 0.8 if len(counted) >= 5 else 0.6
        s, e = counted[0][0], counted[-1][1]
        params = {"count": len(counted)}
        found.append(Finding.coded("links_spam", "spam", score, "spam.links", params, s, e))
    elif counted:
        s, e, host = counted[0]
        found.append(Finding.coded("links_spam", "spam", 0.15, "spam.link", {"host": host}, s, e))
    for start, end, host in counted:
        if _referral(text, start, end):
            params = {"host": host}
            found.append(
                Finding.coded("links_spam", "spam", 0.5, "spam.referral_link", params, start, end)
            )
            break
    if counted:
        words = sorted({m.group() for m in _PROMO.finditer(inp.normalized.text)})
        if words:
            score = 0.8 if len(words) >= 2 else 0.6
            s, e, host = counted[0]
            params = {"host": host, "words": ", ".join(words[:4])}
            found.append(Finding.coded("links_spam", "spam", score, "spam.advert", params, s, e))
    if counted and _few_letters_outside(text, links):
        found.append(
            Finding.coded("links_spam", "off_topic", 0.45, "spam.only_link", {}, 0, len(text))
        )
    for code, value in (
        ("spam.blocked_url_field", inp.url),
        ("spam.blocked_email_field", inp.email),
    ):
        host = normalize_domain(value) if value else ""
        blocked = _listed(host, ctx.blocked) if not _listed(host, ctx.allowed) else None
        if blocked:
            params = {"domain": blocked}
            found.append(Finding.coded("links_spam", "spam", 0.95, code, params, 0, 0))
    return found


def _repeated_word(inp: ScreeningInput) -> re.Match[str] | None:
    """The first word written four times in a row that is not an ``@handle``.

    A run of the same handle is a reply header ("@USER @USER @USER @USER" in tweets whose
    handles were anonymised), not a word repeated to flood.
    """
    norm = inp.normalized
    for m in _REPEATED_WORD.finditer(norm.text):
        start, _ = norm.span(m.start(), m.start() + 1)
        if inp.text[start - 1 : start] != "@" and inp.text[start : start + 1] != "@":
            return m
    return None


def _style_findings(inp: ScreeningInput) -> list[Finding]:
    text = inp.text
    found = []
    upper = len(_CAPITALS.findall(text)) if _CAPS_RUN.search(text) else 0
    if upper >= _SHOUT_LETTERS * _SHOUT_RATIO:
        lower = len(_LOWER.findall(text))
        if upper / (upper + lower) >= _SHOUT_RATIO:
            found.append(
                Finding.coded("links_spam", "spam", 0.2, "spam.shouting", {}, 0, len(text))
            )
    norm = inp.normalized
    # A run of eight needs a run of three, which normalisation has already looked for.
    m = _RUN.search(text) if norm.has_runs else None
    if m:
        params = {"count": len(m.group()), "character": m.group(1)}
        found.append(
            Finding.coded("links_spam", "spam", 0.2, "spam.character_run", params, *m.span())
        )
    # Four copies of one word need at least three repeated words.
    m = _repeated_word(inp) if len(norm.words) + 3 <= len(norm.text.split()) else None
    if m:
        s, e = norm.span(*m.span())
        params = {"word": m.group(1)}
        found.append(Finding.coded("links_spam", "spam", 0.4, "spam.repeated_word", params, s, e))
    return found


def _site_findings(inp: ScreeningInput, ctx: ScreeningContext) -> list[Finding]:
    found = []
    key = input_duplicate_key(inp) if ctx.recent_texts or ctx.recent_keys else ""
    if key and key in ctx.recent_duplicate_keys:
        found.append(
            Finding.coded("links_spam", "spam", 0.7, "spam.duplicate", {}, 0, len(inp.text))
        )
    elif ctx.recent_near_keys or ctx.recent_texts:
        bands = ctx.recent_near_duplicate_bands
        near = inp.near_duplicate_key
        if near and not bands.isdisjoint(near.split()):
            score, end = NEAR_DUPLICATE_SCORE, len(inp.text)
            found.append(
                Finding.coded("links_spam", "spam", score, "spam.near_duplicate", {}, 0, end)
            )
    n = ctx.recent_posts_from_client
    if n >= CLIENT_BURST:
        found.append(flood_finding(n, len(inp.text)))
    return found


def flood_score(n: int) -> float:
    """The flood signal for ``n`` recent posts from one client: 0 under CLIENT_BURST."""
    if n < CLIENT_BURST:
        return 0.0
    share = min(1.0, (n - CLIENT_BURST) / (CLIENT_FLOOD - CLIENT_BURST))
    return round(0.05 + (FLOOD_MAX - 0.05) * share, 4)


def flood_finding(n: int, length: int) -> Finding:
    code = "spam.flood_max" if n >= CLIENT_FLOOD else "spam.flood"
    params = {"count": min(n, CLIENT_FLOOD)}
    return Finding.coded("links_spam", "spam", flood_score(n), code, params, 0, length)


def _name_findings(inp: ScreeningInput) -> list[Finding]:
    name = inp.display_name
    if not name:
        return []
    name_norm = normalize(name)
    spammy = bool(_URL.search(name)) or bool(run_rules(_NAME_RULES, name_norm, "x"))
    if not spammy:
        return []
    params = {"name": name[:60]}
    return [Finding.coded("links_spam", "spam", 0.6, "spam.name_advert", params, 0, 0)]


def check(inp: ScreeningInput, ctx: ScreeningContext) -> list[Finding]:
    """Spam signals from the text, the name/URL/e-mail fields and the site's recent activity."""
    found = _link_findings(inp, ctx)
    found.extend(run_rules(OFFER_RULES, inp.normalized, "links_spam"))
    found.extend(_style_findings(inp))
    found.extend(_site_findings(inp, ctx))
    found.extend(_name_findings(inp))
    return found


def check_batch(inputs: Sequence[ScreeningInput], ctx: ScreeningContext) -> list[list[Finding]]:
    """:func:`check` for many comments: their near-duplicate keys in one pass when needed."""
    if ctx.recent_near_keys or ctx.recent_texts:
        fill_near_duplicate_keys(inputs)
    return [check(inp, ctx) for inp in inputs]


check.batch = check_batch  # type: ignore[attr-defined]
