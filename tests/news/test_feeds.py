"""Feeds and discovery: RSS, Atom, sitemaps, robots.txt."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.utils import timezone
from wagtail.models import Site

from tests.factories import make_article, make_topic

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_site_rss_lists_live_articles(client):
    page = make_article(title="Rail strike called off")
    make_article(title="Unpublished piece", live=False)
    response = client.get("/feeds/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)
    titles = [item.findtext("title") for item in root.iter("item")]
    links = [item.findtext("link") for item in root.iter("item")]
    assert titles == ["Rail strike called off"]
    assert links == [settings.BASE_URL + page.url]


def test_site_atom_feed(client):
    make_article(title="Harbour festival dates")
    root = ElementTree.fromstring(client.get("/feeds/atom/").content)
    assert [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")] == [
        "Harbour festival dates"
    ]


def test_topic_feeds(client):
    topic = make_topic("Courts")
    make_article(title="Trial opens", topics=[topic])
    make_article(title="Unrelated")
    rss = ElementTree.fromstring(client.get("/topics/courts/rss/").content)
    assert [i.findtext("title") for i in rss.iter("item")] == ["Trial opens"]
    atom = ElementTree.fromstring(client.get("/topics/courts/atom/").content)
    assert [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")] == ["Trial opens"]


def test_sitemap_lists_articles(client):
    page = make_article(title="Council budget agreed")
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locs = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert any(loc.endswith(page.url) for loc in locs)


def test_sitemap_locations_follow_the_base_url_not_the_site_record(client, settings):
    """The Site record still says localhost:80 (``broadsheet sync_site`` never ran)."""
    settings.BASE_URL = "https://news.example.org"
    page = make_article(title="Ferry timetable changes")
    assert Site.objects.get(is_default_site=True).hostname == "localhost"
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locs = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert "https://news.example.org/" in locs
    assert f"https://news.example.org{page.url}" in locs
    assert all(loc.startswith("https://news.example.org/") for loc in locs)


def test_news_sitemap_holds_only_last_48_hours(client):
    make_article(title="Fresh story", published=timezone.now() - timedelta(hours=5))
    make_article(title="Stale story", published=timezone.now() - timedelta(hours=60))
    response = client.get("/news-sitemap.xml")
    root = ElementTree.fromstring(response.content)
    news = "{http://www.google.com/schemas/sitemap-news/0.9}"
    assert [t.text for t in root.iter(f"{news}title")] == ["Fresh story"]


def test_robots_txt_points_at_sitemaps(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert f"Sitemap: {settings.BASE_URL}/sitemap.xml" in body
