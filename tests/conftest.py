"""Shared fixtures: real databases (SQLite or PostgreSQL per DATABASE_URL), a real cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.factories import make_article, make_topic


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest needs collectstatic; tests serve static files from the app folders instead.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(scope="session")
def _generations_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("page-cache-generations")


@pytest.fixture(autouse=True)
def _own_generations_file(settings, _generations_dir):
    # The embedded page cache's purge generations are shared by every process through a file
    # under var/: parallel test processes get one each, so their purges never meet.
    if getattr(settings, "PAGE_CACHE_GENERATIONS_FILE", None):
        settings.PAGE_CACHE_GENERATIONS_FILE = str(_generations_dir / "generations")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def topic(db):
    return make_topic("Harbourside")


@pytest.fixture
def article(db, topic):
    return make_article(title="Harbour wall repairs begin", topics=[topic])


@pytest.fixture
def no_page_cache(settings):
    """For tests that count the queries of rendering a page, not of serving it from cache."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def instant_forms(settings):
    """Form tokens are accepted at once (the too-fast guard has its own tests)."""
    settings.COMMENT_MIN_SECONDS = 0
