"""The shipped VCL (deploy/varnish/broadsheet.vcl) against a real Varnish and a real app.

What it must keep true: one cache entry and one purge per resource however its URL is
spelled, no caching of /comments/ however it is spelled, the session cookie matched as a
cookie (not a substring), and answers over plain HTTP never served over HTTPS.
"""

from __future__ import annotations

import secrets

import pytest

from tests.deploy.front import app_workers
from tests.deploy.front import get_exact as _get
from tests.deploy.front import until_hit as _until_hit
from tests.support.clients import (
    article_form,
    raw_request,
)
from tests.support.fronts import (
    varnish_process,
    varnishd_path,
)
from tests.support.server import (
    DEMO_ARTICLE_PATH,
    live_server_process,
    new_session,
)
from tests.support.tools import require_tool

pytestmark = pytest.mark.slow

ARTICLE = DEMO_ARTICLE_PATH  # "/harbour-line-opens/"
# Spellings of the article's path that the app answers with the same page.
VARIANTS = (
    "/%68arbour-line-opens/",  # an escaped unreserved letter
    "/harbour%2dline-opens/",  # a lower-case escape of "-"
    "/%68%61rbour-line-opens%2F",  # several, and an escaped "/"
)


@pytest.fixture(scope="module")
def app():
    require_tool(varnishd_path(), program="varnishd", package="varnish")
    with live_server_process(workers=app_workers()) as server:
        yield server


@pytest.fixture
def varnish(app):
    with varnish_process(app.port) as front:
        yield front


def _purge(front, path: str) -> None:
    response = raw_request("PURGE", f"{front.url}{path}")
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("variant", VARIANTS)
def test_an_escaped_spelling_shares_the_plain_paths_entry(varnish, variant):
    plain = _until_hit(f"{varnish.url}{ARTICLE}")
    spelled = _get(f"{varnish.url}{variant}")
    assert spelled.status_code == 200
    assert spelled.headers.get("X-Cache") == "HIT"
    assert spelled.content == plain.content


@pytest.mark.parametrize("variant", VARIANTS)
def test_purging_the_path_drops_its_escaped_spellings(varnish, variant):
    _until_hit(f"{varnish.url}{variant}")
    _until_hit(f"{varnish.url}{variant}?comments=1")
    _purge(varnish, ARTICLE)
    assert _get(f"{varnish.url}{variant}").headers.get("X-Cache") == "MISS"
    assert _get(f"{varnish.url}{variant}?comments=1").headers.get("X-Cache") == "MISS"


def test_a_purge_spelled_with_escapes_drops_the_plain_path(varnish):
    _until_hit(f"{varnish.url}{ARTICLE}")
    _purge(varnish, "/harbour%2Dline%2dopens/")
    assert _get(f"{varnish.url}{ARTICLE}").headers.get("X-Cache") == "MISS"


def test_comments_endpoints_are_never_cached_however_spelled(varnish):
    article_id = article_form(new_session(), varnish.url).article_id
    for path in (
        f"/comments/api/articles/{article_id}/",
        f"/%63omments/api/articles/{article_id}/",
        f"/%63%6Fmments/api/articles/{article_id}/",
        f"/comments%2fapi/articles/{article_id}/",
    ):
        for _ in range(3):
            response = _get(f"{varnish.url}{path}")
            assert response.status_code == 200, path
            assert response.headers["Content-Type"].startswith("application/json")
            assert response.headers.get("X-Cache") == "MISS", path


@pytest.mark.parametrize(
    "cookie", ["xsessionid=abc", "my_sessionid=abc; csrftoken=x", "csrftoken=sessionid=1"]
)
def test_a_cookie_merely_containing_the_session_cookies_name_is_cached(varnish, cookie):
    _until_hit(f"{varnish.url}{ARTICLE}", headers={"Cookie": cookie})


@pytest.mark.parametrize(
    "cookie", ["sessionid=abc", "csrftoken=x; sessionid=abc", "csrftoken=x;sessionid=abc"]
)
def test_the_session_cookie_always_passes(varnish, cookie):
    _until_hit(f"{varnish.url}{ARTICLE}")
    for _ in range(3):
        response = _get(f"{varnish.url}{ARTICLE}", headers={"Cookie": cookie})
        assert response.status_code == 200
        assert response.headers.get("X-Cache") == "MISS"


@pytest.fixture(scope="module")
def production_app():
    """Production settings: plain HTTP is redirected to HTTPS, HTTPS answers carry HSTS."""
    require_tool(varnishd_path(), program="varnishd", package="varnish")
    env = {"BROADSHEET_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(50)}
    with live_server_process(workers=1, env=env) as server:
        yield server


def test_the_redirect_to_https_is_never_served_to_https_readers(production_app):
    http, https = {"X-Forwarded-Proto": "http"}, {"X-Forwarded-Proto": "https"}
    with varnish_process(production_app.port) as varnish:
        url = f"{varnish.url}{ARTICLE}"
        redirect = _until_hit(url, headers=http)
        assert redirect.status_code == 301
        assert redirect.headers["Location"].startswith("https://")
        for _ in range(3):
            page = _get(url, headers=https)
            assert page.status_code == 200
            assert "Strict-Transport-Security" in page.headers
        _until_hit(url, headers=https)
        # ... and the HTTPS page (with HSTS) is not served over plain HTTP either.
        assert _get(url, headers=http).status_code == 301
        assert _get(url).status_code == 301
