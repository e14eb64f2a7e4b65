"""Error views shared by the whole site."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


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
