"""Broadsheet settings: one module, read from the environment once at start.

Every setting a deployment may change is an environment variable documented in README.md.
Values that the code needs at request time are read through ``django.conf.settings`` when the
request runs, never copied into module globals elsewhere.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("BROADSHEET_VAR_DIR", BASE_DIR / "var"))

ENVIRONMENTS = ("development", "production")
ENV = os.environ.get("BROADSHEET_ENV", "development").strip().lower()
if ENV not in ENVIRONMENTS:
    # A typo ("prod") must not quietly give a development server with debug-friendly defaults.
    raise ImproperlyConfigured(f"BROADSHEET_ENV={ENV!r} is not one of {', '.join(ENVIRONMENTS)}.")
PRODUCTION = ENV == "production"


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """Return SECRET_KEY: from the environment, or (outside production) a key kept in var/."""
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when BROADSHEET_ENV=production.")
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # O_EXCL: two processes starting together must agree on one key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG", default=False)
if DEBUG and PRODUCTION:
    # Debug pages show settings, SQL and tracebacks to anyone who can make an error.
    raise ImproperlyConfigured("DEBUG must be off when BROADSHEET_ENV=production.")

BASE_URL = os.environ.get("BROADSHEET_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
_base_host = urlsplit(BASE_URL).hostname or "127.0.0.1"
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", f"{_base_host},127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", BASE_URL)

# Client IP: X-Forwarded-For is believed only when the direct peer is one of these addresses.
TRUSTED_PROXIES = _env_list("TRUSTED_PROXIES", "")

INSTALLED_APPS = [
    "broadsheet.core",
    "broadsheet.news",
    "broadsheet.comments",
    "broadsheet.moderation",
    "broadsheet.demo",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: X-Forwarded-Proto is believed only from TRUSTED_PROXIES (docs/security.md).
    "broadsheet.core.client_ip.TrustedProxyMiddleware",
    # Outermost: a cached page skips the whole stack; it was stored with its headers.
    "broadsheet.core.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files carry the policy too (docs/security.md).
    "broadsheet.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Its view hook runs before the CSRF check, which parses form bodies: refuses oversized
    # and unreadable bodies from their headers (broadsheet/core/request_limits.py).
    "broadsheet.core.request_limits.RequestLimitsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "broadsheet.urls"
WSGI_APPLICATION = "broadsheet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "broadsheet.core.context_processors.site",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
VAR_DIR_DB = VAR_DIR / "broadsheet.sqlite3"
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{VAR_DIR_DB}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Kept open: a new connection parses the whole schema on its first query (about 4 ms).
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["ENGINE"] = "broadsheet.core.sqlite"  # writers queue on a lock file
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer commits; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue on busy_timeout instead of failing on lock upgrade.
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=10000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 10,
    }
    # A file, so live-server threads share it; one per process, so test runs never collide.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # JIT compilation pays off for long analytical queries; for a site's short queries it
    # only adds its compile time (up to hundreds of ms) when the planner's estimate is high.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    # Server-side binding with prepared statements: on a kept connection PostgreSQL parses and
    # plans each hot query (the article, the screening history, the INSERT) once, not on every
    # request, and psycopg sends the parameters apart instead of quoting them into the SQL.
    # DATABASE_PREPARED=0 turns both off (for a pooler that cannot carry prepared statements).
    if _env_bool("DATABASE_PREPARED", default=True):
        options.setdefault("server_side_binding", True)
        options.setdefault("prepare_threshold", 2)
    DATABASES["default"]["TEST"] = {"NAME": f"test_broadsheet_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache ------------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "broadsheet.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "broadsheet"),
            # A Redis that hangs costs one timeout, then the circuit breaker skips it
            # (broadsheet/core/cache.py): tens of milliseconds, never seconds per request.
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT", 0.05)),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", 0.05)),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "broadsheet",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

REDIS_BREAKER_SECONDS = float(os.environ.get("REDIS_BREAKER_SECONDS", 5))

# Anonymous readers' pages are kept in the cache above and purged precisely on change.
PAGE_CACHE_ENABLED = _env_bool("PAGE_CACHE", default=True)
# Without Redis each process keeps its pages in memory; the purge generations are shared by
# every process on the machine through this file (broadsheet/core/generations.py).
PAGE_CACHE_GENERATIONS_FILE = None if REDIS_URL else str(VAR_DIR / "page-cache-generations")
# How often each process looks for purges another process could not make (docs/deploy.md).
PAGE_CACHE_PURGE_CHECK_SECONDS = float(os.environ.get("PAGE_CACHE_PURGE_CHECK_SECONDS", 2))

# --- reader comments ------------------------------------------------------------------------
COMMENT_RATE_LIMIT = os.environ.get("COMMENT_RATE_LIMIT", "10/60")  # posts per seconds, per IP
COMMENT_MIN_SECONDS = float(os.environ.get("COMMENT_MIN_SECONDS", 3))
COMMENT_FORM_MAX_AGE = int(os.environ.get("COMMENT_FORM_MAX_AGE", 6 * 3600))
COMMENT_MAX_REQUEST_BYTES = int(os.environ.get("COMMENT_MAX_REQUEST_BYTES", 32 * 1024))

# Screening checks as dotted paths (None: the pipeline's default list, docs/screening.md).
SCREENING_CHECKS = _env_list("SCREENING_CHECKS") or None

# --- background tasks -------------------------------------------------------------------------
# Without a worker (the demo) tasks run at once in the calling process.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if _env_bool("BROADSHEET_WORKER")
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    },
}

# --- security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "broadsheet.core.views.csrf_failure"
CSRF_COOKIE_HTTPONLY = False  # read by the comment form script, which sends it back as a header
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Request bodies (broadsheet/core/request_limits.py): refused by Content-Length before anything
# reads them. The first matching prefix sets the limit; staff-only routes keep theirs only for
# users who may use the admin, and have MAX_REQUEST_BYTES for anyone else.
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", 64 * 1024))
ADMIN_MAX_REQUEST_BYTES = int(os.environ.get("ADMIN_MAX_REQUEST_BYTES", 8 * 1024 * 1024))
ADMIN_UPLOAD_MAX_REQUEST_BYTES = int(
    os.environ.get("ADMIN_UPLOAD_MAX_REQUEST_BYTES", 64 * 1024 * 1024)
)
REQUEST_BODY_LIMITS = [
    ("/comments/", COMMENT_MAX_REQUEST_BYTES, False),
    ("/admin/images/", ADMIN_UPLOAD_MAX_REQUEST_BYTES, True),
    ("/admin/documents/", ADMIN_UPLOAD_MAX_REQUEST_BYTES, True),
    ("/admin/", ADMIN_MAX_REQUEST_BYTES, True),
]
# `broadsheet serve` reads each request whole before a thread runs it (broadsheet/core/serving.py):
# bodies up to this size are buffered, and the headers and buffered body must arrive within
# REQUEST_READ_TIMEOUT seconds.
REQUEST_BUFFER_BYTES = int(
    os.environ.get("REQUEST_BUFFER_BYTES", max(MAX_REQUEST_BYTES, COMMENT_MAX_REQUEST_BYTES))
)
REQUEST_READ_TIMEOUT = float(os.environ.get("REQUEST_READ_TIMEOUT", 10))
# Views that refuse oversized bodies themselves, with their own page (they must be exempt
# from the CSRF check, so nothing reads the body before them).
REQUEST_LIMITS_OWN_SIZE_VIEWS = ["broadsheet.comments.views.form_post"]
# Errors on these paths are JSON with a ``code`` (our own error handlers, the limits above).
JSON_PATH_PREFIXES = ["/comments/api/"]
# Django's own check on what it parses (uploaded files go to disk and do not count).
DATA_UPLOAD_MAX_MEMORY_SIZE = max(MAX_REQUEST_BYTES, ADMIN_MAX_REQUEST_BYTES)
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
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
    },
}
# The policy above holds everywhere, the moderators' pages (/admin/comments/) included. These
# Wagtail screens still render inline scripts built per field (date pickers, choosers, inline
# panels) and the page editor inline styles: only they get 'unsafe-inline' (broadsheet/core/csp.py
# and docs/security.md, which says how this list was found and how to check it again).
ADMIN_INLINE_SCRIPT_PREFIXES = [
    "/admin/pages/",
    "/admin/settings/",
    "/admin/snippets/",
    "/admin/users/",
    "/admin/groups/",
    "/admin/reports/",
    "/admin/redirects/",
    "/admin/sites/",
    "/admin/workflows/",
]
ADMIN_INLINE_STYLE_PREFIXES = ["/admin/pages/"]

# Admin sign-in: failed attempts allowed per window (seconds), per account and per address
# (broadsheet/core/login_limits.py). A locked-out moderator can reset the password by e-mail.
ADMIN_LOGIN_ACCOUNT_LIMIT = os.environ.get("ADMIN_LOGIN_ACCOUNT_LIMIT", "5/900")
ADMIN_LOGIN_ADDRESS_LIMIT = os.environ.get("ADMIN_LOGIN_ADDRESS_LIMIT", "20/900")

# Outgoing mail (password resets): an SMTP server.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"noreply@{_base_host}")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# --- i18n, static, media ----------------------------------------------------------------------
# Catalogues: broadsheet/<package>/locale/ and broadsheet/locale/, .po and .mo committed;
# `make messages` refreshes them, `make lint` refuses untranslated or fuzzy entries.
LANGUAGES = [("en", "English"), ("tr", "Türkçe")]
# The readers' languages, the default first: BROADSHEET_LANGUAGE=en (default), tr, or both
# ("tr,en" or "en,tr": /tr/ and /en/ URLs, Wagtail's localisation; docs/languages.md).
SITE_LANGUAGES = [code.lower() for code in _env_list("BROADSHEET_LANGUAGE", "en")] or ["en"]
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
