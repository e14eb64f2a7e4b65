"""Settings changes reach readers at once: the page cache never serves the old page.

The live tests run a real server (gunicorn, two workers) with its page cache in Redis, as
deployed. The change is made in ``broadsheet shell`` against the server's own database and
cache (``LiveServer.shell``), the way a second app process would make it: its purge must
reach the pages the server's workers have cached. (With the embedded local-memory cache each
worker has its own cache, which no other process can purge: hence Redis here.)

The in-process tests check the same through Django's test client and the page cache
middleware (the cache in this process's memory), with the after-commit purges executed.
"""

from __future__ import annotations

import contextlib
import re

import pytest
import redis as redis_client
from django.db import transaction
from django.test import Client
from wagtail.models import PageViewRestriction, Site

from broadsheet.comments.models import CommentSettings, legal_notice_update
from broadsheet.news.models import FeaturedTopic
from tests.comments.helpers import approved
from tests.factories import make_article, make_topic
from tests.support.fronts import (
    varnish_process,
    varnishd_path,
)
from tests.support.server import (
    REQUEST_TIMEOUT,
    LiveServer,
    free_port,
    live_server_process,
    new_session,
)
from tests.support.tools import require_tool

REDIS_URL = "redis://127.0.0.1:6379/13"  # its own database: other suites flush 14 and 15
# A demo article open for comments, and its standfirst.
ARTICLE_PATH = "/fringe-on-the-quay-returns/"
ARTICLE_BODY = "a late-night cabaret in a converted grain store"
FEATURED_NAV = re.compile(r'<nav class="featured"[^>]*>(.*?)</nav>', re.S)


def _featured_links(html: str) -> list[str]:
    found = FEATURED_NAV.search(html)
    return re.findall(r'href="([^"]+)"', found.group(1)) if found else []


# --- through a live server ------------------------------------------------------------------


def _forget_cache_keys(server: LiveServer) -> None:
    prefix = server.env["CACHE_KEY_PREFIX"]
    with contextlib.closing(redis_client.Redis.from_url(REDIS_URL)) as conn:
        keys = list(conn.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            conn.delete(*keys)


@pytest.fixture(scope="module")
def server():
    with live_server_process(workers=2, redis=REDIS_URL) as live:
        try:
            yield live
        finally:
            _forget_cache_keys(live)


def _get(server: LiveServer, path: str = ARTICLE_PATH):
    with new_session() as session:  # a new anonymous reader: no cookies
        response = session.get(f"{server.url}{path}", timeout=REQUEST_TIMEOUT)
    assert response.status_code == 200, server.log_tail(60)
    return response


def _cached(server: LiveServer, path: str = ARTICLE_PATH):
    """Fetch until the page comes from the cache (the second fetch at the latest)."""
    _get(server, path)
    hit = _get(server, path)
    assert hit.headers.get("X-Page-Cache") == "hit"
    return hit


@pytest.mark.slow
def test_live_a_new_legal_notice_shows_at_once(server):
    notice = "Comments are reviewed by the Port Carrick desk before publication (live)."
    before = _cached(server)
    assert notice not in before.text
    out = server.shell(
        "from django.db import transaction\n"
        "from wagtail.models import Site\n"
        "from broadsheet.comments.models import CommentSettings, legal_notice_update\n"
        "site = Site.objects.get(is_default_site=True)\n"
        "CommentSettings.for_site(site)\n"
        "with transaction.atomic():\n"
        "    rules = CommentSettings.objects.select_for_update().get(site=site)\n"
        f"    legal_notice_update(comment_settings=rules, text={notice!r}, by='editor')\n"
        "print('version', rules.notice_version)\n"
    )
    assert re.search(r"version \d+", out), out

    after = _get(server)

    assert after.headers.get("X-Page-Cache") != "hit"
    assert notice in after.text
    # Every worker sees it: the next readers get the new page, from the cache again.
    assert notice in _cached(server).text


@pytest.mark.slow
def test_live_a_removed_featured_topic_disappears_at_once(server):
    before = _cached(server)
    assert "/topics/culture/" in _featured_links(before.text)
    home = _cached(server, "/")
    assert "/topics/culture/" in _featured_links(home.text)
    out = server.shell(
        "from broadsheet.news.models import FeaturedTopic\n"
        "item = FeaturedTopic.objects.get(topic__slug='culture')\n"
        "item.delete()\n"
        "print('removed', FeaturedTopic.objects.filter(topic__slug='culture').count())\n"
    )
    assert "removed 0" in out, out

    after = _get(server)
    links = _featured_links(after.text)

    assert after.headers.get("X-Page-Cache") != "hit"
    assert links and "/topics/culture/" not in links
    assert "/topics/culture/" not in _featured_links(_get(server, "/").text)


@pytest.mark.slow
def test_live_making_the_article_private_stops_the_cached_page(server):
    before = _cached(server)
    assert ARTICLE_BODY in before.text
    out = server.shell(
        "from wagtail.models import Page, PageViewRestriction\n"
        f"page = Page.objects.get(slug={ARTICLE_PATH.strip('/')!r})\n"
        "PageViewRestriction.objects.create(page=page, restriction_type='password',\n"
        "    password='harbour-secret')\n"
        "print('restricted', PageViewRestriction.objects.filter(page=page).count())\n"
    )
    assert "restricted 1" in out, out

    for _ in range(4):  # each worker, and the cache they share
        after = _get(server)
        assert after.headers.get("X-Page-Cache") != "hit"
        assert ARTICLE_BODY not in after.text
        assert 'name="password"' in after.text

    server.shell(
        "from wagtail.models import PageViewRestriction\n"
        f"PageViewRestriction.objects.filter(page__slug={ARTICLE_PATH.strip('/')!r})"
        ".first().delete()\n"
    )
    assert ARTICLE_BODY in _get(server).text


# --- in process -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def behind_varnish():
    """The server behind Varnish (the shipped VCL), purging it through FRONTEND_CACHE_URL."""
    require_tool(varnishd_path(), program="varnishd", package="varnish")
    port = free_port()
    front = {"FRONTEND_CACHE_URL": f"http://127.0.0.1:{port}"}
    with (
        live_server_process(workers=2, redis=REDIS_URL, env=front) as live,
        varnish_process(live.port, port=port) as varnish,
    ):
        try:
            yield live, varnish
        finally:
            _forget_cache_keys(live)


def _through_varnish(varnish, path: str = ARTICLE_PATH):
    with new_session() as session:
        response = session.get(f"{varnish.url}{path}", timeout=REQUEST_TIMEOUT)
    assert response.status_code == 200
    return response


@pytest.mark.slow
def test_live_a_new_legal_notice_reaches_readers_through_varnish(behind_varnish):
    server, varnish = behind_varnish
    notice = "Comments are read by the Port Carrick desk first (through the front cache)."
    _through_varnish(varnish)
    assert _through_varnish(varnish).headers.get("X-Cache") == "HIT"
    server.shell(
        "from django.db import transaction\n"
        "from wagtail.models import Site\n"
        "from broadsheet.comments.models import CommentSettings, legal_notice_update\n"
        "site = Site.objects.get(is_default_site=True)\n"
        "CommentSettings.for_site(site)\n"
        "with transaction.atomic():\n"
        "    rules = CommentSettings.objects.select_for_update().get(site=site)\n"
        f"    legal_notice_update(comment_settings=rules, text={notice!r}, by='editor')\n"
    )
    after = _through_varnish(varnish)
    assert after.headers.get("X-Cache") != "HIT"
    assert notice in after.text


@pytest.fixture
def page_cache(settings):
    """The page cache on, in this process's own cache: other suites on this machine flush the
    shared Redis test database, which would turn an expected hit into a miss."""
    settings.PAGE_CACHE_ENABLED = True
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-settings-purges",
        }
    }


