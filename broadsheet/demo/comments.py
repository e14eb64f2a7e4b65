"""Demo reader comments, submitted and moderated through the services like real ones.

Invariant: idempotent. Each demo comment has a fixed idempotency key, so a second load finds
the stored comments and records no new decisions.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from broadsheet.comments.models import CommentStatus
from broadsheet.comments.selectors import comment_settings_for_article_id
from broadsheet.comments.submission.service import comment_submit
from broadsheet.core.languages import bilingual
from broadsheet.demo import content as demo_content
from broadsheet.demo import content_tr
from broadsheet.moderation.services import comment_approve
from broadsheet.news.models import ArticlePage


def demo_ip(index: int) -> str:
    """Each demo reader posts from an address of their own, in a documentation range."""
    return f"198.51.100.{index % 250 + 1}"


def load_demo_comments() -> int:
    """Submit ``DEMO_COMMENTS`` (and with both languages the Turkish ones); approve the ones
    marked approved. Returns how many exist."""
    total = _load(demo_content.DEMO_COMMENTS, key_prefix="demo-comment", first_ip=0)
    if bilingual():
        total += _load(content_tr.COMMENTS, key_prefix="demo-comment-tr", first_ip=100)
    return total


def _load(comments: list[dict], *, key_prefix: str, first_ip: int) -> int:
    articles = {page.slug: page for page in ArticlePage.objects.all()}
    moderator = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    stored: list[int] = []
    for index, item in enumerate(comments):
        article = articles[item["article"]]
        parent = item.get("parent")
        result = comment_submit(
            article_id=article.pk,
            author_name=item["name"],
            text=item["text"],
            parent_id=stored[parent] if parent is not None else None,
            idempotency_key=f"{key_prefix}-{index}",
            notice_version=comment_settings_for_article_id(article.pk)
            .notice(article.language)
            .version,
            client_ip=demo_ip(first_ip + index),
        )
        stored.append(result.comment.pk)
        if result.created and item["status"] == CommentStatus.APPROVED:
            comment_approve(
                comment_id=result.comment.pk,
                moderator=moderator,
                expected=CommentStatus.PENDING,
                note="Demo comment",
            )
    return len(stored)
