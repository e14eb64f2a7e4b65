"""The shipped nginx front cache (deploy/nginx/) against a real nginx and a real app.

The same rules as the VCL (tests/deploy/test_varnish.py): one cache entry per resource however
its URL is spelled, /comments/ and the admin never cached however spelled, the session cookie
matched as a cookie, answers over plain HTTP never served over HTTPS. Without a purge module
pages live one second (two at most: nginx counts whole seconds); the app's purge hook, sent to
nginx, re-renders the page at once.
"""

from __future__ import annotations

import re
import secrets
import time

import pytest

from tests.deploy.front import app_workers
from tests.deploy.front import get_exact as _get
from tests.deploy.front import until_hit as _until_hit
from tests.support.clients import (
    admin_session,
    approve_in_admin,
    article_form,
    fetch_tokens,
    post_comment,
    raw_request,
)
from tests.support.fronts import (
    nginx_front_process,
    nginx_path,
)
from tests.support.server import (
    DEMO_ARTICLE_PATH,
    free_port,
    live_server_process,
    new_session,
)
from tests.support.tools import require_tool

pytestmark = pytest.mark.slow

ARTICLE = DEMO_ARTICLE_PATH  # "/harbour-line-opens/"
VARIANTS = (
    "/%68arbour-line-opens/",  # an escaped unreserved letter
    "/harbour%2dline-opens/",  # a lower-case escape of "-"
    "/%68%61rbour-line-opens%2F",  # several, and an escaped "/"
    "/topics/../harbour-line-opens/",  # a dot segment
)
SERVED_FROM_CACHE = {"HIT", "STALE", "UPDATING", "REVALIDATED"}
# Seconds from the approval to readers seeing it, with the purge hook: the refresh is one
# request; the margin is for a busy machine (measured: well under a second when it is calm).
VISIBLE_WITHIN = 1.5
# Without it: nginx counts a page's one second of life in whole seconds of its clock, so a page
# stored at 10.0 s is fresh until 12.0 s (two seconds at most), plus the render replacing it.
MICROCACHE_LIFE = 3.0  # two seconds, plus the render and a busy machine's margin


@pytest.fixture(scope="module")
def app():
    require_tool(nginx_path(), program="nginx", package="nginx")
    with live_server_process(workers=app_workers()) as server:
        yield server


@pytest.fixture
def nginx(app):
    with nginx_front_process(app.port) as front:
        yield front


def _from_cache(response) -> bool:
    return response.headers.get("X-Cache") in SERVED_FROM_CACHE


@pytest.mark.parametrize("variant", VARIANTS)
def test_an_escaped_spelling_shares_the_plain_paths_entry(nginx, variant):
    plain = _until_hit(f"{nginx.url}{ARTICLE}")
    spelled = _get(f"{nginx.url}{variant}")
    assert spelled.status_code == 200
    assert spelled.headers.get("X-Cache") == "HIT"
    assert spelled.content == plain.content


def test_a_path_that_decodes_to_a_query_is_not_cached(nginx):
    # "/a%3Fb" and "/a?b" would both be the key "/a?b"; the first is never a page.
    _until_hit(f"{nginx.url}{ARTICLE}?comments=1")
    odd = _get(f"{nginx.url}{ARTICLE}%3Fcomments=1")
    assert odd.status_code == 404
    assert not _from_cache(odd)
    assert _get(f"{nginx.url}{ARTICLE}?comments=1").status_code == 200


def test_comments_endpoints_are_never_cached_however_spelled(nginx):
    article_id = article_form(new_session(), nginx.url).article_id
    for path in (
        f"/comments/api/articles/{article_id}/",
        f"/%63omments/api/articles/{article_id}/",
        f"/%63%6Fmments/api/articles/{article_id}/",
        f"/comments%2fapi/articles/{article_id}/",
        f"/x/../comments/api/articles/{article_id}/",
    ):
        for _ in range(3):
            response = _get(f"{nginx.url}{path}")
            assert response.status_code in (200, 404), path
            assert not _from_cache(response), path


@pytest.mark.parametrize(
    "cookie", ["xsessionid=abc", "my_sessionid=abc; csrftoken=x", "csrftoken=sessionid=1"]
)
def test_a_cookie_merely_containing_the_session_cookies_name_is_cached(nginx, cookie):
    _until_hit(f"{nginx.url}{ARTICLE}", headers={"Cookie": cookie})


def test_readers_with_different_cookies_share_one_entry(nginx):
    # Every reader who opened the comment form has a CSRF cookie of their own.
    first = _until_hit(f"{nginx.url}{ARTICLE}", headers={"Cookie": "csrftoken=first"})
    other = _get(f"{nginx.url}{ARTICLE}", headers={"Cookie": "csrftoken=other"})
    assert other.headers.get("X-Cache") == "HIT"
    assert other.content == first.content
    assert _get(f"{nginx.url}{ARTICLE}").headers.get("X-Cache") == "HIT"


@pytest.mark.parametrize(
    "cookie", ["sessionid=abc", "csrftoken=x; sessionid=abc", "csrftoken=x;sessionid=abc"]
)
def test_the_session_cookie_always_passes(nginx, cookie):
    _until_hit(f"{nginx.url}{ARTICLE}")
    for _ in range(3):
        response = _get(f"{nginx.url}{ARTICLE}", headers={"Cookie": cookie})
        assert response.status_code == 200
        assert not _from_cache(response)


