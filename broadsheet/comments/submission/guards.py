"""Abuse guards for the comment endpoints: signed form token, honeypot, rate, size.

The form token is a signed timestamp issued when a reader gets a form. A submission is
refused if the token is missing or forged, too fresh (a script posting at once) or too old.
Tokens are issued to each reader separately (never baked into a shared cached page).

A token stores one comment: ``check_form_token`` returns the token's key, which the comment
is stored with under a unique index (``Comment.form_token_key``), so the token cannot carry a
second comment in any process. The token's signed text is canonical (any other spelling fails
the signature), so its hash is the token's identity.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import time

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils.translation import gettext as _

from broadsheet.comments.errors import CommentError
from broadsheet.core import ratelimit
from broadsheet.core.client_ip import client_ip

FORM_SIGNING_SALT = "broadsheet.comments.form-token"
HONEYPOT_FIELD = "website"


def issue_form_token(*, now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    return signing.dumps(
        {"t": issued, "n": secrets.token_hex(4)}, salt=FORM_SIGNING_SALT, compress=False
    )


def new_idempotency_key() -> str:
    return secrets.token_hex(16)


def form_idempotency_key(*, browser_secret: str, article_id: int, fields: dict[str, str]) -> str:
    """The idempotency key of a form sent without JavaScript: derived from what is sent.

    The shared article page holds no per-reader key, and its confirm page would issue a new
    one each time the reader sends the article's form again (the Back button, a resent POST).
    So the key is a keyed hash of this browser's CSRF secret, the article, the parent, the
    name, the e-mail and the text: the same comment sent again from the same browser is the
    same comment, stored once. A different text, reply target or browser is a new comment.
    """
    parts = [browser_secret, str(article_id)] + [
        fields.get(name, "") for name in ("parent", "author_name", "author_email", "text")
    ]
    message = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    key = hashlib.sha256(settings.SECRET_KEY.encode() + b"broadsheet.form-key").digest()
    return "form-" + hmac.new(key, message, hashlib.sha256).hexdigest()[:40]


def form_token_key(token: str) -> str:
    """The key a comment sent with ``token`` is stored under (40 hex digits)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def check_form_token(token: str, *, now: float | None = None) -> str:
    """Return the token's key (``form_token_key``) if ``token`` is ours, old enough and not
    expired; raise ``CommentError`` otherwise. Whether it was used already is the service's
    check, at the write."""
    if not token:
        raise CommentError(
            "form_token_missing", _("The form is incomplete; please reload the page.")
        )
    try:
        data = signing.loads(token, salt=FORM_SIGNING_SALT)
        issued = int(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise CommentError(
            "form_token_invalid", _("The form could not be verified; please reload the page.")
        ) from None
    age = (now if now is not None else time.time()) - issued
    if age < settings.COMMENT_MIN_SECONDS:
        raise CommentError(
            "too_fast",
            _("That was very quick. Please take a moment, then send your comment again."),
        )
    if age > settings.COMMENT_FORM_MAX_AGE:
        raise CommentError(
            "form_expired", _("The form has expired; please send your comment again."), status=400
        )
    return form_token_key(token)


def check_honeypot(value: str) -> None:
    if value:
        raise CommentError("honeypot", _("Your comment could not be accepted."))


def check_request_size(request: HttpRequest) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.COMMENT_MAX_REQUEST_BYTES:
        raise CommentError("request_too_large", _("The submission is too large."), status=413)


def rate_identity(ip: str | None) -> str:
    """Whom the rate limit counts: an IPv4 address, or an IPv6 address's /64.

    One IPv6 host usually holds a whole /64 and may use a new address for every request. An
    IPv4 client seen through an IPv6 socket (``::ffff:a.b.c.d``) is its IPv4 address.
    """
    if ip is None:
        return "unknown"
    address = ipaddress.ip_address(ip)
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))
    return str(address)


def check_rate(request: HttpRequest) -> str | None:
    """Count this submission against the client's limit; return the client IP."""
    ip = client_ip(request)
    rate = ratelimit.Rate.parse(settings.COMMENT_RATE_LIMIT)
    if not ratelimit.hit("comment", rate_identity(ip), rate):
        raise CommentError(
            "rate_limited",
            _("You have sent several comments in a short time; please wait a minute."),
            status=429,
        )
    return ip
