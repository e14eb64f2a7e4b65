"""A Turkish site shows readers no English: pages, the form without JavaScript, error answers.

The English sentences looked for are the msgids of the readers' catalogues
(``tests/support/catalogues.py``): a string shown to readers but not marked for translation,
or marked but not translated, stays English on a Turkish site and is found here. The English
renders of the same pages are the control: there the same finder must find those sentences.
"""

# ruff: noqa: RUF001 - Turkish text has the dotless i on purpose

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone, translation
from django.utils.dates import MONTHS

from broadsheet.comments.models import Comment
from broadsheet.core import views
from broadsheet.moderation import services
from tests.comments.helpers import approved, form_fields, post_json, tokens
from tests.factories import make_article, make_topic
from tests.support.catalogues import english_found, english_messages, visible_chunks

pytestmark = pytest.mark.django_db


@pytest.fixture
def turkish(settings):
    """The site in Turkish, as ``BROADSHEET_LANGUAGE=tr`` makes it."""
    settings.LANGUAGE_CODE = "tr"
    settings.SITE_LANGUAGES = ["tr"]


@pytest.fixture
def messages():
    return english_messages()


@pytest.fixture
def turkish_article(db, instant_forms):
    topic = make_topic("Kıyı Şeridi", featured=True)
    article = make_article(
        title="İskele yolu yeniden açıldı",
        topics=[topic],
        standfirst="Belediye onarımın tamamlandığını duyurdu.",
        body=[("paragraph", "<p>Çalışmalar üç ay sürdü.</p>")],
        byline="Ayşe Yılmaz",
        dateline="İzmir",
        source_name="Haber Ajansı",
    )
    first = approved(article, author_name="Işıl Çınar", text="Sonunda! Çok sevindim.")
    approved(article, author_name="İlker Öztürk", text="Katılıyorum.", parent_id=first.pk)
    removed = approved(article, author_name="Okur", text="Kaldırılacak yorum.")
    approved(article, author_name="Deniz", text="Yanıt kalır.", parent_id=removed.pk)
    services.comment_reject(comment_id=removed.pk, moderator=None, reason="off_topic")
    return article


def _pages(client: Client, article) -> dict[str, str]:
    """The reader pages to look through, by name: each page's HTML."""
    post_url = f"/comments/articles/{article.pk}/post/"
    pages = {
        "article": client.get(article.url),
        "article after posting": client.get(article.url + "?comment=received"),
        "home": client.get("/"),
        "topic": client.get(article.topic_list[0].get_absolute_url()),
        "search with results": client.get("/search/", {"q": "İskele"}),
        "search without results": client.get("/search/", {"q": "zzyzx"}),
        "search without a query": client.get("/search/"),
        "404": client.get("/no-such-page/"),
        "400 (bad Content-Length)": client.post("/search/", CONTENT_LENGTH="x"),
        "form without JavaScript": client.get(post_url),
        "form for an unknown article": client.get("/comments/articles/999999/post/"),
        "form confirm step": client.post(post_url, {"author_name": "Işık", "text": "Merhaba"}),
        "form refused": client.post(post_url, form_fields(client, author_name="")),
        "403 (CSRF)": Client(enforce_csrf_checks=True).post("/search/", {"q": "x"}),
        "403": views.permission_denied(RequestFactory().get("/")),
        "500": views.server_error(RequestFactory().get("/")),
    }
    return {name: response.content.decode() for name, response in pages.items()}


def _json_messages(client: Client, article) -> dict[str, str]:
    """The ``message`` of the JSON error answers to bad posts, by what was wrong."""
    closed = make_article(title="Kapalı haber", comments_open=False)
    issued = tokens(client)
    answers = {
        "name missing": post_json(client, article, author_name=""),
        "name too long": post_json(client, article, author_name="a" * 61),
        "name invisible": post_json(client, article, author_name="\u200b"),
        "text missing": post_json(client, article, text=" "),
        "text too long": post_json(client, article, text="a" * 5000),
        "text with NUL": post_json(client, article, text="a\x00"),
        "bad e-mail": post_json(client, article, author_email="not-an-address"),
        "name not text": post_json(client, article, author_name=["a"]),
        "parent not a number": post_json(client, article, parent="abc"),
        "parent out of range": post_json(client, article, parent=10**30),
        "unknown parent": post_json(client, article, parent=999999),
        "notice version missing": post_json(client, article, notice_version=None),
        "notice version ahead": post_json(client, article, notice_version=99),
        "honeypot": post_json(client, article, website="http://spam.example"),
        "form token missing": post_json(client, article, form_token=""),
        "form token forged": post_json(client, article, form_token="forged:token"),
        "bad idempotency key": post_json(client, article, idempotency_key="é" * 3),
        "invalid JSON": post_json(client, article, raw="{not json"),
        "JSON not an object": post_json(client, article, raw="[1, 2]"),
        "closed article": post_json(client, closed),
        "not JSON": client.post(
            f"/comments/api/articles/{article.pk}/",
            {"text": "x"},
            HTTP_X_CSRFTOKEN=issued["csrf_token"],
        ),
        "no CSRF token": Client(enforce_csrf_checks=True).post(
            f"/comments/api/articles/{article.pk}/", "{}", content_type="application/json"
        ),
        "unknown article": client.get("/comments/api/articles/999999/"),
        "unknown JSON path": client.get("/comments/api/nothing/", HTTP_ACCEPT="application/json"),
    }
    messages = {}
    for name, response in answers.items():
        assert response.status_code >= 400, name
        messages[name] = response.json()["error"]["message"]
    return messages


