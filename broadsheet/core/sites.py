"""The Wagtail Site record follows ``BROADSHEET_BASE_URL``.

Wagtail builds absolute page URLs (sitemaps, ``full_url``) from the default Site's hostname
and port, which start as ``localhost:80``. ``sync_default_site`` sets them from the base URL;
``broadsheet demo`` and ``broadsheet sync_site`` (run after ``migrate`` on deploy) call it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site


def base_url_host_and_port() -> tuple[str, int]:
    parts = urlsplit(settings.BASE_URL)
    default_port = 443 if parts.scheme == "https" else 80
    return parts.hostname or "localhost", parts.port or default_port


def sync_default_site() -> Site | None:
    """Point the default Site at the base URL; return it (None when there is no site yet)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    hostname, port = base_url_host_and_port()
    changed = {}
    if site.hostname != hostname:
        changed["hostname"] = hostname
    if site.port != port:
        changed["port"] = port
    if site.site_name != settings.WAGTAIL_SITE_NAME:
        changed["site_name"] = settings.WAGTAIL_SITE_NAME
    for field, value in changed.items():
        setattr(site, field, value)
    if changed:
        site.save(update_fields=list(changed))
    return site
