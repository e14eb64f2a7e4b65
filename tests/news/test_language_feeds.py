"""Feeds, the sitemap and the Google News sitemap carry each article's language.

Parsed with the standard library's XML parser; namespaces and the News sitemap's required
elements (publication name and language, publication date, title) checked for a Turkish
article and an English one.
"""
# ruff: noqa: RUF001 - Turkish text on purpose

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.factories import make_article, make_topic, make_translation

pytestmark = pytest.mark.django_db

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def pair(bilingual):
    topic = make_topic("Harbourside")
    english = make_article(title="Harbour wall repairs begin", topics=[topic])
    turkish = make_translation(
        english, "tr", title="Liman duvarında onarım başladı", slug="liman-duvari"
    )
    return english, turkish


def test_rss_feeds_are_one_language_each(client, pair):
    english, turkish = pair
    for lang, page, other in (("tr", turkish, english), ("en", english, turkish)):
        for path in (f"/{lang}/feeds/rss/", f"/{lang}/topics/harbourside/rss/"):
            channel = ET.fromstring(client.get(path).content).find("channel")
            assert channel.findtext("language") == lang
            assert channel.findtext("link") == f"{settings.BASE_URL}/{lang}/" or "topics" in path
            links = [item.findtext("link") for item in channel.findall("item")]
            assert links == [settings.BASE_URL + page.url]
            assert settings.BASE_URL + other.url not in links


def test_atom_feeds_carry_xml_lang_on_the_feed_and_each_entry(client, pair):
    english, turkish = pair
    for lang, page in (("tr", turkish), ("en", english)):
        feed = ET.fromstring(client.get(f"/{lang}/feeds/atom/").content)
        assert feed.tag == f"{{{ATOM}}}feed"
        assert feed.get(XML_LANG) == lang
        entries = feed.findall(f"{{{ATOM}}}entry")
        assert [entry.get(XML_LANG) for entry in entries] == [lang]
        assert entries[0].findtext(f"{{{ATOM}}}title") == page.title


def test_sitemap_lists_both_languages_with_hreflang_alternates(client, pair):
    english, turkish = pair
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{{{SITEMAP}}}urlset"
    # Wagtail builds the sitemap's absolute URLs from the Site's hostname: compare paths.
    urls = {
        urlsplit(url.findtext(f"{{{SITEMAP}}}loc")).path: {
            link.get("hreflang"): urlsplit(link.get("href")).path
            for link in url.findall(f"{{{XHTML}}}link")
            if link.get("rel") == "alternate"
        }
        for url in root.findall(f"{{{SITEMAP}}}url")
    }
    expected = {"en": english.url, "tr": turkish.url, "x-default": turkish.url}
    assert urls[english.url] == urls[turkish.url] == expected
    assert urls["/tr/"] == {"en": "/en/", "tr": "/tr/", "x-default": "/tr/"}
    assert set(urls) == {"/en/", "/tr/", english.url, turkish.url}


def test_news_sitemap_names_each_articles_language(client, pair):
    english, turkish = pair
    root = ET.fromstring(client.get("/news-sitemap.xml").content)
    assert root.tag == f"{{{SITEMAP}}}urlset"
    found = {}
    for url in root.findall(f"{{{SITEMAP}}}url"):
        news = url.find(f"{{{NEWS}}}news")
        publication = news.find(f"{{{NEWS}}}publication")
        assert publication.findtext(f"{{{NEWS}}}name") == settings.WAGTAIL_SITE_NAME
        assert news.findtext(f"{{{NEWS}}}publication_date")
        found[url.findtext(f"{{{SITEMAP}}}loc")] = (
            publication.findtext(f"{{{NEWS}}}language"),
            news.findtext(f"{{{NEWS}}}title"),
        )
    assert found == {
        settings.BASE_URL + english.url: ("en", english.title),
        settings.BASE_URL + turkish.url: ("tr", turkish.title),
    }


def test_one_language_keeps_its_urls_and_says_its_language(client, settings):
    settings.LANGUAGE_CODE = settings.SITE_LANGUAGES[0]
    page = make_article(title="Ferry timetable changes")
    assert page.url == "/ferry-timetable-changes/"
    channel = ET.fromstring(client.get("/feeds/rss/").content).find("channel")
    assert channel.findtext("language") == settings.LANGUAGE_CODE
    feed = ET.fromstring(client.get("/feeds/atom/").content)
    assert feed.get(XML_LANG) == settings.LANGUAGE_CODE
    news = ET.fromstring(client.get("/news-sitemap.xml").content)
    assert news.find(f".//{{{NEWS}}}language").text == settings.LANGUAGE_CODE
