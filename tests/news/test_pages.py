"""The public pages: home, article, topic, search, 404, and the reference page's shape."""

from __future__ import annotations

import json
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_article, make_topic

pytestmark = pytest.mark.django_db


class _Collector(HTMLParser):
    """Collects links, meta tags and JSON-LD blocks from a page."""

    def __init__(self):
        super().__init__()
        self.links: list[dict] = []
        self.meta: dict[str, str] = {}
        self.json_ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.links.append(attrs)
        elif tag == "meta" and attrs.get("property"):
            self.meta[attrs["property"]] = attrs.get("content", "")
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def test_article_page_has_reference_shape(client):
    featured = [make_topic("Harbourside", featured=True), make_topic("Transport", featured=True)]
    page = make_article(title="Ferry timetable changes", topics=featured[:1], dateline="Portlow")
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    # The Featured row, in the editors' order, on the article page.
    assert '<nav class="featured"' in html
    assert html.index(">Harbourside</a>") < html.index(">Transport</a>")
    assert '<h1 class="headline">Ferry timetable changes</h1>' in html
    for action in ("Post a Comment", "Print", "Share on Facebook"):
        assert action in html
    doc = parse(html)
    absolute = settings.BASE_URL + page.url
    facebook = [a["href"] for a in doc.links if "facebook.com/sharer" in a.get("href", "")]
    assert len(facebook) == 1
    assert parse_qs(urlsplit(facebook[0]).query)["u"] == [absolute]
    assert doc.meta["og:title"] == "Ferry timetable changes"
    assert doc.meta["og:url"] == absolute
    assert f'<link rel="canonical" href="{absolute}">' in html
    ld = json.loads(doc.json_ld[0])
    assert ld["@type"] == "NewsArticle"
    assert ld["headline"] == "Ferry timetable changes"
    assert ld["mainEntityOfPage"]["@id"] == absolute
    assert ld["locationCreated"]["name"] == "Portlow"
    assert 'href="#comments"' in html and 'id="comments"' in html


def test_article_json_ld_cannot_break_out_of_script(client):
    page = make_article(title="A </script><script>alert(1)</script> headline")
    html = client.get(page.url).content.decode()
    doc = parse(html)
    assert json.loads(doc.json_ld[0])["headline"].startswith("A </script>")
    assert "<script>alert(1)</script>" not in html


def test_article_share_links_cover_email_x_whatsapp(client):
    page = make_article(title="Bridge reopens")
    hrefs = [a.get("href", "") for a in parse(client.get(page.url).content.decode()).links]
    assert any(h.startswith("mailto:") for h in hrefs)
    assert any(h.startswith("https://twitter.com/intent/tweet?") for h in hrefs)
    assert any(h.startswith("https://wa.me/?") for h in hrefs)


def test_home_page_lead_latest_and_featured(client, django_assert_max_num_queries, no_page_cache):
    topic = make_topic("Culture", featured=True)
    old = make_article(title="Older story", published=timezone.now() - timedelta(days=3))
    new = make_article(title="Newest story", topics=[topic])
    client.get("/")  # creates the site's newsroom settings row
    with django_assert_max_num_queries(10):
        response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Newest story") < html.index("Older story")
    assert 'aria-label="Lead article"' in html
    assert ">Culture</a>" in html
    assert new.url in html and old.url in html


def test_home_page_paginates_and_tolerates_bad_page_numbers(client):
    for i in range(13):
        make_article(title=f"Story {i}", published=timezone.now() - timedelta(hours=i + 1))
    assert "Story 12" not in client.get("/").content.decode()
    assert "Story 12" in client.get("/?page=2").content.decode()
    for bad in ("x", "-1", "999"):
        assert client.get(f"/?page={bad}").status_code == 200


def test_home_page_query_count_does_not_grow_with_articles(client, no_page_cache):
    make_article(title="First")
    make_article(title="Second")
    client.get("/")  # the first request creates the site's newsroom settings row
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for i in range(8):
        make_article(title=f"More {i}", topics=[make_topic(f"Topic {i}")])
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)


def test_unpublished_article_is_not_listed_or_served(client):
    draft = make_article(title="Embargoed report", live=False)
    assert "Embargoed report" not in client.get("/").content.decode()
    assert client.get(f"/{draft.slug}/").status_code == 404


def test_topic_page_lists_only_its_articles(client):
    transport = make_topic("Transport")
    make_article(title="Tram line extended", topics=[transport])
    make_article(title="Museum reopens")
    response = client.get("/topics/transport/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Transport</h1>" in html
    assert "Tram line extended" in html and "Museum reopens" not in html


def test_unknown_paths_get_the_styled_404(client):
    for path in ("/no-such-page/", "/topics/no-such-topic/", "/topics/no-such/rss/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


def test_search_finds_live_articles_only(client):
    make_article(title="Lighthouse restored", body=[("paragraph", "<p>Keepers cheered.</p>")])
    make_article(title="Lighthouse draft", live=False)
    response = client.get("/search/", {"q": "lighthouse"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lighthouse restored" in html and "Lighthouse draft" not in html
    assert client.get("/search/", {"q": "x" * 5000}).status_code == 200
    assert client.get("/search/").status_code == 200


def test_admin_is_served(client, admin_client):
    assert client.get("/admin/").status_code == 302
    assert admin_client.get("/admin/").status_code == 200