def test_the_catalogues_hold_the_reader_messages(messages):
    msgids = {message.msgid for message in messages}
    assert len(msgids) > 100
    for sentence in (
        "Your Name",
        "Characters Left:",
        "Please enter your name.",
        "This comment was removed.",
        "We could not reach the server. Please try again.",
        "Page not found",
    ):
        assert sentence in msgids


def test_turkish_pages_show_no_english_sentence(client, turkish, turkish_article, messages):
    pages = _pages(client, turkish_article)
    leftovers = {
        name: found
        for name, html in pages.items()
        if (found := english_found(visible_chunks(html), messages))
    }
    assert leftovers == {}
    assert all('<html lang="tr">' in html for html in pages.values())
    assert "Lütfen sayfayı yenileyin" in pages["403 (CSRF)"]
    assert "Bir sorun oluştu" in pages["500"]
    assert "Sayfa bulunamadı" in pages["404"]
    assert "Sayfa bulunamadı" not in pages["topic"] + pages["search with results"]
    assert "Content-Length başlığı geçersiz." in pages["400 (bad Content-Length)"]


def test_turkish_feeds_show_no_english_sentence(client, turkish, turkish_article, messages):
    topic_feed = turkish_article.topic_list[0].get_absolute_url() + "rss/"
    feeds = {
        path: client.get(path).content.decode()
        for path in ("/feeds/rss/", "/feeds/atom/", topic_feed)
    }
    leftovers = {
        path: found
        for path, xml in feeds.items()
        if (found := english_found(visible_chunks(xml), messages))
    }
    assert leftovers == {}
    assert "Kıyı Şeridi ile ilgili haberler" in feeds[topic_feed]


def test_turkish_error_answers_show_no_english_sentence(client, turkish, turkish_article, messages):
    answers = _json_messages(client, turkish_article)
    leftovers = {
        name: message
        for name, message in answers.items()
        if english_found([message], messages) or not message
    }
    assert leftovers == {}
    assert not Comment.objects.filter(article=turkish_article, status="pending").exists()


def test_the_english_site_shows_those_sentences(client, turkish_article, messages):
    """The control: the finder sees the English of every page and answer looked through."""
    pages = _pages(client, turkish_article)
    for name, html in pages.items():
        assert english_found(visible_chunks(html), messages), name
    article_found = english_found(visible_chunks(pages["article after posting"]), messages)
    for sentence in ("Your Name", "Characters Left:", "Reply", "This comment was removed."):
        assert sentence in article_found
    for name, message in _json_messages(client, turkish_article).items():
        assert english_found([message], messages), name
    assert english_found(visible_chunks(client.get("/feeds/rss/").content.decode()), messages)


def test_turkish_pages_use_the_newsroom_wording(client, turkish, turkish_article):
    html = client.get(turkish_article.url + "?comment=received").content.decode()
    chunks = visible_chunks(html)
    for wording in (
        "Adınız",
        "Kalan karakter:",
        "Yorumu Gönder",
        "Yasal uyarı",
        "Yanıtla",
        "Bu yorum kaldırıldı.",
        "Işıl Çınar adlı okurun yorumu",
    ):
        assert wording in chunks
    assert any("Yorumunuz onay için yöneticiye iletilmiştir." in chunk for chunk in chunks)
    with translation.override("tr"):
        month = str(MONTHS[timezone.localtime(turkish_article.published_at).month])
    assert f"{month} " in html  # dates in Turkish too, in the article's meta and the comments


def test_the_script_catalogue_is_turkish_and_cacheable(client, turkish):
    response = client.get("/comments/jsi18n/tr/")
    assert response.status_code == 200
    assert response["Content-Language"] == "tr"
    assert response["Content-Type"].startswith("text/javascript")
    assert "public" in response["Cache-Control"]
    body = response.content.decode()
    # JavaScriptCatalog writes its messages as ASCII JSON.
    assert json.dumps("Sunucuya ulaşılamadı. Lütfen yeniden deneyin.") in body
