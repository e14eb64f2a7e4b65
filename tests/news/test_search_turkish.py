"""Search finds Turkish words typed in capitals, whichever way the index folded them."""

# ruff: noqa: RUF001 - Turkish text has the dotless i on purpose

from __future__ import annotations

import pytest

from broadsheet.news.selectors import search_articles
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    return {
        "light": make_article(title="Sahil yolunda ışık gösterisi"),
        "izmir": make_article(title="İzmir limanında yeni iskele"),
        "english": make_article(title="Island ferry returns"),
    }


def _found(query: str) -> set[str]:
    return {article.title for article in search_articles(query=query)}


def test_a_turkish_word_in_capitals_is_found(articles):
    assert _found("IŞIK") == {"Sahil yolunda ışık gösterisi"}
    assert _found("IŞIK GÖSTERİSİ") == {"Sahil yolunda ışık gösterisi"}
    assert _found("İZMİR") == {"İzmir limanında yeni iskele"}


def test_words_as_typed_still_match(articles):
    assert _found("ışık") == {"Sahil yolunda ışık gösterisi"}
    assert _found("izmir") == {"İzmir limanında yeni iskele"}
    # An English word with a capital I keeps its default folding.
    assert _found("ISLAND") == {"Island ferry returns"}
    # Every word must match, as before.
    assert _found("IŞIK ferry") == set()
