"""Content-Security-Policy on every response, strict unless an area cannot work with it.

django-csp builds the header from ``settings.CONTENT_SECURITY_POLICY``: the strict policy
(``script-src 'self'``, ``style-src 'self'``, ``frame-ancestors 'none'``) for the public site,
the moderators' pages under ``/admin/comments/`` (where reader input is shown to staff), the
admin's login, dashboard and account pages, and static files. This subclass relaxes it only
where needed (docs/security.md explains each):

- ``settings.ADMIN_INLINE_SCRIPT_PREFIXES``: Wagtail screens that render inline ``<script>``
  elements built per form field (date pickers, choosers, inline panels; wagtail/wagtail#1288),
  so neither a fixed hash nor a nonce can cover them: ``script-src`` adds ``'unsafe-inline'``
  and ``img-src`` adds ``blob:`` (upload previews).
- ``settings.ADMIN_INLINE_STYLE_PREFIXES``: the page editor also sets inline styles.
- A response the view lets this site frame (``X-Frame-Options: SAMEORIGIN``, Wagtail's
  preview panel) gets ``frame-ancestors 'self'`` instead of ``'none'``.

The header depends on nothing else unless a view sets its own policy (django-csp's decorators)
or asks for a nonce, so it is built once per combination of the three relaxations above and
kept (dropped when the settings change); any other response goes through django-csp whole.
"""

from __future__ import annotations

from dataclasses import asdict

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase

UNSAFE_INLINE = "'unsafe-inline'"
# What a view sets to change or drop its policy (django-csp's decorators).
_VIEW_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)
_SETTINGS = ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY", "DEBUG")
_DEBUG_PAGES = (404, 500)  # django-csp leaves Django's debug pages alone
_built: dict[tuple[bool, bool, bool], str] = {}


@receiver(setting_changed)
def _forget_policies(*, setting: str, **kwargs) -> None:
    if setting in _SETTINGS or setting.startswith("ADMIN_INLINE_"):
        _built.clear()


def _relaxations(path: str, response: HttpResponseBase) -> tuple[bool, bool, bool]:
    return (
        path.startswith(tuple(settings.ADMIN_INLINE_SCRIPT_PREFIXES)),
        path.startswith(tuple(settings.ADMIN_INLINE_STYLE_PREFIXES)),
        response.get("X-Frame-Options", "").upper() == "SAMEORIGIN",
    )


def _sources(update: dict, directive: str) -> list[str]:
    """A directive's sources from a view's ``csp_update`` (a string or a list)."""
    value = update.get(directive) or []
    return [value] if isinstance(value, str) else list(value)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        inline_script, inline_style, framed = _relaxations(request.path_info, response)
        update = dict(parts.update or {})
        replace = dict(parts.replace or {})
        if inline_script:
            update["script-src"] = [*_sources(update, "script-src"), UNSAFE_INLINE]
            update["img-src"] = [*_sources(update, "img-src"), "blob:"]
        if inline_style:
            update["style-src"] = [*_sources(update, "style-src"), UNSAFE_INLINE]
        if framed:
            replace["frame-ancestors"] = ["'self'"]
        parts.update, parts.replace = update or None, replace or None
        return parts

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not self._plain(request, response):
            return super().process_response(request, response)
        if HEADER not in response:
            key = _relaxations(request.path_info, response)
            header = _built.get(key)
            if header is None:
                parts = self.get_policy_parts(request=request, response=response)
                header = _built[key] = build_policy(**asdict(parts))
            if header:
                response[HEADER] = header
        # As django-csp does: a nonce asked for after the header was written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    @staticmethod
    def _plain(request: HttpRequest, response: HttpResponseBase) -> bool:
        """Whether the response's policy is one of the kept ones (nothing view-specific)."""
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        return not (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _VIEW_POLICY)
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or policy.get("EXCLUDE_URL_PREFIXES")
            or (settings.DEBUG and response.status_code in _DEBUG_PAGES)
        )
