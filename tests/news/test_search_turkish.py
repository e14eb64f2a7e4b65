"""Turkish words in search and addresses: capitals found whichever way the index folded them,
and a Turkish topic reachable at an ASCII address."""

# ruff: noqa: RUF001 - Turkish text has the dotless i on purpose

from __future__ import annotations

import pytest

from broadsheet.news.models import Topic
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


def test_a_turkish_topic_gets_an_address_its_page_answers_at(client):
    topic = make_topic_by_editor("Kıyı Şeridi")
    assert topic.slug == "kiyi-seridi"
    article = make_article(title="Sahil yolu açıldı", topics=[topic])
    response = client.get(topic.get_absolute_url())
    assert response.status_code == 200
    assert article.title in response.content.decode()


def make_topic_by_editor(name: str) -> Topic:
    """A topic saved as the snippet editor saves it: the slug left for the model to make."""
    return Topic.objects.create(name=name)
