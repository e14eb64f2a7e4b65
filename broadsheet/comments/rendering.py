"""The approved comment threads under an article, as HTML.

An article page shows up to 50 threads with their replies. Through the template engine each
comment cost about a third of a millisecond (an include, a URL reversal, two date filters,
a dozen variable lookups), most of an uncached page's time. Here a comment is one f-string.

Invariant: everything a reader typed (name, text) passes through ``html.escape`` (quotes
included) or ``linebreaks(autoescape=True)`` before it is put in the markup; ids are
integers and dates are formatted here. Only the finished markup is marked safe.

The words around the comments ("Reply", "Comment by ...", the removed note) are translated
once per call into a ``_Words``, never per comment, so a page of 50 threads costs the same
in any language. Translations are escaped too: a translator's quote cannot break an attribute.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from broadsheet.comments.selectors import CommentNode


@dataclass(frozen=True)
class _Words:
    """The translated words of one rendering, escaped for HTML text and attributes."""

    months: dict[int, str]
    comment_by: str  # contains "%(name)s"; filled with the escaped name
    reply: str
    removed_label: str
    removed_note: str

    @classmethod
    def current(cls) -> _Words:
        """The words in the active language (a handful of catalogue lookups)."""
        return cls(
            months={number: escape(str(name)) for number, name in MONTHS.items()},
            comment_by=escape(gettext("Comment by %(name)s"), quote=True),
            reply=escape(gettext("Reply")),
            removed_label=escape(gettext("Removed comment")),
            removed_note=escape(gettext("This comment was removed.")),
        )


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
    words = _Words.current()
    url = escape(reply_url) if reply_url is not None else None
    parts: list[str] = []
    for number, node in enumerate(threads):
        if number:
            parts.append("\n")
        _render(node, 0, url, reply_depth, words, parts)
    return mark_safe("".join(parts))  # noqa: S308 - every reader-typed value escaped in _render


def _render(
    node: CommentNode,
    depth: int,
    url: str | None,
    reply_depth: int,
    words: _Words,
    parts: list[str],
) -> None:
    comment = node.comment
    pk = int(comment.pk)
    if comment.removed:
        _render_removed(node, pk, depth, url, reply_depth, words, parts)
        return
    name = escape(comment.author_name)
    iso, shown = _dates(comment.created_at, words.months)
    label = words.comment_by.replace("%(name)s", name)
    text = linebreaks(comment.text, autoescape=True)
    parts.append(
        f'<li class="comment" id="comment-{pk}">\n'
        f'  <article aria-label="{label}">\n'
        f'    <p class="comment-meta"><bdi class="comment-author">{name}</bdi> &middot; '
        f'<time datetime="{iso}">{shown}</time></p>\n'
        f'    <div class="comment-text">{text}</div>'
    )
    if url is not None and depth < reply_depth:
        parts.append(
            f'\n    <p class="comment-reply"><a href="{url}?parent={pk}" data-reply="{pk}" '
            f'data-reply-name="{name}">{words.reply}</a></p>'
        )
    parts.append("\n  </article>")
    _render_replies(node, depth, url, reply_depth, words, parts)


def _render_removed(node, pk, depth, url, reply_depth, words, parts) -> None:
    """A comment no longer shown, in its place so that its approved replies keep their thread."""
    parts.append(
        f'<li class="comment comment-removed" id="comment-{pk}">\n'
        f'  <article aria-label="{words.removed_label}">\n'
        f'    <p class="comment-removed-note">{words.removed_note}</p>\n'
        f"  </article>"
    )
    _render_replies(node, depth, url, reply_depth, words, parts)


def _render_replies(node, depth, url, reply_depth, words, parts) -> None:
    if node.replies:
        parts.append('\n  <ol class="comment-replies">')
        for child in node.replies:
            parts.append("\n")
            _render(child, depth + 1, url, reply_depth, words, parts)
        parts.append("\n  </ol>")
    parts.append("\n</li>")
