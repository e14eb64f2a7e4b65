"""Features of the base model: hashed character and word n-grams of the normalised text.

The same code computes them when the model is trained (``train.py``) and when a
comment is screened (``model.py``), so what the model learned is what it reads.

Steps, for a text:

1. :func:`placeholders`: every link becomes the word ``xurlx``; every ``@handle`` the
   word ``xuserx``, a leading run of handles (a tweet's reply header) is dropped and
   an inner run becomes one; a leading retweet mark ``RT`` is dropped. The corpora
   were collected from tweets (``@USER @USER ...``) and SMS; without this the
   model would learn which corpus a text came from instead of what it says.
2. :func:`broadsheet.screening.normalize.normalize`: the disguises undone, lower
   case with Turkish ``İ``/``I`` as ``i``, diacritics folded (dotless i too).
3. Words: runs of letters and digits (``*`` masks inside words kept), every digit
   written ``0`` (the value of a number is noise; its length is not).
4. Per word ``w``: the character n-grams (2 to 5) of `` w `` (padded with one space each
   side, like scikit-learn's ``char_wb``), so suffixes (``-ler``, ``-siniz``) and prefixes
   count even in words never seen whole, plus the word itself and its padded prefixes of
   :data:`PREFIX_SIZES` characters (the first five and six letters: Turkish stems before
   their suffixes); per pair of adjacent words, the pair, and in a comment
   :func:`language` calls English the character n-grams (3 to 5) of the joined pair that
   cross the space between the words (:func:`span_features`: "u id" and "you i" of "you
   idiot", so a split or run-together insult and the end of one word before the start of
   the next count). Each feature is hashed with CRC-32 (stable across processes and
   machines, unlike ``hash()``) into :data:`N_BUCKETS` buckets.
   News vocabulary (:data:`NEUTRAL_WORDS`: "killed", "terrorists", "Muslims",
   "öldürüldü", "mülteciler") has no features of its own, at training and at run time,
   so the model cannot learn that reporting violence or naming a group is abuse; the
   pairs it is in still count ("kill you" is not "killing time").
5. A text's vector is its feature counts divided by the square root of the number of
   features it has (so long and short texts score alike). Because of that choice a
   text's score is a sum over its words and pairs: each word's weights are summed
   once and cached; a pair's spanning n-grams depend only on the last three letters of
   the first word and the first three of the second (:func:`span_key`), cached by that key.

6. :func:`language`: ``"tr"`` or ``"en"``, decided from the text's letters and its words
   (no corpus label, no model). The model scores a Turkish comment with its Turkish abuse
   head and every other one with the abuse head fitted on both languages.

Invariants: :func:`words_of` of a text depends only on the text, and :func:`language`
only on the text and its words (pure, deterministic); training and screening call the
same functions.
"""

# ruff: noqa: RUF003 - Turkish letters are the subject here

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator, Sequence
from itertools import pairwise

from broadsheet.screening.normalize import Normalized, normalize
from broadsheet.screening.offensive import NEUTRAL_WORDS as NEUTRAL_EN
from broadsheet.screening.rules import words

#: Hash buckets (a power of two).
N_BUCKETS = 2**20
NGRAM_MIN = 2
NGRAM_MAX = 5
#: Lengths of the padded prefixes (`` w`` cut to this many characters) of a word's features.
PREFIX_SIZES = (6, 7)
#: Lengths of the character n-grams that cross the space between two adjacent words.
SPAN_MIN = 3
SPAN_MAX = 5
#: The language whose comments have spanning n-grams (the Turkish head never sees them).
SPAN_LANGUAGE = "en"
URL_WORD = "xurlx"
USER_WORD = "xuserx"

_MASK = N_BUCKETS - 1
_LINK = re.compile(
    r"(?i)\b(?:https?://|www\.)\S+|\b(?:t\.co|bit\.ly|t\.me|wa\.me|tinyurl\.com|goo\.gl)/\S+|"
    r"(?<![\w@.-])(?:[a-z0-9-]+\.)+(?:com|net|org|info|biz|xyz|ru|uk|tr|co)(?:/\S*)?\b|"
    r"\bURL\b"
)
_HANDLE = re.compile(r"(?<![\w@])@\w{1,30}")
_LEADING_USERS = re.compile(rf"^(?:\s*(?:RT\b:?\s*)?{USER_WORD}\s*:?)+\s*")
_USER_RUN = re.compile(rf"{USER_WORD}(?:[\s,:]+{USER_WORD})+")
_RT = re.compile(r"^\s*RT\b:?\s*")
_DOT_DOMAIN = re.compile(r"\.(?:com|net|org|info|biz|xyz|ru|uk|tr|co)\b")
_URL_WORD = re.compile(r"\bURL\b")
_RT_WORD = re.compile(r"\bRT\b")
_WORD = re.compile(r"[^\W_]+(?:\*+[^\W_]+)*")
_DIGITS = str.maketrans("123456789", "000000000")
_HAS_DIGIT = re.compile(r"[1-9]")

