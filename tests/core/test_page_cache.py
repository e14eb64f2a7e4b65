"""The app page cache: anonymous pages are stored, personal ones never, purges are precise."""

from __future__ import annotations

import pytest

from broadsheet.core.page_cache import purge_paths
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_anonymous_pages_are_cached_and_purged_by_path(client, article):
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    assert client.get(article.url + "?page=2")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "miss"
    purge_paths([article.url])
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    assert client.get(article.url + "?page=2")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_logged_in_users_and_non_200_are_not_cached(admin_client, client):
    admin_client.get("/")
    assert "X-Page-Cache" not in admin_client.get("/")
    client.get("/missing-page/")
    assert "X-Page-Cache" not in client.get("/missing-page/")


def test_publishing_purges_home_and_topic_pages(client, topic):
    make_article(title="First story", topics=[topic])
    client.get("/")
    client.get(topic.get_absolute_url())
    make_article(title="Second story", topics=[topic])
    assert "Second story" in client.get("/").content.decode()
    assert "Second story" in client.get(topic.get_absolute_url()).content.decode()


def test_cached_pages_carry_no_per_reader_token(client, article):
    response = client.get(article.url)
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_a_hit_runs_no_query_and_keeps_the_stack_headers(
    client, article, django_assert_num_queries
):
    miss = client.get(article.url)
    with django_assert_num_queries(0):
        hit = client.get(article.url)
    assert hit["X-Page-Cache"] == "hit"
    assert hit.content == miss.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "Referrer-Policy", "Content-Type"):
        assert hit[header] == miss[header]


def test_http_and_https_are_cached_apart(client, article, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    assert "Strict-Transport-Security" not in client.get(article.url)
    secure = client.get(article.url, secure=True)
    assert secure["X-Page-Cache"] == "miss" and "Strict-Transport-Security" in secure
    assert "Strict-Transport-Security" not in client.get(article.url)
    assert "Strict-Transport-Security" in client.get(article.url, secure=True)


def test_static_files_and_reader_endpoints_skip_the_page_cache(client, article):
    for path in ("/static/broadsheet/site.css", "/comments/token/"):
        client.get(path)
        assert "X-Page-Cache" not in client.get(path)
