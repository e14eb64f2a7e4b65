"""The moderation queue's rows, as HTML.

The queue shows 50 rows. Through the template engine each row cost about 0.8 ms (three
included templates, three forms, five URL reversals, the page URL, two date filters), most of
the page's time. Here a row is a few f-strings. The comment's page shows the same risk meter
and decision forms (``risk_html``, ``decision_forms``).

Invariant: every value that comes from a comment, its screening or the request passes through
``html.escape`` (quotes included) before it is put in the markup; ``highlighted_text`` is
already built by ``format_html``. Only the finished markup is marked safe.

Every word a moderator reads is translated (the active language is the moderator's Wagtail
preference); translations are escaped like everything else, except the few msgids that carry
markup of their own (``%(link)s`` and the like), whose placeholders get escaped values.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import dateformat, formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext, pgettext

from broadsheet.comments.models import Comment
from broadsheet.moderation.actions import all_actions
from broadsheet.moderation.admin.display import ModerationRow, ScreeningView

_PK = 2_147_483_647  # a stand-in id, replaced in each row's URLs


class _Urls:
    """The per-comment admin URLs (detail, each action), reversed once per page."""

    def __init__(self) -> None:
        self._patterns = {"detail": reverse("comments_admin:detail", args=[_PK])}
        for action in all_actions():
            self._patterns[action.name] = reverse(f"comments_admin:{action.name}", args=[_PK])

    def __call__(self, name: str, pk: int) -> str:
        return self._patterns[name].replace(str(_PK), str(int(pk)))


def _csrf_input(request: HttpRequest) -> str:
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'


def _reason_options(reject_reasons: Iterable[tuple[str, str]]) -> str:
    return "".join(
        f'<option value="{escape(str(value))}">{escape(str(label))}</option>'
        for value, label in reject_reasons
    )


def decision_forms(
    comment: Comment,
    *,
    request: HttpRequest,
    next_url: str,
    reject_reasons: Iterable[tuple[str, str]],
) -> SafeString:
    """Approve, reject (with a reason and a note) and spam forms for one comment."""
    html = _actions(
        comment,
        int(comment.pk),
        urls=_Urls(),
        csrf=_csrf_input(request),
        reasons=_reason_options(reject_reasons),
        next_url=escape(next_url),
    )
    return mark_safe(html)  # noqa: S308 - every value escaped in _actions


def render_rows(
    rows: Iterable[ModerationRow],
    *,
    request: HttpRequest,
    next_url: str,
    reject_reasons: Iterable[tuple[str, str]],
    similar_url: str = "",
) -> SafeString:
    """The queue's ``<li>`` rows, as ``queue.html`` lays them out.

    ``similar_url`` is the queue URL (with its query) that a row's "N similar" link extends
    with ``similar=<id>``; without it the rows show no wave links.
    """
    urls = _Urls()
    csrf = _csrf_input(request)
    reasons = _reason_options(reject_reasons)
    article_urls: dict[int, str] = {}
    now = timezone.now()
    parts = []
    for row in rows:
        comment = row.comment
        if comment.article_id not in article_urls:
            article_urls[comment.article_id] = comment.article.get_url(request=request) or ""
        parts.append(
            _row(
                row,
                urls=urls,
                csrf=csrf,
                reasons=reasons,
                next_url=escape(next_url),
                article_url=escape(article_urls[comment.article_id]),
                now=now,
                similar_url=similar_url,
            )
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - every value escaped in _row


def _similar(row: ModerationRow, similar_url: str) -> str:
    """ "· N similar", linking to the queue filtered to the row's wave; "" outside a wave."""
    if not row.similar or not similar_url:
        return ""
    count = int(row.similar)
    joiner = "&" if "?" in similar_url else "?"
    href = escape(f"{similar_url}{joiner}similar={int(row.comment.pk)}")
    label = escape(ngettext("%(count)d similar", "%(count)d similar", count) % {"count": count})
    title = escape(gettext("Comments sharing most of their wording with this one: a possible wave"))
    return f'· <a class="bs-queue__similar" href="{href}" title="{title}">{label}</a>\n'


def _row(row, *, urls, csrf, reasons, next_url, article_url, now, similar_url="") -> str:
    comment = row.comment
    pk = int(comment.pk)
    name = escape(comment.author_name)
    created = timezone.localtime(comment.created_at)
    email = (
        f'<span class="bs-queue__email">{escape(comment.author_email)}</span>'
        if comment.author_email
        else ""
    )
    parent = ""
    if comment.parent_id:
        parent_pk = int(comment.parent_id)
        link = gettext('reply to <a href="%(url)s">comment %(id)s</a>')
        parent = "· " + link % {"url": urls("detail", parent_pk), "id": parent_pk}
    replies = ""
    if row.approved_replies:
        count = int(row.approved_replies)
        text = ngettext(
            "%(count)d approved reply stays visible if this comment is removed; "
            "it shows as “This comment was removed”.",
            "%(count)d approved replies stay visible if this comment is removed; "
            "it shows as “This comment was removed”.",
            count,
        )
        replies = f'<p class="bs-queue__replies">{escape(text % {"count": count})}</p>\n'
    article = (
        f'<a href="{article_url}" target="_blank" rel="noopener noreferrer">'
        f"{escape(comment.article.title)}</a>"
    )
    ago = gettext("%(duration)s ago") % {"duration": timesince(comment.created_at, now)}
    row_label = gettext("Comment %(id)s by %(name)s") % {"id": pk, "name": comment.author_name}
    select_label = gettext("Select comment %(id)s") % {"id": pk}
    return (
        f'<li class="bs-queue__row" id="comment-{pk}" tabindex="-1" data-queue-row '
        f'aria-label="{escape(row_label)}">\n'
        f'<div class="bs-queue__check">\n'
        f'<input type="checkbox" name="ids" value="{pk}" form="bs-queue-bulk" data-queue-check '
        f'aria-label="{escape(select_label)}">\n'
        f"</div>\n"
        f'<div class="bs-queue__main">\n'
        f'<p class="bs-queue__meta">\n'
        f'<strong class="bs-queue__name"><bdi>{name}</bdi></strong>\n'
        f"{email}\n"
        f"{pgettext('comment posted', 'on %(article)s') % {'article': article}}\n"
        f'· <time datetime="{escape(dateformat.format(created, "c"))}" '
        f'title="{escape(dateformat.format(created, "j F Y, H:i:s T"))}">'
        f"{escape(ago)}</time>\n"
        f"{parent}\n"
        f"{_similar(row, similar_url)}"
        f'· <a href="{urls("detail", pk)}">{escape(gettext("Details"))}</a>\n'
        f"</p>\n"
        f'<div class="bs-queue__text">{row.highlighted_text}</div>\n'
        f"{replies}"
        f"{screening_html(row.screening)}\n"
        f"</div>\n"
        f'<div class="bs-queue__side">\n'
        f"{risk_html(row.screening.risk)}\n"
        f"{_actions(comment, pk, urls=urls, csrf=csrf, reasons=reasons, next_url=next_url)}\n"
        f"</div>\n"
        f"</li>"
    )


