"""The comment form script's messages, in the site's language, as a script from our own origin.

Django's ``JavaScriptCatalog`` for this package's ``djangojs`` catalogue, served at
``/comments/jsi18n/<language>/`` and loaded before ``comments.js``. A script file from this
origin fits the strict ``script-src 'self'`` policy: no inline script, no nonce on cached
pages, no ``eval``.

Invariants:
- The body depends only on the active language and the compiled catalogues (which change only
  with a deployment), so each process builds it once per language and keeps it.
- The language is in the address (``/comments/`` is never language-prefixed, and pages of both
  languages load it), and only the site's languages have one (404 for any other): browsers
  and front caches may keep it for ``CATALOGUE_SECONDS``, one address per language, the same
  for every reader of it, so nothing personal is in it.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from django.views.i18n import JavaScriptCatalog

CATALOGUE_SECONDS = 3600
PACKAGES = ["broadsheet.comments"]

_bodies: dict[str, bytes] = {}
_lock = threading.Lock()


def _body(request: HttpRequest, language: str) -> bytes:
    body = _bodies.get(language)
    if body is None:
        rendered = JavaScriptCatalog.as_view(packages=PACKAGES, domain="djangojs")(request)
        with _lock:
            body = _bodies.setdefault(language, rendered.content)
    return body


@require_GET
def javascript_catalogue(request: HttpRequest, language: str) -> HttpResponse:
    """``gettext``, ``ngettext`` and ``interpolate`` in ``language``, with our messages."""
    if language not in settings.SITE_LANGUAGES:
        raise Http404("no such language")
    with translation.override(language):
        body = _body(request, language)
    response = HttpResponse(body, content_type='text/javascript; charset="utf-8"')
    response["Content-Language"] = language
    patch_cache_control(response, public=True, max_age=CATALOGUE_SECONDS)
    return response
