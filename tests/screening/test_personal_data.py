"""Personal data: shaped and checked numbers, addresses, contacts; never the e-mail field."""

# ruff: noqa: RUF001 - Turkish and look-alike letters are the subject here

from __future__ import annotations

import pytest

from broadsheet.screening.context import ScreeningContext
from broadsheet.screening.personal_data import check, iban_ok, luhn_ok, tckn_ok
from broadsheet.screening.types import ScreeningInput


def found(text: str, **fields) -> list[tuple[str, str]]:
    return [
        (f.detail, text[f.start : f.end])
        for f in check(ScreeningInput(text, **fields), ScreeningContext())
    ]


def test_checksums():
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")
    assert iban_ok("GB82 WEST 1234 5698 7654 32")
    assert iban_ok("TR330006100519786457841326")
    assert not iban_ok("GB82 WEST 1234 5698 7654 33")
    assert tckn_ok("10000000146")
    assert not tckn_ok("10000000147")
    assert not tckn_ok("01234567890")


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("Call him on +44 20 7946 0958 tonight", "+44 20 7946 0958"),
        ("ring 020 7946 0958", "020 7946 0958"),
        ("mobile 07700 900123", "07700 900123"),
        ("numarası 0532 123 45 67", "0532 123 45 67"),
        ("ara: 0 (532) 123 45 67", "0 (532) 123 45 67"),
        ("call (555) 123-4567", "(555) 123-4567"),
        ("+90 532 123 45 67", "+90 532 123 45 67"),
        ("0 7 7 0 0 - 9 0 0 - 8 8 4 is her number", "0 7 7 0 0 - 9 0 0 - 8 8 4"),
        ("email jo@example.com now", "jo@example.com"),
        ("write to j.barker @ example . com", "j.barker @ example . com"),
        ("card 4111 1111 1111 1111 exp 09/27", "4111 1111 1111 1111"),
        ("IBAN: TR33 0006 1005 1978 6457 8413 26", "TR33 0006 1005 1978 6457 8413 26"),
        ("TC kimlik 10000000146", "10000000146"),
        ("SSN 123-45-6789", "123-45-6789"),
        ("NI number AB 12 34 56 C", "AB 12 34 56 C"),
        ("He lives at 42 Acacia Avenue, Leeds LS1 4AP", "42 Acacia Avenue, Leeds LS1 4AP"),
        ("Atatürk Mah. 12. Sokak No: 5", "Atatürk Mah. 12. Sokak No: 5"),
    ],
)
def test_personal_data_is_found(text, typed):
    assert typed in [t for _, t in found(text)], found(text)


def test_digits_hidden_with_zero_width_spaces_and_words():
    assert found(
        "kimlik no 2\u200b1\u200b4\u200b7\u200b5\u200b3\u200b6\u200b8\u200b9\u200b0\u200b2"
    )
    assert found("His number is zero seven seven zero zero, nine zero zero, four one seven")
    assert found("Numarası sıfır beş yüz elli beş, sıfır on dokuz, kırk sekiz, yirmi yedi")


@pytest.mark.parametrize(
    "text",
    [
        "The bypass cost £12,345,678 between 2019 and 2023.",
        "Turnout was 1,204,567 votes, 61.2 per cent.",
        "The 1989-1995 figures were revised in 2021.",
        "Bütçe 3.000.000.000 TL olarak açıklandı.",
        "The protest outside 10 Downing Street was peaceful.",
        "In 2020 Supreme Court judges ruled on the case.",
        "One two three four, I declare a thumb war.",
        "Bağdat Caddesi'nde bugün yol çalışması var.",
        "ISBN 978-3-16-148410-0 is on the back cover.",
    ],
)
def test_numbers_in_news_are_not_personal_data(text):
    assert found(text) == [], found(text)


def test_details_hide_most_digits():
    ((detail, _),) = found("card 4111 1111 1111 1111")
    assert "4111 1111" not in detail
    assert detail.endswith("1111")


def test_commenter_email_field_is_not_flagged():
    assert found("Thanks for the article.", email="reader@example.com", name="Jo") == []