#: Words (folded) with no features of their own: English news and identity vocabulary
#: (shared with the offensive-language baseline) and Turkish stems of the same.
NEUTRAL_WORDS: frozenset[str] = NEUTRAL_EN | frozenset(
    words(
        "terrorist terror attacker attackers massacre war crime crimes shelling thief thieves "
        "minister council government"
    )
    + words(
        # Politics: the corpora's abusive tweets and news comments name politicians, parties
        # and issues far more often than their fine rows, so these words alone sent civil
        # political comments to review ("Trump's tax plan will mostly help the wealthy").
        "trump trumps obama obamas hillary clinton clintons biden bernie sanders pelosi "
        "mcconnell putin trudeau harper bush romney kavanaugh maga antifa brexit nra gop "
        "democrat democrats dem dems democratic republican republicans liberal liberals lib "
        "libs conservative conservatives leftist leftists socialist socialists socialism "
        "communist communists tory tories labour ndp congress senate senator senators "
        "president presidents election elections vote votes voted voter voters politics "
        "political politician politicians party parties tax taxes immigration religion church"
    )
    + words(
        # Places, people and topics of the news sites whose comments are in the corpora only
        # as abusive rows (Civil Comments: Alaska, Hawaii, Canada, Oregon), so that they had
        # been learned as abuse: "alaska" weighed as much as "rubbish".
        "alaska alaskan alaskans anchorage juneau fairbanks hawaii hawaiian honolulu oahu maui "
        "canada canadian canadians ontario toronto ottawa alberta quebec vancouver oregon "
        "eugene portland russia russian russians korea china chinese iran iraq syria mexico "
        "mexicans wynne justin donald bannon comey walker miller palin nixon globe adn oil gas "
        "pipeline healthcare secretary legislature leadership leader leaders elected electing "
        "presidency impeachment headline economics economic economy sector residents citizens "
        "taxpayer taxpayers mayor nuclear drivers dealer dealers jobs office owners chief knife "
        "murdering catholic catholics penalty supremacist supremacists"
    )
)
NEUTRAL_STEMS_TR: tuple[str, ...] = tuple(
    words(
        "teror saldiri oldurul cinayet tecavuz taciz cinsel uyusturucu hirsiz katil catisma "
        "bomba patlama sehit yarali gozalti tutukla gocmen multeci suriyeli ermeni yahudi "
        "musluman hristiyan escinsel kadin polis asker savas istismar"
    )
)


def neutral(word: str) -> bool:
    """Whether ``word`` (folded) is news vocabulary without features of its own."""
    return word in NEUTRAL_WORDS or word.startswith(NEUTRAL_STEMS_TR)


def _hinted(text: str) -> bool:
    """Whether step 1 looks for something to replace: ``@``, ``:``, ``/``, ``www.``, the
    words ``URL`` or ``RT``, or a dot before a common top-level domain (case-sensitive).

    The features depend on this exact test (the shipped weights were trained with it).
    Substring tests first: one regular expression with these alternatives costs ten times
    as much, and most comments have none of them.
    """
    return (
        "@" in text
        or ":" in text
        or "/" in text
        or "www." in text
        or ("URL" in text and _URL_WORD.search(text) is not None)
        or ("RT" in text and _RT_WORD.search(text) is not None)
        or ("." in text and _DOT_DOMAIN.search(text) is not None)
    )


def placeholders(text: str) -> str:
    """Step 1; returns ``text`` itself (the same object) when there is nothing to replace."""
    if not _hinted(text):
        return text
    out = _LINK.sub(f" {URL_WORD} ", text)
    out = _HANDLE.sub(f" {USER_WORD} ", out)
    out = _RT.sub("", out)
    out = _LEADING_USERS.sub("", out)
    out = _USER_RUN.sub(USER_WORD, out)
    return out if out != text else text


def words_of(text: str, norm: Normalized | None = None) -> list[str]:
    """Steps 1 to 3. ``norm``, if given, must be ``normalize(text)`` (reused when possible)."""
    prepared = placeholders(text)
    if prepared is not text or norm is None:
        norm = normalize(prepared)
    text = norm.text
    return _WORD.findall(text.translate(_DIGITS) if _HAS_DIGIT.search(text) else text)


