"""Public views that are not Wagtail pages: topics, search, robots and the news sitemap."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from broadsheet.news.models import Topic, paginate
from broadsheet.news.selectors import recent_articles, search_articles, topic_articles

LIST_PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200


@require_GET
def topic_page(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    articles = paginate(
        topic_articles(topic=topic, language=get_language()),
        request.GET.get("page"),
        LIST_PAGE_SIZE,
    )
    return render(request, "news/topic_page.html", {"topic": topic, "articles": articles})


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        found = search_articles(query=query, language=get_language())
        results = paginate(found, request.GET.get("page"), LIST_PAGE_SIZE)
    return render(request, "news/search.html", {"query": query, "results": results})


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /comments/",
        "Disallow: /search/",
        f"Sitemap: {settings.BASE_URL}/sitemap.xml",
        f"Sitemap: {settings.BASE_URL}/news-sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Google News sitemap: articles first published in the last 48 hours."""
    return render(
        request,
        "news/news_sitemap.xml",
        {"articles": recent_articles(hours=48)[:1000]},
        content_type="application/xml; charset=utf-8",
    )
