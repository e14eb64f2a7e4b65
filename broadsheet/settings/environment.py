"""Where the site lives and who it answers: paths, the environment, the secret key, hosts.

Refuses to start on an unknown ``BROADSHEET_ENV`` or on ``DEBUG`` in production. ``env_bool``
and ``env_list`` read the other sections' variables.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # broadsheet/
BASE_DIR = PACKAGE_DIR.parent  # the checkout
VAR_DIR = Path(os.environ.get("BROADSHEET_VAR_DIR", BASE_DIR / "var"))

ENVIRONMENTS = ("development", "production")
ENV = os.environ.get("BROADSHEET_ENV", "development").strip().lower()
if ENV not in ENVIRONMENTS:
    # A typo ("prod") must not quietly give a development server with debug-friendly defaults.
    raise ImproperlyConfigured(f"BROADSHEET_ENV={ENV!r} is not one of {', '.join(ENVIRONMENTS)}.")
PRODUCTION = ENV == "production"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
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
DEBUG = env_bool("DEBUG", default=False)
if DEBUG and PRODUCTION:
    # Debug pages show settings, SQL and tracebacks to anyone who can make an error.
    raise ImproperlyConfigured("DEBUG must be off when BROADSHEET_ENV=production.")

BASE_URL = os.environ.get("BROADSHEET_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
base_host = urlsplit(BASE_URL).hostname or "127.0.0.1"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", f"{base_host},127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", BASE_URL)

# Client IP: X-Forwarded-For is believed only when the direct peer is one of these addresses.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