def screening_html(screening: ScreeningView) -> str:
    """What screening found: the recommendation, categories and each check's reason."""
    if not screening.screened:
        muted = escape(gettext("Not screened"))
        return f'<div class="bs-queue__screening"><p class="bs-queue__muted">{muted}</p></div>'
    chips = ""
    if screening.recommendation or screening.categories:
        recommendation = ""
        if screening.recommendation:
            label = escape(screening.recommendation_label)
            modifier = escape(slugify(screening.recommendation))
            recommendation = (
                f'<span class="bs-queue__recommendation '
                f'bs-queue__recommendation--{modifier}">{label}</span>'
            )
        categories = "".join(
            f'<span class="bs-queue__chip">{escape(str(c))}</span>'
            for c in screening.category_labels
        )
        chips = f'<p class="bs-queue__chips">{recommendation}{categories}</p>'
    if screening.reasons:
        items = []
        for reason in screening.reasons:
            detail = f": {escape(reason.detail)}" if reason.detail else ""
            category = ""
            if reason.category:
                chip = escape(reason.category_label)
                category = f' <span class="bs-queue__chip bs-queue__chip--small">{chip}</span>'
            check = escape(reason.check_label or pgettext("screening check", "check"))
            items.append(f"<li><strong>{check}</strong>{detail}{category}</li>")
        findings = f'<ul class="bs-queue__reasons">{"".join(items)}</ul>'
    else:
        findings = f'<p class="bs-queue__muted">{escape(gettext("No findings."))}</p>'
    return f'<div class="bs-queue__screening">{chips}{findings}</div>'


def risk_html(risk: float) -> SafeString:
    """The risk meter, 0 (none) to 1 (certain)."""
    value = float(risk)
    title = escape(gettext("Screening risk, 0 (none) to 1 (certain)"))
    label = escape(pgettext("screening", "Risk"))
    shown = escape(formats.number_format(value, 2))  # 0.42 in English, 0,42 in Turkish
    return mark_safe(  # noqa: S308 - escaped translations and formatted numbers
        f'<div class="bs-queue__risk" title="{title}">'
        f'<span class="bs-queue__risk-label">{label}</span>'
        f'<meter min="0" max="1" low="0.3" high="0.7" optimum="0" value="{value:.3f}">'
        f"{shown}</meter>"
        f'<span class="bs-queue__risk-value">{shown}</span></div>'
    )


def _actions(comment, pk: int, *, urls, csrf, reasons, next_url) -> str:
    """One form per registered action, except the one for the comment's current status.

    Each form sends the status the moderator sees (``expected``), so a decision made on a page
    that has gone stale is refused instead of undoing a colleague's.
    """
    forms = []
    status = escape(str(comment.status))
    hidden = (
        f'{csrf}<input type="hidden" name="next" value="{next_url}">'
        f'<input type="hidden" name="expected" value="{status}">'
    )
    for action in all_actions():
        if not action.available_for(comment.status):
            continue
        name = escape(action.name)
        key = f' data-queue-key="{escape(action.key)}"' if action.key else ""
        button = f"button button-small {escape(action.button_class)}".strip()
        fields = ""
        css = ""
        if action.needs_reason:
            css = ' class="bs-queue__reject"'
            reason_label = escape(gettext("Reason for comment %(id)s") % {"id": pk})
            fields = (
                f'<label class="w-sr-only" for="bs-reason-{name}-{pk}">{reason_label}</label>'
                f'<select name="reason" id="bs-reason-{name}-{pk}" required data-queue-reason>'
                f'<option value="">{escape(gettext("Reason…"))}</option>{reasons}</select>'
                f'<label class="w-sr-only" for="bs-note-{name}-{pk}">'
                f"{escape(gettext('Note'))}</label>"
                f'<input type="text" name="note" id="bs-note-{name}-{pk}" maxlength="2000" '
                f'placeholder="{escape(gettext("Note (optional)"))}">'
            )
        forms.append(
            f'<form method="post" action="{urls(action.name, pk)}" data-queue-action="{name}"'
            f"{key}{css}>{hidden}{fields}"
            f'<button type="submit" class="{button}">{escape(str(action.label))}</button></form>'
        )
    return f'<div class="bs-queue__actions">{"".join(forms)}</div>'
