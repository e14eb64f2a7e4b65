"""The comment area under an article: approved threads, the form, the notices."""

from __future__ import annotations

from django import template
from django.urls import reverse

from broadsheet.comments import selectors
from broadsheet.comments.models import CommentSettings
from broadsheet.comments.rendering import render_threads
from broadsheet.comments.views import RECEIVED_QUERY
from broadsheet.core import site_settings

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article) -> dict:
    request = context["request"]
    comment_settings = site_settings.setting_for_request(CommentSettings, request)
    page = selectors.public_comment_page(article_id=article.pk, page=request.GET.get("comments", 1))
    accepting = article.comments_accepting(close_after_days=comment_settings.close_after_days)
    reply_url = reverse("comments:post", args=[article.pk]) if accepting else None
    return {
        "request": request,
        "article": article,
        "page": page,
        "threads": render_threads(
            page.threads, reply_url=reply_url, reply_depth=comment_settings.reply_depth
        ),
        "count": page.count,
        "comment_settings": comment_settings,
        "notice": comment_settings.notice(article.language),  # the page's language's
        "accepting": accepting,
        "received": request.META.get("QUERY_STRING", "") == RECEIVED_QUERY,
    }
