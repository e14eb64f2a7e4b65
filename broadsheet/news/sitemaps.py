"""``/sitemap.xml``: every live public page of the site, in every language it speaks.

Invariants:
- Every ``<loc>`` (and every alternate's ``href``) is ``settings.BASE_URL`` (read per request)
  followed by the page's path as Wagtail routes it. Wagtail builds absolute URLs from the Site
  record, which says ``localhost:80`` until ``broadsheet sync_site`` has run; here the Site
  record plays no part, so a fresh deployment never lists ``http://localhost/...``.
- With both languages each ``<url>`` lists its page and every live public translation of it as
  ``xhtml:link rel="alternate"`` with the language (``hreflang``), and ``x-default`` pointing at
  the default language's version when there is one, so each URL's language is in the sitemap.
  With one language the output is Wagtail's own, on the base URL.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.models import Page

from broadsheet.core.languages import bilingual, default_language, page_language


def on_base_url(url: str) -> str:
    """``url``'s path and query, on the deployment's base URL."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{settings.BASE_URL}{parts.path or '/'}{query}"


class NewsroomSitemap(Sitemap):
    """Wagtail's sitemap over every language's page tree, with the alternates of each page."""

    def items(self):
        if not bilingual():
            return super().items()
        root = self.get_wagtail_site().root_page
        trees = Q()
        for root_path in Page.objects.filter(translation_key=root.translation_key).values_list(
            "path", flat=True
        ):
            trees |= Q(path__startswith=root_path)
        return (
            Page.objects.filter(trees)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for info in urls:
            info["location"] = on_base_url(info["location"])
        if not bilingual():
            return urls
        pages = list(self.paginator.page(page).object_list)
        groups: dict[object, list[dict[str, str]]] = defaultdict(list)
        for item in pages:
            groups[item.translation_key].append(
                {
                    "lang_code": page_language(item),
                    "location": on_base_url(item.get_full_url(self.request)),
                }
            )
        # Wagtail gives one url per page, in the same order as the pages.
        for item, url in zip(pages, urls, strict=True):
            alternates = sorted(groups[item.translation_key], key=lambda a: a["lang_code"])
            default = [a for a in alternates if a["lang_code"] == default_language()]
            if default:
                alternates.append({"lang_code": "x-default", "location": default[0]["location"]})
            url["alternates"] = alternates
        return urls


def sitemap(request: HttpRequest) -> HttpResponse:
    return wagtail_sitemap_views.sitemap(request, {"pages": NewsroomSitemap})
