"""Template context shared by every public page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """Expose the configured site name and absolute base URL to templates."""
    return {"SITE_NAME": settings.WAGTAIL_SITE_NAME, "BASE_URL": settings.BASE_URL}