#: Letters only Turkish has among the languages the site expects (``İ`` before lower-casing).
TR_LETTERS = frozenset("şğıŞĞİ")
#: Letters Turkish shares with German, French and others: weaker evidence.
TR_SHARED_LETTERS = frozenset("çöüÇÖÜ")
#: Frequent Turkish function words and particles (folded, as :func:`words_of` gives them).
#: None is an English word; "her" and "ya" are left out, being English too.
TR_WORDS: frozenset[str] = frozenset(
    words(
        "ve bir bu da de ne icin ile cok ama gibi daha ben sen biz siz onlar mi mu degil var "
        "yok olan kadar sonra sey nasil neden ki diye artik hic bile oldu olarak bana sana onu "
        "bunu beni seni seyi iste ise gerek simdi hep hala zaten yani hem cunku kim neler nerede "
        "niye hadi lan ulan olsun olur bizim sizin benim senin onun icinde uzerine tum butun "
        "herkes hicbir baska kendi kendine iyi kotu sadece"
    )
)
#: Frequent English function words (and the shorthand of tweets and text messages).
EN_WORDS: frozenset[str] = frozenset(
    words(
        "the and you is are to of in that it for this with on not be have my your what was "
        "will just so but they he she we do don can at all if me no or an as by from has had "
        "were been would should could their there them than then when who how why about like "
        "get got im its i u ur yes yeah lol"
    )
)
#: Endings of Turkish verbs and plurals (folded) that English words of five letters or
#: more do not have: present tense, plural with case, second person plural, questions,
#: infinitive, ability, future, reported past.
TR_SUFFIXES: tuple[str, ...] = tuple(
    words(
        "iyor uyor yorum yoruz yorsun yorlar lari leri larin lerin larda lerde lardan lerden iniz "
        "inizi unuz siniz sunuz misin musun mak mek abilir ebilir acak ecek mistir mustur"
    )
)

# A word holding such a letter. One in title case ("Erdoğan", "Ayşe", "İstanbul") is a name
# as often as a Turkish word: its letters are no evidence, so that "Kılıçdaroğlu is a
# clown" stays English. Words in lower case or in capitals count, and so does every word
# of a text mostly in title case (a headline, an advert). A Turkish text whose only such
# letters open a sentence ("Günaydın, okula gidicem") is then scored by the abuse head of
# both languages, which knows Turkish too; the other way round, an English comment read by
# the Turkish head alone, was the costly mistake.
_TR_LETTER = re.compile(f"[{''.join(sorted(TR_LETTERS))}]")
_TR_SHARED_LETTER = re.compile(f"[{''.join(sorted(TR_SHARED_LETTERS))}]")
_LETTER = re.compile(r"[^\W\d_]")
#: Letters before a Turkish letter beyond which a word is no name (and is not read back).
NAME_MAX = 40
#: Names read before the decision stops looking for a Turkish word among them.
NAMES_READ = 64
_LETTERS = re.compile(r"[^\W\d_]*")


def _title(word: str) -> bool:
    return word[0].isupper() and word[1:].islower()


_ALPHA_WORD = re.compile(r"[^\W\d_]{2,}")


def _title_case_text(text: str) -> bool:
    """Whether ``text`` has four words or more and more than half of them in title case (a
    headline, an advert: there title case says nothing of names)."""
    words = _ALPHA_WORD.findall(text)
    return len(words) >= 4 and 2 * sum(1 for w in words if _title(w)) > len(words)


def _outside_names(letter: re.Pattern[str], text: str) -> bool:
    """Whether a ``letter`` of ``text`` stands in a word that is not a name: not in title
    case, or in a text mostly in title case.

    The letters are found by one scan; each word holding one is read once from its start to
    its end (the letters after the first in a word are skipped), at most :data:`NAME_MAX`
    letters back, and after :data:`NAMES_READ` names the rest is not read: linear time.
    """
    names = 0
    end, is_letter, run = -1, _LETTER.match, _LETTERS.match
    for m in letter.finditer(text):
        i = m.start()
        if i < end:
            continue
        if names == NAMES_READ:
            break  # a flood of names says no more than its first ones
        a, stop = i, max(0, i - NAME_MAX)
        while a > stop and is_letter(text[a - 1]):
            a -= 1
        end = run(text, i + 1).end()  # type: ignore[union-attr]
        if (a and is_letter(text[a - 1])) or not _title(text[a:end]):
            return True  # longer than a name, or not in title case
        names += 1
    return bool(names) and _title_case_text(text)


