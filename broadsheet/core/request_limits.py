"""Refuse request bodies that are too large, unframed or in a charset we cannot read, unread.

Django reads a form body as soon as anything asks for ``request.POST``, and the CSRF check
asks on every POST that carries a CSRF cookie, whatever the URL. So a size limit kept by a
view comes too late: the body has been read and parsed by then. This middleware's view hook
runs before the CSRF check's and looks only at the headers.

Invariants:
- A body longer than its route's limit (``settings.REQUEST_BODY_LIMITS``, else
  ``settings.MAX_REQUEST_BYTES``) is answered 413 from its ``Content-Length``; not one byte of
  it is read by Django. Routes marked for staff keep their larger limit only for a signed-in
  user who may use the admin; for anyone else they have the default one.
- A body without a ``Content-Length`` (``Transfer-Encoding: chunked``) is refused with 411:
  Django would read none of it, so the view would see an empty form.
- A form body in another charset than UTF-8 is refused with 400 here, instead of raising
  deep inside the CSRF check.
- Every refusal has a ``code`` (English, stable) and a message in the active language: a JSON
  body on JSON endpoints, a short page elsewhere. A view named in
  ``settings.REQUEST_LIMITS_OWN_SIZE_VIEWS`` (and exempt from the CSRF check, so that nothing
  reads its body first) refuses an oversized body itself, with its own page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import get_language, gettext

logger = logging.getLogger(__name__)

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_UTF8 = {"utf-8", "utf8"}


def wants_json(request: HttpRequest) -> bool:
    """Whether an error for this request should be JSON (a JSON endpoint or a JSON client)."""
    if request.path.startswith(tuple(getattr(settings, "JSON_PATH_PREFIXES", ()))):
        return True
    content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    accept = request.META.get("HTTP_ACCEPT", "")
    return content_type == "application/json" or accept.startswith("application/json")


def error_response(request: HttpRequest, *, status: int, code: str, message: str) -> HttpResponse:
    """An error answer that reads nothing of the request body: JSON or a short page."""
    if wants_json(request):
        payload = {"error": {"code": code, "message": message, "field": None}}
        return JsonResponse(payload, status=status)
    page = (
        f'<!doctype html>\n<html lang="{escape(get_language() or settings.LANGUAGE_CODE)}">'
        '<head><meta charset="utf-8">'
        f"<title>{escape(message)}</title></head>"
        f'<body><h1>{escape(message)}</h1><p data-code="{escape(code)}">{escape(code)}</p>'
        "</body></html>\n"
    )
    return HttpResponse(page, status=status, content_type="text/html; charset=utf-8")


def _may_use_admin(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm("wagtailadmin.access_admin")
    )


def body_limit(request: HttpRequest) -> int:
    """The largest body this request may carry, in bytes.

    ``settings.REQUEST_BODY_LIMITS`` is a list of ``(path prefix, bytes, staff only)``; the
    first matching prefix wins. A staff-only route has the default limit for anyone who may
    not use the admin. The user is looked up only when the body is over the default.
    """
    default = settings.MAX_REQUEST_BYTES
    for prefix, limit, staff_only in settings.REQUEST_BODY_LIMITS:
        if request.path.startswith(prefix):
            if staff_only and not _may_use_admin(request):
                return default
            return limit
    return default


def _declared_length(request: HttpRequest) -> int | None:
    """The body's declared length; None when it has none; -1 when it is not a number."""
    raw = request.META.get("CONTENT_LENGTH")
    if raw in (None, ""):
        return None
    try:
        length = int(raw)
    except ValueError:
        return -1
    return length if length >= 0 else -1


def check_request(request: HttpRequest) -> HttpResponse | None:
    """The refusal for a request whose body must not be read, or None to let it through."""
    length = _declared_length(request)
    if length == -1:
        return error_response(
            request, status=400, code="bad_content_length", message=gettext("Bad Content-Length.")
        )
    if length is None:
        if request.META.get("HTTP_TRANSFER_ENCODING"):
            return error_response(
                request,
                status=411,
                code="length_required",
                message=gettext("Send the request with a Content-Length."),
            )
        return None
    if length > 0:
        limit = body_limit(request)
        if length > limit:
            logger.warning("refused a %d-byte body on %s (limit %d)", length, request.path, limit)
            return error_response(
                request,
                status=413,
                code="request_too_large",
                message=gettext("The request is too large."),
            )
    if length and request.content_type in _FORM_TYPES:
        charset = (request.content_params.get("charset") or "utf-8").strip().lower()
        if charset not in _UTF8:
            return error_response(
                request,
                status=400,
                code="unsupported_charset",
                message=gettext("Forms must be sent in UTF-8."),
            )
    return None


def _checks_its_own_size(view_func) -> bool:
    """A view named in ``REQUEST_LIMITS_OWN_SIZE_VIEWS`` answers oversized bodies itself.

    Only if nothing parses its body before it runs: it must be exempt from the CSRF check
    (which would read the form first). The no-JavaScript comment form is one: its refusal is
    the form page again, with the reader's explanation.
    """
    view = getattr(view_func, "view_class", view_func)
    qualname = getattr(view, "__qualname__", type(view).__qualname__)  # views may be objects
    name = f"{getattr(view, '__module__', '')}.{qualname}"
    return name in settings.REQUEST_LIMITS_OWN_SIZE_VIEWS and getattr(
        view_func, "csrf_exempt", False
    )


class RequestLimitsMiddleware:
    """Refuse bodies before anything reads them (see the module docstring).

    The check runs as a ``process_view`` hook, listed before the CSRF middleware: after every
    middleware's request phase (so the user is known for the staff-only limits) and before
    the CSRF check, the first thing that parses a form body.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if _checks_its_own_size(view_func):
            return None
        return check_request(request)
