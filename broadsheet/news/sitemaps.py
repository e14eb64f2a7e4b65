"""``/sitemap.xml``: Wagtail's sitemap, with every location on ``BROADSHEET_BASE_URL``.

Wagtail builds a page's absolute URL from the Site record, which says ``localhost:80`` until
``broadsheet sync_site`` has run, so a fresh deployment told search engines about
``http://localhost/...``. Invariant: every ``<loc>`` is ``settings.BASE_URL`` (read per request)
followed by the page's path as Wagtail routes it; the Site record plays no part.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.contrib.sitemaps import Sitemap


def on_base_url(url: str) -> str:
    """``url``'s path and query, on the deployment's base URL."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{settings.BASE_URL}{parts.path or '/'}{query}"


class BaseUrlSitemap(Sitemap):
    """The site's pages, as Wagtail lists them, at the addresses readers use."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for info in urls:
            info["location"] = on_base_url(info["location"])
        return urls
