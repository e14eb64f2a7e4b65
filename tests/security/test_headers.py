"""Security headers on every kind of response, and the production settings.

Every response (pages, errors from 400 to 500, JSON, feeds, sitemaps, static files, the admin)
carries a Content-Security-Policy without ``'unsafe-inline'`` in ``script-src`` (outside the
Wagtail editor screens listed in settings), ``frame-ancestors 'none'``, a Referrer-Policy and
``X-Content-Type-Options: nosniff``. The moderators' pages have exactly the public policy. In
production, Django's deployment checks pass at WARNING level and HTTPS responses carry HSTS.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.comments.helpers import submit
from tests.security.conftest import REPO_ROOT, client_for

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


def header_problems(path: str, response) -> list[str]:
    """What is missing or too loose in the security headers of ``response`` for ``path``."""
    problems = []
    header = response.get("Content-Security-Policy")
    if not header:
        return [f"{path} ({response.status_code}): no Content-Security-Policy"]
    policy = directives(header)
    editor = path.startswith(tuple(django_settings.ADMIN_INLINE_SCRIPT_PREFIXES))
    if "'unsafe-inline'" in policy.get("script-src", []) and not editor:
        problems.append(f"{path}: 'unsafe-inline' in script-src")
    if "'unsafe-eval'" in header or "*" in header.split():
        problems.append(f"{path}: {header}")
    if not editor and policy != STRICT:
        problems.append(f"{path}: not the strict policy: {header}")
    framing = (
        policy.get("frame-ancestors") == ["'none'"] or response.get("X-Frame-Options") == "DENY"
    )
    if not framing:
        problems.append(f"{path}: may be framed")
    if policy.get("object-src") != ["'none'"] or policy.get("base-uri") != ["'self'"]:
        problems.append(f"{path}: object-src/base-uri {header}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"{path}: no nosniff")
    if response.get("Referrer-Policy") != "strict-origin-when-cross-origin":
        problems.append(f"{path}: Referrer-Policy {response.get('Referrer-Policy')!r}")
    return problems


def test_every_kind_of_response_carries_the_headers(article, moderator, superuser, settings):
    settings.PAGE_CACHE_ENABLED = True
    comment = submit(article, text="Header check")
    anonymous = Client(raise_request_exception=False)
    staff = client_for(moderator, raise_request_exception=False)
    root = client_for(superuser, raise_request_exception=False)
    token = anonymous.get("/comments/token/").json()
    requests = {
        "page": (anonymous, "get", article.url, {}),
        "cached page": (anonymous, "get", article.url, {}),
        "home": (anonymous, "get", "/", {}),
        "search": (anonymous, "get", "/search/?q=harbour", {}),
        "404": (anonymous, "get", "/no-such-page/", {}),
        "400 (host)": (anonymous, "get", "/", {"HTTP_HOST": "evil.example"}),
        "403 (csrf)": (Client(enforce_csrf_checks=True), "post", "/admin/login/", {}),
        "405": (anonymous, "put", "/search/", {}),
        "JSON": (anonymous, "get", f"/comments/api/articles/{article.pk}/", {}),
        "JSON token": (anonymous, "get", "/comments/token/", {}),
        "JSON 400": (
            anonymous,
            "post",
            f"/comments/api/articles/{article.pk}/",
            {
                "data": "[]",
                "content_type": "application/json",
                "HTTP_X_CSRFTOKEN": token["csrf_token"],
            },
        ),
        "form page": (anonymous, "get", f"/comments/articles/{article.pk}/post/", {}),
        "RSS": (anonymous, "get", "/feeds/rss/", {}),
        "Atom": (anonymous, "get", "/feeds/atom/", {}),
        "sitemap": (anonymous, "get", "/sitemap.xml", {}),
        "news sitemap": (anonymous, "get", "/news-sitemap.xml", {}),
        "robots": (anonymous, "get", "/robots.txt", {}),
        "static CSS": (anonymous, "get", "/static/broadsheet/site.css", {}),
        "static JS": (anonymous, "get", "/static/comments/comments.js", {}),
        "admin login": (anonymous, "get", "/admin/login/", {}),
        "admin redirect": (anonymous, "get", "/admin/comments/", {}),
        "queue": (staff, "get", "/admin/comments/", {}),
        "comment admin page": (staff, "get", f"/admin/comments/{comment.pk}/", {}),
        "admin, no access": (
            client_for(superuser.__class__.objects.create_user("x")),
            "get",
            "/admin/",
            {},
        ),
        "dashboard": (root, "get", "/admin/", {}),
        "page editor": (root, "get", f"/admin/pages/{article.pk}/edit/", {}),
        "settings": (root, "get", "/admin/settings/comments/commentsettings/", {}),
        "500": (root, "get", "/admin/failwhale/", {}),
    }
    problems, statuses = [], {}
    for label, (client, method, path, extra) in requests.items():
        response = getattr(client, method)(path, **extra)
        statuses[label] = response.status_code
        problems += [f"{label}: {p}" for p in header_problems(path, response)]
    assert problems == []
    assert statuses["400 (host)"] == 400 and statuses["500"] == 500
    assert statuses["static JS"] == 200 and statuses["JSON 400"] == 400


def test_the_editor_screens_get_inline_scripts_and_nothing_else(superuser, article):
    client = client_for(superuser)
    response = client.get(f"/admin/pages/{article.pk}/edit/")
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    settings_page = client.get("/admin/settings/news/newssettings/", follow=True)
    assert directives(settings_page["Content-Security-Policy"])["style-src"] == ["'self'"]


def test_the_preview_may_be_framed_by_the_admin_only(superuser, article):
    client = client_for(superuser)
    response = client.get(f"/admin/pages/{article.pk}/edit/preview/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'self'"]


def test_https_responses_carry_hsts(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    secure = client.get("/robots.txt", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in client.get("/robots.txt")  # never over HTTP


def _production_env(tmp_path) -> dict[str, str]:
    drop = ("DATABASE_URL", "REDIS_URL", "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        {
            "BROADSHEET_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "news.example.org",
            "BROADSHEET_BASE_URL": "https://news.example.org",
            "BROADSHEET_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "broadsheet.settings",
        }
    )
    return env


def test_production_passes_the_deployment_checks(tmp_path):
    command = [str(Path(sys.executable).parent / "broadsheet"), "check", "--deploy"]
    done = subprocess.run(
        [*command, "--fail-level", "WARNING"],
        env=_production_env(tmp_path),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_production_settings_are_secure(tmp_path):
    names = [
        "DEBUG",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "X_FRAME_OPTIONS",
        "WAGTAIL_ENABLE_UPDATE_CHECK",
        "WAGTAIL_GRAVATAR_PROVIDER_URL",
    ]
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=_production_env(tmp_path),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    values = json.loads(done.stdout.strip().splitlines()[-1])
    assert values == {
        "DEBUG": False,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "X_FRAME_OPTIONS": "DENY",
        "WAGTAIL_ENABLE_UPDATE_CHECK": False,
        "WAGTAIL_GRAVATAR_PROVIDER_URL": None,
    }