@pytest.fixture
def reader() -> Client:
    return Client()


def _hit(reader: Client, url: str):
    reader.get(url)
    response = reader.get(url)
    assert response["X-Page-Cache"] == "hit"
    return response


@pytest.mark.django_db
def test_a_new_legal_notice_shows_at_once(
    page_cache, reader, article, django_capture_on_commit_callbacks
):
    notice = "Comments are reviewed by the desk before publication (in process)."
    assert notice not in _hit(reader, article.url).content.decode()
    site = Site.objects.get(is_default_site=True)
    CommentSettings.for_site(site)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        rules = CommentSettings.objects.select_for_update().get(site=site)
        legal_notice_update(comment_settings=rules, text=notice, by="editor")

    after = reader.get(article.url)

    assert after["X-Page-Cache"] == "miss"
    assert notice in after.content.decode()


@pytest.mark.django_db
def test_a_removed_featured_topic_disappears_at_once(
    page_cache, reader, article, django_capture_on_commit_callbacks
):
    make_topic("Culture", featured=True)
    make_topic("Transport", featured=True)
    assert "/topics/culture/" in _featured_links(_hit(reader, article.url).content.decode())
    assert "/topics/culture/" in _featured_links(_hit(reader, "/").content.decode())

    with django_capture_on_commit_callbacks(execute=True):
        FeaturedTopic.objects.get(topic__slug="culture").delete()

    after = reader.get(article.url)
    assert after["X-Page-Cache"] == "miss"
    assert _featured_links(after.content.decode()) == ["/topics/transport/"]
    assert _featured_links(reader.get("/").content.decode()) == ["/topics/transport/"]


@pytest.mark.django_db
def test_making_the_article_private_stops_the_cached_page(
    page_cache, reader, article, django_capture_on_commit_callbacks
):
    body = "Masonry crews closed the promenade"
    private = make_article(
        title="Promenade closed", body=[("paragraph", f"<p>{body} on Tuesday.</p>")]
    )
    assert body in _hit(reader, private.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=private, restriction_type="password", password="harbour-secret"
        )

    for _ in range(2):
        after = reader.get(private.url)
        assert after.get("X-Page-Cache") != "hit"
        assert body not in after.content.decode()
        assert 'name="password"' in after.content.decode()


@pytest.mark.django_db
def test_a_new_legal_notice_shows_at_once_on_an_article_with_comments(
    page_cache, reader, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = approved(article, text="Glad the wall is being fixed at last.")
    notice = "Comments under articles with a discussion follow the new rules."
    before = _hit(reader, article.url).content.decode()
    assert comment.text in before
    assert notice not in before
    site = Site.objects.get(is_default_site=True)
    CommentSettings.for_site(site)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        rules = CommentSettings.objects.select_for_update().get(site=site)
        legal_notice_update(comment_settings=rules, text=notice, by="editor")

    after = reader.get(article.url)

    assert after["X-Page-Cache"] == "miss"
    assert notice in after.content.decode()
    assert comment.text in after.content.decode()
