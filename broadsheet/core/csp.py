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
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

UNSAFE_INLINE = "'unsafe-inline'"


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
        path = request.path_info
        update = dict(parts.update or {})
        replace = dict(parts.replace or {})
        if path.startswith(tuple(settings.ADMIN_INLINE_SCRIPT_PREFIXES)):
            update["script-src"] = [*_sources(update, "script-src"), UNSAFE_INLINE]
            update["img-src"] = [*_sources(update, "img-src"), "blob:"]
        if path.startswith(tuple(settings.ADMIN_INLINE_STYLE_PREFIXES)):
            update["style-src"] = [*_sources(update, "style-src"), UNSAFE_INLINE]
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            replace["frame-ancestors"] = ["'self'"]
        parts.update, parts.replace = update or None, replace or None
        return parts
