"""The readers' languages: which the site speaks, and which one a request is in.

Invariants:
- ``settings.SITE_LANGUAGES`` lists the readers' languages, the default first
  (``BROADSHEET_LANGUAGE``). With one language nothing here changes a URL.
- With both, the language of a public request is decided by its URL alone: the ``/tr/`` or
  ``/en/`` prefix, or the default language for an unprefixed path. Never a cookie or
  Accept-Language, so a page stored by the page cache under its path (``core.page_cache``) or
  by a front cache under its URL is always the right language for whoever asks for that URL.
- A page's language is its Wagtail locale's with both languages, the site's language with one.
  ``locale_language`` answers from a map kept in the process (one query when a process first
  asks, again only after a Locale is saved or deleted), so no page costs a query for it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import is_valid_path
from django.utils import translation
from wagtail.models import Locale

# Replaced whole, never changed in place, so readers need no lock.
_locales: dict[int, str] = {}


def site_languages() -> list[str]:
    """The readers' languages, the default first."""
    return list(settings.SITE_LANGUAGES)


def default_language() -> str:
    return settings.SITE_LANGUAGES[0]


def bilingual() -> bool:
    """True when the site speaks more than one language (prefixed URLs, translations)."""
    return len(settings.SITE_LANGUAGES) > 1


def language_name(code: str) -> str:
    """The language's own name ("Türkçe", "English"), as the language switch shows it."""
    return dict(settings.LANGUAGES)[code]


def locale_language(locale_id: int | None) -> str:
    """The language code of a Wagtail Locale (the default language for an unknown one)."""
    if locale_id is None:
        return default_language()
    found = _locales.get(locale_id)
    if found is None:
        _reload_locales()
        found = _locales.get(locale_id, default_language())
    return found


def locale_id(language: str) -> int | None:
    """The id of the Wagtail Locale of ``language`` (None if the site has none for it)."""
    for _ in range(2):
        for pk, code in _locales.items():
            if code == language:
                return pk
        _reload_locales()
    return None


def _reload_locales() -> None:
    global _locales
    _locales = dict(Locale.objects.values_list("pk", "language_code"))


def page_language(page) -> str:
    """The language a page is written in (its locale's when the site has both languages)."""
    return page_language_of_locale(page.locale_id)


def page_language_of_locale(locale_id: int | None) -> str:
    """:func:`page_language` of a page in the Locale ``locale_id``, without the page."""
    if not bilingual():
        return settings.LANGUAGE_CODE
    return locale_language(locale_id)


def forget_locales(**kwargs) -> None:
    """Drop the process's map of locales (a Locale was saved or deleted)."""
    global _locales
    _locales = {}


def connect() -> None:
    post_save.connect(forget_locales, sender=Locale, dispatch_uid="core.languages.saved")
    post_delete.connect(forget_locales, sender=Locale, dispatch_uid="core.languages.deleted")


def path_language(path: str) -> str | None:
    """The language of a prefixed path ("/tr/..." gives "tr"); None for an unprefixed one."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in settings.SITE_LANGUAGES and path.startswith(f"/{first}/") else None


def prefixed(path: str, language: str) -> str:
    """``path`` (unprefixed, starting with "/") as it is served in ``language``.

    With one language paths carry no prefix, so ``path`` comes back as it is.
    """
    if not bilingual():
        return path
    return f"/{language}{path}"


class UrlLanguageMiddleware:
    """Activate the language the URL names; send an unprefixed page to the default's.

    Installed only with both languages (settings). An unprefixed path that no unprefixed
    route takes (the admin, the comment endpoints and the sitemaps keep their own 404s) but
    that resolves under the default language's prefix is redirected there, the same for
    every reader (no negotiation), so the redirect itself may be cached by anyone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = path_language(request.path_info) or default_language()
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        urlconf = getattr(request, "urlconf", None)
        if (
            response.status_code == 404
            and path_language(request.path_info) is None
            # Only a path no route of the unprefixed map takes (the admin's own 404s stay)
            and not is_valid_path(request.path_info, urlconf)
        ):
            target = prefixed(request.path_info, default_language())
            if is_valid_path(target, urlconf):
                query = request.META.get("QUERY_STRING", "")
                return HttpResponseRedirect(target + (f"?{query}" if query else ""))
        response.headers.setdefault("Content-Language", language)
        return response
