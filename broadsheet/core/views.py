"""Error views shared by the whole site, and the admin login.

The error handlers never read the request body. Django's own (``bad_request`` and kin) are
wrapped in ``requires_csrf_token``, which runs the CSRF check again and so parses the form
body again: a body that had made the first parse fail (a form in latin-1) then failed inside
the 400 handler and became a 500. Errors on JSON endpoints are JSON with a ``code`` (English,
stable) and a ``message`` in the active language.
"""

from __future__ import annotations

import functools
import math
import time
from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.utils.translation import gettext, ngettext
from wagtail.admin.views.account import LoginView

from broadsheet.core import login_limits
from broadsheet.core.request_limits import error_response, wants_json

_FAVICON = Path(__file__).resolve().parent.parent / "static" / "broadsheet" / "favicon.ico"


@functools.cache
def _favicon_bytes() -> bytes:
    return _FAVICON.read_bytes()


def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, which browsers ask for on every site whatever the page links."""
    response = HttpResponse(_favicon_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(
        request, status=400, code="bad_request", message=gettext("The request could not be read.")
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_response(
        request, status=403, code="forbidden", message=gettext("You may not do that here.")
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if wants_json(request):
        return error_response(request, status=404, code="not_found", message=gettext("Not found."))
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if wants_json(request):
        return error_response(
            request,
            status=500,
            code="server_error",
            message=gettext("Something went wrong on our side."),
        )
    try:
        return render(request, "500.html", status=500)
    except TemplateDoesNotExist:  # pragma: no cover - the template ships with the package
        return HttpResponse(gettext("Server error"), status=500, content_type="text/plain")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 for a failed CSRF check: JSON for API clients, a page for browsers."""
    if request.path.startswith("/comments/api/") or request.content_type == "application/json":
        return JsonResponse(
            {
                "error": {
                    "code": "csrf_failed",
                    "message": gettext("The form could not be verified; please reload the page."),
                    "field": None,
                }
            },
            status=403,
        )
    return render(request, "403_csrf.html", status=403)


class AdminLoginView(LoginView):
    """Wagtail's login page, with attempts limited, and no 500 for an odd ``next``.

    A user already signed in goes straight on to ``next``. Wagtail sends them with
    ``redirect()``, which takes a ``next`` without "/" or "." for the name of a view and fails
    (a 500) when there is none; ``next`` has been checked to stay on the site
    (``get_success_url``), so it is used as the address it is.

    Failed attempts are counted per account and per address (``core.login_limits``); past the
    limit the page answers 429, says when to try again and points to the password reset,
    without checking the password.
    """

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        username = str(request.POST.get("username", ""))[:254]
        until = login_limits.refused_until(request, username)
        if until:
            return self._locked(request, until)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        username = str(self.request.POST.get("username", ""))[:254]
        login_limits.count_failure(self.request, username)
        return super().form_invalid(form)

    def _locked(self, request: HttpRequest, until: float) -> HttpResponse:
        minutes = max(1, math.ceil((until - time.time()) / 60))
        messages.error(
            request,
            ngettext(
                "Too many failed sign-ins. Try again in %(minutes)d minute, or reset your "
                "password by e-mail.",
                "Too many failed sign-ins. Try again in %(minutes)d minutes, or reset your "
                "password by e-mail.",
                minutes,
            )
            % {"minutes": minutes},
        )
        context = self.get_context_data(form=self.form_class(request))
        context["login_locked"] = True
        response = self.render_to_response(context, status=429)
        response["Retry-After"] = str(max(1, math.ceil(until - time.time())))
        return response

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
            return HttpResponseRedirect(self.get_success_url())
        return super().get(request, *args, **kwargs)
