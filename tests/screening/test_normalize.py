"""Normalisation undoes disguises and keeps an exact map back to the original text."""

# ruff: noqa: RUF001 - Turkish and look-alike letters are the subject here

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from broadsheet.screening.normalize import normalize, strip_format


def words(text: str) -> list[str]:
    return [t.text for t in normalize(text).tokens]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("FUCK", "fuck"),
        ("f*ck", "f*ck"),  # the mask stays a mask; word lists read it
        ("sh1t", "shit"),
        ("a$$", "ass"),
        ("@ss", "ass"),
        ("b1tch", "bitch"),
        ("sh!t", "shit"),
        ("0r0spu", "orospu"),
        ("ni99er", "nigger"),
        ("f u c k", "fuck"),
        ("f.u.c.k", "fuck"),
        ("f-u-c-k", "fuck"),
        ("f_u_c_k", "fuck"),
        ("fuuuuck", "fuck"),
        ("fu\u0441k", "fuck"),  # Cyrillic es
        ("\u0455h\u0456t", "shit"),  # Cyrillic dze and i
        ("fu\u200bck", "fuck"),  # zero-width space
        ("fu\u00adck", "fuck"),  # soft hyphen
        ("f\u202euck", "fuck"),  # bidi override
        ("\uff46\uff55\uff43\uff4b", "fuck"),  # fullwidth
        ("\U0001d41f\U0001d42e\U0001d41c\U0001d424", "fuck"),  # mathematical bold
        ("\u1d00\u0299\u1d04", "abc"),  # small capitals
        ("s.keyim", "s*keyim"),
        ("a.q", "aq"),
    ],
)
def test_disguises_are_undone(typed, expected):
    assert words(typed) == [expected]


def test_spaced_letters_keep_word_gaps():
    assert normalize("w a t c h   y o u r   b a c k").text == "watch your back"
    assert normalize("k y s").text == "kys"


def test_numbers_and_ordinary_words_are_left_alone():
    assert words("In 2024 the 3rd bus cost £5 and 10km took 45 mins") == [
        "in", "2024", "the", "3rd", "bus", "cost", "5", "and", "10km", "took", "45", "mins",
    ]  # fmt: skip
    assert words("Scunthorpe class assassin") == ["scunthorpe", "class", "assassin"]
    assert normalize("Well said!").text == "well said!"


def test_turkish_letters_fold_but_exact_keeps_them():
    n = normalize("GERİZEKALI ılık Şöför")
    assert n.text == "gerizekali ilik sofor"
    # Capital I is read as i: readers type it for both İ and I.
    assert n.exact == "gerizekali ılık şöför"
    assert len(n.text) == len(n.exact)
    # İ and I both become i, so Turkish capitals match lower-case terms.
    assert normalize("İSTANBUL").text == normalize("istanbul").text


def test_mostly_cyrillic_text_is_not_folded_to_latin():
    assert normalize("Привет, как дела").text == "привет, как дела"


def test_spans_point_at_what_was_typed():
    n = normalize("You f\u200bu\u0441k1ng idiot")
    tok = n.tokens[1]
    assert tok.text == "fucking"
    assert n.original_of(tok.start, tok.end) == "f\u200bu\u0441k1ng"
    n = normalize("well f u c k")
    s, e = n.span(n.tokens[1].start, n.tokens[1].end)
    assert n.original[s:e] == "f u c k"
    n = normalize("fuuuuck off")
    assert n.original_of(0, 4) == "fuuuuck"


def test_empty_span_and_end_of_text():
    n = normalize("abc")
    assert n.span(0, 0) == (0, 0)
    assert n.span(3, 3) == (3, 3)
    with pytest.raises(ValueError):
        n.span(2, 1)
    with pytest.raises(ValueError):
        n.span(0, 4)


def test_strip_format_keeps_case_and_maps_back():
    clean, index = strip_format("A\u200bB\uff11")
    assert clean == "AB1"
    assert index == [0, 2, 3]
    assert strip_format("plain") == ("plain", None)


# Text mixing everything normalisation treats specially.
_ALPHABET = st.sampled_from(
    [
        *"abcfkstuAFKSİIıiöşçğü013457@$!|*#. -_\n",
        *("\u200b", "\u00ad", "\u202e", "\u0441", "\u0455", "\uff46", "\u0301", "\ufb01"),
        *("ǅ", "ß"),
    ]
)
texts = st.one_of(st.text(max_size=60), st.lists(_ALPHABET, max_size=60).map("".join))


@settings(max_examples=400, deadline=None)
@given(texts)
def test_map_is_monotonic_and_within_bounds(original):
    n = normalize(original)
    assert len(n.starts) == len(n.ends) == len(n.text) == len(n.exact)
    for j in range(len(n.text)):
        assert 0 <= n.starts[j] < n.ends[j] <= len(original)
        if j:
            assert n.starts[j - 1] <= n.starts[j]
            assert n.ends[j - 1] <= n.ends[j]


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_any_span_maps_inside_the_original(original, data):
    n = normalize(original)
    size = len(n.text)
    start = data.draw(st.integers(0, size))
    end = data.draw(st.integers(start, size))
    s, e = n.span(start, end)
    assert 0 <= s <= e <= len(original)
    if end > start:
        # The span covers every original character of its first and last characters.
        assert s == n.starts[start] and e == n.ends[end - 1]
        assert s < e


_PLAIN_WORD = st.text(alphabet="abcdefgh", min_size=2, max_size=6).filter(
    lambda w: not any(w[i] == w[i + 1] == w[i + 2] for i in range(len(w) - 2))
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PLAIN_WORD, max_size=8).map(" ".join))
def test_plain_lowercase_text_is_unchanged(original):
    # Nothing to undo: same text, identity map.
    n = normalize(original)
    assert n.text == n.exact == original
    assert n.starts == tuple(range(len(original)))
    assert n.ends == tuple(range(1, len(original) + 1))


@settings(max_examples=200, deadline=None)
@given(texts)
def test_tokens_lie_within_the_text(original):
    n = normalize(original)
    for tok in n.tokens:
        assert n.text[tok.start : tok.end] == tok.text
        assert n.exact[tok.start : tok.end] == tok.exact
    assert n.words == frozenset(t.text for t in n.tokens)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_fast_letter_folding_equals_the_table(original):
    from broadsheet.screening.chars import _FOLD, fold_letters

    exact = normalize(original).exact
    assert fold_letters(exact) == exact.translate(_FOLD)
