"""The Wagtail Site record follows ``BROADSHEET_BASE_URL``.

Wagtail builds absolute page URLs (sitemaps, ``full_url``) from the default Site's hostname
and port, which start as ``localhost:80``. ``sync_default_site`` sets them from the base URL;
``broadsheet demo`` and ``broadsheet sync_site`` (run after ``migrate`` on deploy) call it.
The sitemap does not depend on it (``news.sitemaps`` puts every location on the base URL).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site


def base_url_host_and_port(base_url: str | None = None) -> tuple[str, int]:
    """The host and port of ``base_url`` (default: ``settings.BASE_URL``, read now)."""
    parts = urlsplit(settings.BASE_URL if base_url is None else base_url)
    default_port = 443 if parts.scheme == "https" else 80
    return parts.hostname or "localhost", parts.port or default_port


def sync_default_site(*, base_url: str | None = None) -> Site | None:
    """Point the default Site at the base URL; return it (None when there is no site yet).

    ``base_url`` is the deployment's ``settings.BASE_URL`` unless given (``broadsheet demo
    --bind`` on another port, before the server it starts has read its settings).
    """
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    hostname, port = base_url_host_and_port(base_url)
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
