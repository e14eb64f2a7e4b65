"""Languages, static and media files, Wagtail, the front cache and logging."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from broadsheet.settings.apps import INSTALLED_APPS, MIDDLEWARE
from broadsheet.settings.environment import BASE_URL, PACKAGE_DIR, VAR_DIR, env_list

# --- i18n, static, media ----------------------------------------------------------------------
# Catalogues: broadsheet/<package>/locale/ and broadsheet/locale/, .po and .mo committed;
# `make messages` refreshes them, `make lint` refuses untranslated or fuzzy entries.
LANGUAGES = [("en", "English"), ("tr", "Türkçe")]
# The readers' languages, the default first: BROADSHEET_LANGUAGE=en (default), tr, or both
# ("tr,en" or "en,tr": /tr/ and /en/ URLs, Wagtail's localisation; docs/languages.md).
SITE_LANGUAGES = [code.lower() for code in env_list("BROADSHEET_LANGUAGE", "en")] or ["en"]
if sorted(set(SITE_LANGUAGES) & dict(LANGUAGES).keys()) != sorted(SITE_LANGUAGES):
    raise ImproperlyConfigured(
        f"BROADSHEET_LANGUAGE={os.environ.get('BROADSHEET_LANGUAGE')!r} must name each of "
        f"{', '.join(dict(LANGUAGES))} at most once (e.g. en, tr or tr,en)."
    )
LANGUAGE_CODE = SITE_LANGUAGES[0]
WAGTAIL_I18N_ENABLED = len(SITE_LANGUAGES) > 1
WAGTAIL_CONTENT_LANGUAGES = [(code, dict(LANGUAGES)[code]) for code in SITE_LANGUAGES]
if WAGTAIL_I18N_ENABLED:
    at = INSTALLED_APPS.index("wagtail.contrib.settings")
    INSTALLED_APPS[at:at] = ["wagtail.locales", "wagtail.contrib.simple_translation"]
    # Before anything that renders: the URL's prefix sets the language (core/languages.py).
    at = MIDDLEWARE.index("django.middleware.common.CommonMiddleware")
    MIDDLEWARE.insert(at, "broadsheet.core.languages.UrlLanguageMiddleware")
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = os.environ.get("BROADSHEET_SITE_NAME", "The Broadsheet")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "csv", "odt", "docx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no request to a third party from the admin
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE["varnish"] = {
        # Wagtail's HTTPBackend with a timeout, a pause after a failure and a retry.
        "BACKEND": "broadsheet.core.front_cache.TimeoutHTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_URL"],
    }
# Seconds a purge may wait for the front cache; after a failure, seconds no purge is sent.
FRONTEND_CACHE_TIMEOUT = float(os.environ.get("FRONTEND_CACHE_TIMEOUT", 1))
FRONTEND_CACHE_BREAKER_SECONDS = float(os.environ.get("FRONTEND_CACHE_BREAKER_SECONDS", 10))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