#: One look-up per word: +1 for a Turkish function word, -1 for an English one.
_VOTES: dict[str, int] = dict.fromkeys(TR_WORDS, 1) | dict.fromkeys(EN_WORDS, -1)


def language(text: str, words: Sequence[str]) -> str:
    """The language of a comment, ``"tr"`` or ``"en"``; ``words`` is ``words_of(text)``.

    Evidence for Turkish: a letter of :data:`TR_LETTERS` in a word of ``text`` that is not a
    name (2; a title-case word, "Erdoğan" or "Ayşe", is a name in English comments too, except
    in a text mostly in title case), one of :data:`TR_SHARED_LETTERS` so placed (1), each
    word in :data:`TR_WORDS` (1), each other word of five letters or more with an ending of
    :data:`TR_SUFFIXES` (1); against: each word in
    :data:`EN_WORDS` (1). ``"tr"`` when the evidence for is greater, otherwise ``"en"``
    (texts without evidence too: their abuse head is the one fitted on both languages).

    Pure and deterministic. Cost: two regular-expression scans of a non-ASCII text (none
    of an ASCII one), one dictionary look-up per word and an ending test for the words in
    neither list; about 3 to 4 µs for a comment of 20 words.
    """
    score = 0
    if not text.isascii():
        if _outside_names(_TR_LETTER, text):
            score += 2
        if _outside_names(_TR_SHARED_LETTER, text):
            score += 1
    vote = _VOTES.get
    for w in words:
        v = vote(w)
        if v is None:
            v = 1 if len(w) > 4 and w.endswith(TR_SUFFIXES) else 0
        score += v
    return "tr" if score > 0 else "en"


def word_features(word: str) -> list[int]:
    """The buckets of one word's own features (step 4): its character n-grams and itself.

    Empty for a :func:`neutral` word.
    """
    if neutral(word):
        return []
    padded = f" {word} "
    n = len(padded)
    crc = zlib.crc32
    out = [crc(b"w:" + word.encode()) & _MASK]
    for size in range(NGRAM_MIN, NGRAM_MAX + 1):
        if size > n:
            break
        for i in range(n - size + 1):
            out.append(crc(padded[i : i + size].encode()) & _MASK)
    for size in PREFIX_SIZES:
        if size < n:
            out.append(crc(b"p:" + padded[:size].encode()) & _MASK)
    return out


def pair_feature(first: str, second: str) -> int:
    """The bucket of two adjacent words."""
    return zlib.crc32(f"b:{first} {second}".encode()) & _MASK


def pair_prefix(first: str) -> int:
    """The CRC-32 of what :func:`pair_feature` hashes before the second word, so that
    ``zlib.crc32(second.encode(), pair_prefix(first)) & (N_BUCKETS - 1)`` equals
    ``pair_feature(first, second)`` (CRC-32 continues from a running value)."""
    return zlib.crc32(f"b:{first} ".encode())


def pairs(words: Sequence[str]) -> Iterator[tuple[str, str]]:
    return pairwise(words)


_SPAN_SIDE = SPAN_MAX - 2


def span_sides(word: str) -> tuple[str, str]:
    """What of ``word`` a :func:`span_key` holds: its last ``SPAN_MAX - 2`` characters
    (as the first word of a pair) and its first ``SPAN_MAX - 2`` (as the second)."""
    return word[-_SPAN_SIDE:], word[:_SPAN_SIDE]


def span_key(first: str, second: str) -> str:
    """What the spanning n-grams of two adjacent words depend on: the first word's tail
    and the second's head (:func:`span_sides`) with a space between."""
    return f"{span_sides(first)[0]} {span_sides(second)[1]}"


def span_features(key: str) -> list[int]:
    """The buckets of the character n-grams (:data:`SPAN_MIN` to :data:`SPAN_MAX`) of a
    :func:`span_key` that contain its space and a character either side of it."""
    k = key.index(" ")
    n = len(key)
    crc = zlib.crc32
    out = []
    for size in range(SPAN_MIN, SPAN_MAX + 1):
        for i in range(max(0, k - size + 2), min(k, n - size + 1)):
            out.append(crc(b"x:" + key[i : i + size].encode()) & _MASK)
    return out


def buckets(words: Sequence[str], lang: str = "en") -> list[int]:
    """Every feature bucket of a word sequence of language ``lang`` (a value of
    :func:`language`), with repeats (step 4)."""
    out: list[int] = []
    for w in words:
        out.extend(word_features(w))
    out.extend(pair_feature(a, b) for a, b in pairs(words))
    if lang == SPAN_LANGUAGE:
        for a, b in pairs(words):
            out.extend(span_features(span_key(a, b)))
    return out
