"""Turkish casing: the two i's keep their dots, and a search tries both foldings."""

# ruff: noqa: RUF001 - Turkish text has the dotless i on purpose

from __future__ import annotations

import pytest

from broadsheet.core import turkish


@pytest.mark.parametrize(
    ("text", "lowered"),
    [("IŞIK", "ışık"), ("İZMİR", "izmir"), ("Işıl İnce", "ışıl ince"), ("ÇĞÖŞÜ", "çğöşü")],
)
def test_lower_follows_turkish_rules(text, lowered):
    assert turkish.lower(text) == lowered
    assert turkish.upper(turkish.lower(text)) == turkish.upper(text)


def test_upper_keeps_the_dots():
    assert turkish.upper("ışık izmir") == "IŞIK İZMİR"
    assert "izmir".upper() == "IZMIR"  # what the default rules would make of it


def test_spellings_give_both_foldings_only_where_they_differ():
    assert turkish.spellings("ışık") == ("ışık",)
    assert turkish.spellings("haber") == ("haber",)
    assert turkish.spellings("IŞIK") == ("ışık", "işik")
    assert turkish.spellings("İZMİR") == ("izmir", "i̇zmi̇r")


def test_ascii_fold_spells_turkish_letters_as_addresses_do():
    assert turkish.ascii_fold("Kıyı Şeridi İzmir") == "kiyi seridi izmir"
    assert turkish.ascii_fold("Çağrı Güneş Öztürk") == "cagri gunes ozturk"
    assert turkish.ascii_fold("ISPARTA") == "isparta"  # as a Turkish address writes it
