"""The queue's search with Turkish casing (``moderation.search``), on the real database."""

# Turkish text is full of the dotless i that ruff takes for a look-alike of "i".
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from broadsheet.comments.models import CommentStatus
from broadsheet.moderation import selectors
from broadsheet.moderation.search import fold
from tests.moderation.test_selectors import make_comment

pytestmark = pytest.mark.django_db


def _found(query: str) -> set[str]:
    page = selectors.moderation_queue(status=CommentStatus.PENDING, query=query)
    return {comment.text for comment in page.rows}


def test_fold_joins_turkish_capitals_and_both_i():
    assert fold("İSTANBUL") == fold("istanbul") == fold("ISTANBUL") == "istanbul"
    assert fold("ŞİŞLİ ÇĞÖÜ") == "şişli çğöü"
    assert fold("\u0131l\u0131k") == "ilik"  # dotless i
    assert fold("Éclair") == "Éclair".replace("E", "e")  # only ASCII and Turkish letters


@pytest.mark.parametrize(
    "query",
    ["istanbul", "İSTANBUL", "ISTANBUL", "İstanbul", "\u0131stanbul"],
)
def test_every_casing_of_istanbul_finds_the_same_comments(article, query):
    make_comment(article, text="Trafik İstanbul'da durdu")
    make_comment(article, text="ISTANBUL TRAFFIC")
    make_comment(article, text="istanbul havası")
    make_comment(article, text="Ankara")
    assert _found(query) == {"Trafik İstanbul'da durdu", "ISTANBUL TRAFFIC", "istanbul havası"}


def test_turkish_capitals_find_small_letters_and_back(article):
    make_comment(article, text="ŞİŞLİ BELEDİYESİ")
    make_comment(article, text="şişli belediyesi")
    make_comment(article, text="Kadıköy")
    assert _found("şişli") == {"ŞİŞLİ BELEDİYESİ", "şişli belediyesi"}
    assert _found("ŞİŞLİ") == {"ŞİŞLİ BELEDİYESİ", "şişli belediyesi"}
    assert _found("KADIKÖY") == {"Kadıköy"}


def test_names_are_searched_the_same_way(article):
    make_comment(article, text="bir yorum", name="IŞIL ÖZGÜR")
    make_comment(article, text="başka", name="Ayşe")
    assert _found("ışıl özgür") == {"bir yorum"}
    assert _found("AYŞE") == {"başka"}


def test_what_the_database_matched_before_is_still_found(article):
    make_comment(article, text="Café Éclair")
    make_comment(article, text="plain English words")
    assert _found("Éclair") == {"Café Éclair"}
    assert _found("ENGLISH") == {"plain English words"}
    assert _found("nothing like it") == set()
