"""Error views shared by the whole site, and the admin login."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from wagtail.admin.views.account import LoginView


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 for a failed CSRF check: JSON for API clients, a page for browsers."""
    if request.path.startswith("/comments/api/") or request.content_type == "application/json":
        return JsonResponse(
            {
                "error": {
                    "code": "csrf_failed",
                    "message": "The form could not be verified; please reload the page.",
                    "field": None,
                }
            },
            status=403,
        )
    return render(request, "403_csrf.html", status=403)


class AdminLoginView(LoginView):
    """Wagtail's login page. A user already signed in goes straight on to ``next``.

    Wagtail sends them with ``redirect()``, which takes a ``next`` without "/" or "." for the
    name of a view and fails (a 500) when there is none; ``next`` has been checked to stay on
    the site (``get_success_url``), so it is used as the address it is.
    """

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
            return HttpResponseRedirect(self.get_success_url())
        return super().get(request, *args, **kwargs)
