"""Settings that refuse to start wrong, and forwarding headers believed only from proxies."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from broadsheet.core.management.commands.serve import gunicorn_argv
from tests.core.test_page_cache import _wsgi, fresh_wsgi


def _load_settings(**env: str) -> subprocess.CompletedProcess:
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "BROADSHEET_ENV", "BROADSHEET_LANGUAGE"}
    }
    environ.update({"SECRET_KEY": "x" * 50, **env})
    return subprocess.run(
        [sys.executable, "-c", "import broadsheet.settings"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("value", ["prod", "Production ", "staging", "dev"])
def test_an_unknown_environment_is_refused(value):
    done = _load_settings(BROADSHEET_ENV=value)
    if value.strip().lower() == "production":
        assert done.returncode == 0, done.stderr
        return
    assert done.returncode != 0
    assert "BROADSHEET_ENV" in done.stderr and "development, production" in done.stderr


@pytest.mark.parametrize("value", ["tr", "EN", "de", "tr-TR"])
def test_an_unknown_reader_language_is_refused(value):
    done = _load_settings(BROADSHEET_LANGUAGE=value)
    if value.lower() in {"en", "tr"}:
        assert done.returncode == 0, done.stderr
        return
    assert done.returncode != 0
    assert "BROADSHEET_LANGUAGE" in done.stderr and "en, tr" in done.stderr


@pytest.mark.parametrize(
    ("value", "languages"),
    [("tr,en", ["tr", "en"]), (" en , TR ", ["en", "tr"]), ("tr,tr", None), ("tr,de", None)],
)
def test_both_languages_the_first_the_default(value, languages):
    show = (
        "import broadsheet.settings as s; print(s.SITE_LANGUAGES, s.LANGUAGE_CODE, "
        "s.WAGTAIL_I18N_ENABLED, 'broadsheet.core.languages.UrlLanguageMiddleware' in "
        "s.MIDDLEWARE, 'wagtail.contrib.simple_translation' in s.INSTALLED_APPS)"
    )
    environ = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "BROADSHEET_ENV"}}
    environ.update({"SECRET_KEY": "x" * 50, "BROADSHEET_LANGUAGE": value})
    done = subprocess.run(
        [sys.executable, "-c", show], env=environ, capture_output=True, text=True, timeout=60
    )
    if languages is None:
        assert done.returncode != 0 and "BROADSHEET_LANGUAGE" in done.stderr
        return
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [*str(languages).split(), languages[0], "True", "True", "True"]


def test_debug_is_refused_in_production():
    done = _load_settings(BROADSHEET_ENV="production", DEBUG="1")
    assert done.returncode != 0 and "DEBUG must be off" in done.stderr
    assert _load_settings(BROADSHEET_ENV="development", DEBUG="1").returncode == 0


@pytest.fixture
def behind_tls(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True


@pytest.mark.django_db
def test_x_forwarded_proto_is_believed_only_from_a_trusted_proxy(
    client, article, behind_tls, settings
):
    settings.TRUSTED_PROXIES = []
    spoofed = client.get(article.url, HTTP_X_FORWARDED_PROTO="https")
    assert spoofed.status_code == 301 and spoofed["Location"].startswith("https://")
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client.get(article.url, HTTP_X_FORWARDED_PROTO="https").status_code == 301
    proxied = client.get(article.url, HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="10.1.2.3")
    assert proxied.status_code == 200


@pytest.mark.django_db
def test_the_wsgi_front_drops_an_untrusted_x_forwarded_proto(article, behind_tls, settings):
    settings.TRUSTED_PROXIES = []
    status, headers, _ = _wsgi(
        article.url, extra={"HTTP_X_FORWARDED_PROTO": "https"}, application=fresh_wsgi()
    )
    assert status.startswith("301") and "X-Page-Cache" not in headers


def test_gunicorn_believes_scheme_headers_from_the_same_proxies(settings):
    settings.TRUSTED_PROXIES = []
    argv = gunicorn_argv(bind="127.0.0.1:8123", workers=None, threads=None)
    assert argv[argv.index("--forwarded-allow-ips") + 1] == ""
    settings.TRUSTED_PROXIES = ["10.1.2.3/8", "192.0.2.7"]
    argv = gunicorn_argv(bind="127.0.0.1:8123", workers=None, threads=None)
    assert argv[argv.index("--forwarded-allow-ips") + 1] == "10.0.0.0/8,192.0.2.7/32"
