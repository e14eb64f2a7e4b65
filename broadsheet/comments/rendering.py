"""The approved comment threads under an article, as HTML.

An article page shows up to 50 threads with their replies. Through the template engine each
comment cost about a third of a millisecond (an include, a URL reversal, two date filters,
a dozen variable lookups), most of an uncached page's time. Here a comment is one f-string.

Invariant: everything a reader typed (name, text) passes through ``html.escape`` (quotes
included) or ``linebreaks(autoescape=True)`` before it is put in the markup; ids are
integers and dates are formatted here. Only the finished markup is marked safe.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

from broadsheet.comments.selectors import CommentNode


def _dates(moment: datetime, months: dict[int, str]) -> tuple[str, str]:
    """``(machine, reader)`` forms: ``2026-11-25T14:05:00+0000`` and ``25 November 2026, 14:05``.

    In the current time zone, as the ``date`` filter would show them.
    """
    local = timezone.localtime(moment)
    shown = f"{local.day} {months[local.month]} {local.year}, {local:%H:%M}"
    return local.strftime("%Y-%m-%dT%H:%M:%S%z"), shown


def render_threads(
    threads: list[CommentNode], *, reply_url: str | None, reply_depth: int
) -> SafeString:
    """The ``<li>`` of each thread, replies nested in ``<ol class="comment-replies">``.

    ``reply_url`` is the form's address for replies, or None when the article takes no more
    comments; a comment at depth ``reply_depth`` or deeper gets no Reply link.
    """
    months = {number: str(name) for number, name in MONTHS.items()}
    url = escape(reply_url) if reply_url is not None else None
    parts: list[str] = []
    for number, node in enumerate(threads):
        if number:
            parts.append("\n")
        _render(node, 0, url, reply_depth, months, parts)
    return mark_safe("".join(parts))  # noqa: S308 - every reader-typed value escaped in _render


def _render(
    node: CommentNode,
    depth: int,
    url: str | None,
    reply_depth: int,
    months: dict[int, str],
    parts: list[str],
) -> None:
    comment = node.comment
    pk = int(comment.pk)
    if comment.removed:
        _render_removed(node, pk, depth, url, reply_depth, months, parts)
        return
    name = escape(comment.author_name)
    iso, shown = _dates(comment.created_at, months)
    text = linebreaks(comment.text, autoescape=True)
    parts.append(
        f'<li class="comment" id="comment-{pk}">\n'
        f'  <article aria-label="Comment by {name}">\n'
        f'    <p class="comment-meta"><bdi class="comment-author">{name}</bdi> &middot; '
        f'<time datetime="{iso}">{shown}</time></p>\n'
        f'    <div class="comment-text">{text}</div>'
    )
    if url is not None and depth < reply_depth:
        parts.append(
            f'\n    <p class="comment-reply"><a href="{url}?parent={pk}" data-reply="{pk}" '
            f'data-reply-name="{name}">Reply</a></p>'
        )
    parts.append("\n  </article>")
    _render_replies(node, depth, url, reply_depth, months, parts)


def _render_removed(node, pk, depth, url, reply_depth, months, parts) -> None:
    """A comment no longer shown, in its place so that its approved replies keep their thread."""
    parts.append(
        f'<li class="comment comment-removed" id="comment-{pk}">\n'
        f'  <article aria-label="Removed comment">\n'
        f'    <p class="comment-removed-note">This comment was removed.</p>\n'
        f"  </article>"
    )
    _render_replies(node, depth, url, reply_depth, months, parts)


def _render_replies(node, depth, url, reply_depth, months, parts) -> None:
    if node.replies:
        parts.append('\n  <ol class="comment-replies">')
        for child in node.replies:
            parts.append("\n")
            _render(child, depth + 1, url, reply_depth, months, parts)
        parts.append("\n  </ol>")
    parts.append("\n</li>")
