"""The app page cache: anonymous pages are stored, personal ones never, purges are precise."""

from __future__ import annotations

from wsgiref.util import setup_testing_defaults

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

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


# --- in front of Django: broadsheet.wsgi ---------------------------------------------------


def _wsgi(
    path: str,
    *,
    method: str = "GET",
    host: str = "localhost",
    cookie: str = "",
    extra: dict | None = None,
    application=None,
):
    """One request through ``broadsheet.wsgi.application``: ``(status, headers, body)``.

    ``application``: another one, e.g. ``fresh_wsgi()`` for a test that changes settings the
    middleware reads when it is built (``SECURE_SSL_REDIRECT``).
    """
    if application is None:
        from broadsheet.wsgi import application

    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_HOST": host, **(extra or {})}
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    # As Django's test client does: the test's transaction must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = application(environ, start_response)
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body


def fresh_wsgi():
    """The WSGI front over a new Django handler, built with the settings in force now."""
    from django.core.handlers.wsgi import WSGIHandler

    from broadsheet.core.page_cache import PageCacheWSGI

    return PageCacheWSGI(WSGIHandler())


def test_the_wsgi_front_answers_hits_before_django(article, django_assert_num_queries):
    status, headers, body = _wsgi(article.url)
    assert (status, headers["X-Page-Cache"]) == ("200 OK", "miss")
    with django_assert_num_queries(0):
        hit = _wsgi(article.url)
    assert hit[0] == "200 OK" and hit[1]["X-Page-Cache"] == "hit" and hit[2] == body
    assert hit[1]["Content-Security-Policy"] == headers["Content-Security-Policy"]
    assert _wsgi(article.url, method="HEAD")[2] == b""
    purge_paths([article.url])
    assert _wsgi(article.url)[1]["X-Page-Cache"] == "miss"


def test_the_wsgi_front_passes_on_what_it_must_not_answer(article, settings):
    _wsgi(article.url)
    signed_in = _wsgi(article.url, cookie=f"{settings.SESSION_COOKIE_NAME}=abc")
    assert "X-Page-Cache" not in signed_in[1]
    status, headers, _ = _wsgi(article.url, host="evil.example")
    assert status.startswith("400") and "Content-Security-Policy" in headers
    posted = _wsgi(article.url, method="POST")
    assert posted[0].startswith("403") and "X-Page-Cache" not in posted[1]  # CSRF, not the page


# --- redirects: never stored, whatever the scheme -------------------------------------------


def test_a_plain_http_redirect_is_never_served_to_https_readers(article, settings):
    """The 301 to HTTPS a plain-HTTP request gets must not reach HTTPS readers (cached loop)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    plain = {"HTTP_X_FORWARDED_PROTO": "http", "REMOTE_ADDR": "127.0.0.1"}
    secure = {"HTTP_X_FORWARDED_PROTO": "https", "REMOTE_ADDR": "127.0.0.1"}
    app = fresh_wsgi()
    for _ in range(2):
        status, headers, _ = _wsgi(article.url, extra=plain, application=app)
        assert status.startswith("301") and "X-Page-Cache" not in headers
    status, headers, _ = _wsgi(article.url, extra=secure, application=app)
    assert (status, headers["X-Page-Cache"]) == ("200 OK", "miss")
    status, headers, _ = _wsgi(article.url, extra=secure, application=app)
    assert (status, headers["X-Page-Cache"]) == ("200 OK", "hit")
    assert _wsgi(article.url, extra=plain, application=app)[0].startswith("301")


def test_redirects_are_never_cached(client, article):
    without_slash = article.url.rstrip("/")
    for _ in range(2):
        response = client.get(without_slash)
        assert response.status_code == 301 and "X-Page-Cache" not in response
