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


@pytest.fixture
def bilingual(settings, db):
    """The site in Turkish and English, Turkish first (``BROADSHEET_LANGUAGE=tr,en``).

    Both locales exist and the front page has its Turkish translation, as after an editor
    translated it; returns the Turkish front page.
    """
    from wagtail.models import Site

    # The real URL map is built from the settings when first imported: before they change.
    import broadsheet.urls  # noqa: F401
    from broadsheet.core.languages import forget_locales
    from tests.factories import home_page, make_translation

    settings.SITE_LANGUAGES = ["tr", "en"]
    settings.LANGUAGE_CODE = "tr"
    settings.WAGTAIL_I18N_ENABLED = True
    settings.WAGTAIL_CONTENT_LANGUAGES = [("tr", "Türkçe"), ("en", "English")]
    settings.ROOT_URLCONF = "tests.support.bilingual_urls"
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("django.middleware.common.CommonMiddleware"),
        "broadsheet.core.languages.UrlLanguageMiddleware",
    )
    settings.MIDDLEWARE = middleware
    forget_locales()  # ids of another test's rolled-back locales may come again
    turkish = make_translation(home_page(), "tr", title="Ana sayfa", slug="ana-sayfa")
    Site.clear_site_root_paths_cache()
    yield turkish
    forget_locales()
