"""Names that impersonate the newsroom, and names that show nothing."""

# ruff: noqa: RUF001, RUF003 - look-alike letters are the subject here

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.screening import names
from broadsheet.screening.context import ScreeningContext
from broadsheet.screening.names import display_skeleton, is_invisible_name
from broadsheet.screening.types import ScreeningInput


@pytest.mark.parametrize(
    "name",
    ["\u200b", "\u3164", "\u2800\u2800", " \u200e ", "\u202e\u202c", "\u115f\u1160", "\ufeff"],
)
def test_invisible_names(name):
    assert is_invisible_name(name)


@pytest.mark.parametrize("name", ["", "Jo", "\u200bJo", "Ayşe", "李", "."])
def test_visible_names(name):
    assert not is_invisible_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "The Editor",
        "Admin",
        "Аdmin",  # Cyrillic А
        "Αdmin",  # Greek Α
        "Ad\u200bmin",
        "\u202eAdmin\u202c",
        "ADM1N",
        "A d m i n",
        "Moderatör",
        "MODERATÖR",
        "Editör",
        "Yönetici",
        "YÖNETİCİ",
        "Site Yönetimi",
        "Еditor",  # Cyrillic Е
        "the_editor",
        "Moderator 2",
    ],
)
def test_impersonating_names_go_to_review(pipeline, name):
    found = names.check(ScreeningInput("Nice article.", author_name=name), ScreeningContext())
    assert found and found[0].score == names.SCORE
    v = pipeline.screen(ScreeningInput("Nice article.", author_name=name))
    assert v.recommendation == "review", v.reasons
    # The older field name works as well.
    assert names.check(ScreeningInput("Nice article.", name=name), ScreeningContext())


@pytest.mark.parametrize(
    "name", ["Badminton Bob", "Ed", "Modesty Blaise", "Editha", "Ayşe Yılmaz", "John Smith"]
)
def test_ordinary_names_pass(name):
    assert names.check(ScreeningInput("Nice article.", author_name=name), ScreeningContext()) == []


def test_invisible_name_is_flagged():
    found = names.check(ScreeningInput("Nice.", author_name="\u3164\u3164"), ScreeningContext())
    assert [f.detail for f in found] == ["name made only of invisible characters"]


def test_site_reserved_names():
    ctx = ScreeningContext(reserved_names={"Harbour Gazette"})
    assert names.check(ScreeningInput("Hi", author_name="Harbour Gazеtte"), ctx)  # Cyrillic е
    assert not names.check(ScreeningInput("Hi", author_name="Harbour Fan"), ctx)


def test_skeleton_folds_disguises():
    assert display_skeleton("Аd\u200bm1n") == display_skeleton("admin") == "admin"
    assert display_skeleton("EDİTÖR") == "editor"
    assert display_skeleton("The Editor", keep_spaces=True) == "the editor"


@given(st.text(max_size=40))
def test_skeleton_is_idempotent(name):
    once = display_skeleton(name)
    assert display_skeleton(once) == once
