"""Where data goes: the database, the cache and the page cache, reader comments, tasks."""

from __future__ import annotations

import os

import dj_database_url

from broadsheet.settings.environment import VAR_DIR, env_bool, env_list

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
    if env_bool("DATABASE_PREPARED", default=True):
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
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", default=True)
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
SCREENING_CHECKS = env_list("SCREENING_CHECKS") or None

# --- background tasks -------------------------------------------------------------------------
# Without a worker (the demo) tasks run at once in the calling process.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if env_bool("BROADSHEET_WORKER")
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    },
}
