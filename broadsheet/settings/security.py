"""Cookies, headers, request body limits, the Content-Security-Policy, sign-in limits, mail."""

from __future__ import annotations

import os

from broadsheet.settings.data import COMMENT_MAX_REQUEST_BYTES
from broadsheet.settings.environment import PRODUCTION, base_host, env_bool

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
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
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
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"noreply@{base_host}")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