@pytest.mark.parametrize("path", ["/admin/", "/%61dmin/", "/admin/pages/"])
def test_the_admin_is_never_cached(app, nginx, path):
    with admin_session(app) as staff:
        cookie = "; ".join(f"{c.name}={c.value}" for c in staff.cookies)
        for _ in range(2):
            mine = _get(f"{nginx.url}{path}", headers={"Cookie": cookie})
            assert mine.status_code == 200
            assert not _from_cache(mine)
    for _ in range(2):
        anonymous = _get(f"{nginx.url}{path}")
        assert anonymous.status_code == 302
        assert "/admin/login/" in anonymous.headers["Location"]
        assert not _from_cache(anonymous)


def test_posts_are_never_answered_from_the_cache(nginx):
    _until_hit(f"{nginx.url}{ARTICLE}")
    page_post = raw_request("POST", f"{nginx.url}{ARTICLE}", body=b"")
    assert not _from_cache(page_post)
    session = new_session()
    form = article_form(session, nginx.url)
    ids = set()
    for number in range(2):
        response = post_comment(
            session,
            nginx.url,
            form,
            text=f"Through nginx {number} {secrets.token_hex(4)}",
            tokens=fetch_tokens(session, nginx.url),
            idempotency_key=secrets.token_hex(16),
        )
        assert response.status_code == 202, response.text
        assert response.headers.get("X-Cache") is None
        ids.add(response.json()["id"])
    assert len(ids) == 2


def _seconds_until_shown(url: str, text: str, timeout: float) -> float:
    began = time.monotonic()
    while True:
        page = _get(url)
        assert page.status_code == 200
        elapsed = time.monotonic() - began
        if text in page.text:
            return elapsed
        assert elapsed <= timeout, f"not shown {elapsed:.2f} s after the approval"
        time.sleep(0.02)


def _pending_through(app, front_url: str, text: str) -> int:
    """Post ``text`` through the front cache; the stored comment's id in ``app``'s database."""
    session = new_session()
    posted = post_comment(session, front_url, article_form(session, front_url), text=text)
    assert posted.status_code == 202, posted.text
    return app.comment_pk(posted.json()["id"])


def test_the_purge_hook_refreshes_the_page_at_once():
    """FRONTEND_CACHE_URL pointed at nginx: the approval re-renders the page in the cache."""
    require_tool(nginx_path(), program="nginx", package="nginx")
    port = free_port()
    env = {"FRONTEND_CACHE_URL": f"http://127.0.0.1:{port}"}
    workers = app_workers()
    with (
        live_server_process(workers=workers, env=env) as app,
        nginx_front_process(app.port, port=port) as nginx,
    ):
        text = f"Approved behind nginx, purged {secrets.token_hex(6)}"
        comment_id = _pending_through(app, nginx.url, text)
        assert text not in _until_hit(f"{nginx.url}{ARTICLE}").text
        approve_in_admin(app, comment_id)
        assert _seconds_until_shown(f"{nginx.url}{ARTICLE}", text, VISIBLE_WITHIN) >= 0
        assert _get(f"{nginx.url}{ARTICLE}").headers.get("X-Cache") == "HIT"


def test_without_the_purge_hook_a_page_lives_at_most_two_seconds(app, nginx):
    text = f"Approved behind nginx, not purged {secrets.token_hex(6)}"
    comment_id = _pending_through(app, nginx.url, text)
    assert text not in _until_hit(f"{nginx.url}{ARTICLE}").text
    approve_in_admin(app, comment_id)
    _seconds_until_shown(f"{nginx.url}{ARTICLE}", text, MICROCACHE_LIFE)


def test_only_purge_refreshes_and_the_refresh_location_is_internal(nginx):
    stale = _until_hit(f"{nginx.url}{ARTICLE}")
    refreshed = raw_request("PURGE", f"{nginx.url}{ARTICLE}")
    assert refreshed.status_code == 200
    assert refreshed.headers.get("X-Cache") is None
    assert _get(f"{nginx.url}{ARTICLE}").headers.get("X-Cache") == "HIT"
    assert stale.status_code == 200
    assert _get(f"{nginx.url}/.broadsheet-refresh{ARTICLE}").status_code == 404


@pytest.fixture(scope="module")
def production_app():
    """Production settings: plain HTTP is redirected to HTTPS, HTTPS answers carry HSTS."""
    require_tool(nginx_path(), program="nginx", package="nginx")
    env = {"BROADSHEET_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(50)}
    with live_server_process(workers=1, env=env) as server:
        yield server


def test_the_redirect_to_https_is_never_served_to_https_readers(production_app):
    with nginx_front_process(production_app.port, tls=True) as nginx:
        for _ in range(3):
            redirect = _get(f"{nginx.url}{ARTICLE}")
            assert redirect.status_code == 301
            assert re.match(r"https://127\.0\.0\.1(:\d+)?/", redirect.headers["Location"])
        page = _until_hit(f"{nginx.tls_url}{ARTICLE}")
        assert "Strict-Transport-Security" in page.headers
        # ... and the HTTPS page (with HSTS) is not served over plain HTTP either.
        assert _get(f"{nginx.url}{ARTICLE}").status_code == 301
