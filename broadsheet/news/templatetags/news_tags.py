"""Template tags for the public pages: the Featured row, share links and structured data."""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

from django import template
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from wagtail.models import Page

from broadsheet.core.languages import default_language
from broadsheet.news.selectors import featured_topics, language_versions

register = template.Library()

# Characters that would end a <script> element or start markup are escaped inside JSON-LD.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.inclusion_tag("news/includes/featured_row.html", takes_context=True)
def featured_row(context) -> dict:
    request = context.get("request")
    return {"topics": featured_topics(request=request) if request else []}


def _versions(context) -> list:
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    return language_versions(request=request, page=page if isinstance(page, Page) else None)


@register.inclusion_tag("news/includes/language_alternates.html", takes_context=True)
def language_alternates(context) -> dict:
    """``<link rel="alternate" hreflang>`` for each translation, and x-default (both languages).

    Only real translations are listed (a language the page is not in is no alternate of it);
    x-default is the default language's version, when there is one.
    """
    versions = [version for version in _versions(context) if version.translated]
    default = [version for version in versions if version.code == default_language()]
    return {
        "versions": versions if len(versions) > 1 else [],
        "x_default": default[0] if default and len(versions) > 1 else None,
        "base_url": settings.BASE_URL,
    }


@register.inclusion_tag("news/includes/language_switch.html", takes_context=True)
def language_switch(context) -> dict:
    """The header's links to this page in the site's other language (nothing with one)."""
    return {"versions": _versions(context)}


@register.simple_tag
def absolute_url(path: str) -> str:
    """The public absolute URL for a site path, from BROADSHEET_BASE_URL."""
    return settings.BASE_URL + path


@register.simple_tag
def share_links(url: str, title: str) -> list[dict[str, str]]:
    """Plain share links: no third-party script is loaded on the page."""
    return [
        {
            "name": gettext("Share on Facebook"),
            "key": "facebook",
            "href": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        },
        {
            "name": gettext("Share on X"),
            "key": "x",
            "href": "https://twitter.com/intent/tweet?" + urlencode({"url": url, "text": title}),
        },
        {
            "name": gettext("Share on WhatsApp"),
            "key": "whatsapp",
            "href": "https://wa.me/?" + urlencode({"text": f"{title} {url}"}),
        },
        {
            "name": gettext("Share by e-mail"),
            "key": "email",
            "href": f"mailto:?subject={quote(title)}&body={quote(url)}",
        },
    ]


@register.simple_tag
def json_ld(data: dict) -> SafeString:
    """Serialise ``data`` for a ``<script type="application/ld+json">`` element, safely."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - markup-significant characters are escaped above


@register.simple_tag(takes_context=True)
def article_json_ld(context, page) -> SafeString:
    url = settings.BASE_URL + page.url
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "inLanguage": page.language,
        "headline": page.title[:110],
        "description": page.standfirst,
        "datePublished": page.published_at.isoformat(),
        "dateModified": (page.updated_at or page.published_at).isoformat(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "author": [{"@type": "Person", "name": page.byline}] if page.byline else [],
        "publisher": {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME},
        "articleSection": [topic.name for topic in page.topic_list],
    }
    if page.dateline:
        data["locationCreated"] = {"@type": "Place", "name": page.dateline}
    if page.source_name:
        data["sourceOrganization"] = {"@type": "Organization", "name": page.source_name}
    return json_ld(data)
