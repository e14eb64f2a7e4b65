"""The approved comment threads under an article, as HTML.

An article page shows up to 50 threads with their replies. Through the template engine each
comment cost about a third of a millisecond (an include, a URL reversal, two date filters,
a dozen variable lookups), most of an uncached page's time. Here a comment is one
``format_html`` call.

Invariant: everything a reader typed (name, text) goes through ``format_html`` or
``linebreaks(autoescape=True)``, so it is escaped; nothing from a comment is marked safe as is.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe

from broadsheet.comments.selectors import CommentNode

_COMMENT = (
    '<li class="comment" id="comment-{pk}">\n'
    '  <article aria-label="Comment by {name}">\n'
    '    <p class="comment-meta"><span class="comment-author">{name}</span> &middot; '
    '<time datetime="{iso}">{shown}</time></p>\n'
    '    <div class="comment-text">{text}</div>\n'
    "    {reply}\n"
    "  </article>\n"
    "  {replies}\n"
    "</li>"
)
_REPLY = (
    '<p class="comment-reply"><a href="{url}?parent={pk}" data-reply="{pk}" '
    'data-reply-name="{name}">Reply</a></p>'
)


def _dates(moment: datetime) -> tuple[str, str]:
    """``(machine, reader)`` forms: ``2026-11-25T14:05:00+0000`` and ``25 November 2026, 14:05``.

    In the current time zone, as the ``date`` filter would show them.
    """
    local = timezone.localtime(moment)
    shown = f"{local.day} {MONTHS[local.month]} {local.year}, {local:%H:%M}"
    return local.strftime("%Y-%m-%dT%H:%M:%S%z"), shown


def render_threads(threads: list[CommentNode], *, reply_url: str | None, reply_depth: int) -> str:
    """The ``<li>`` of each thread, replies nested in ``<ol class="comment-replies">``.

    ``reply_url`` is the form's address for replies, or None when the article takes no more
    comments; a comment at depth ``reply_depth`` or deeper gets no Reply link.
    """
    rendered = (_render(node, 0, reply_url, reply_depth) for node in threads)
    return mark_safe("\n".join(rendered))  # noqa: S308 - each part built by format_html


def _render(node: CommentNode, depth: int, reply_url: str | None, reply_depth: int) -> SafeString:
    comment = node.comment
    iso, shown = _dates(comment.created_at)
    reply = ""
    if reply_url is not None and depth < reply_depth:
        reply = format_html(_REPLY, url=reply_url, pk=comment.pk, name=comment.author_name)
    replies = ""
    if node.replies:
        inner = "\n".join(_render(c, depth + 1, reply_url, reply_depth) for c in node.replies)
        # Each part was built by format_html.
        replies = format_html('<ol class="comment-replies">\n{}\n  </ol>', mark_safe(inner))  # noqa: S308
    return format_html(
        _COMMENT,
        pk=comment.pk,
        name=comment.author_name,
        iso=iso,
        shown=shown,
        text=mark_safe(linebreaks(comment.text, autoescape=True)),  # noqa: S308 - escaped here
        reply=reply,
        replies=replies,
    )
