"""The moderators' queue in the Wagtail admin. Thin: parse, check, call the service, redirect.

- ``GET  /admin/comments/``                   the queue (``comments_admin:queue``)
- ``GET  /admin/comments/<id>/``              one comment and its history (``:detail``)
- ``POST /admin/comments/<id>/<action>/``     one registered action (``:<action>``), e.g.
  ``approve``, ``reject``, ``spam``, ``pending``
- ``POST /admin/comments/bulk/``              an action on the selected comments (``:bulk``)

Every view needs ``comments.moderate_comment``: Wagtail sends anonymous users to the login
page, and a signed-in user without the permission gets a 403. GET never changes anything;
the action URLs answer GET with 405. Every decision names the status the moderator saw
(``expected``); comments that have moved since are reported, not changed. After an action
the moderator goes back to ``next`` if it is a URL on this site, else to the queue.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from broadsheet.comments.errors import CommentError
from broadsheet.moderation import selectors
from broadsheet.moderation.actions import ModerationAction, all_actions, get
from broadsheet.moderation.actions.base import MODERATE_PERMISSION
from broadsheet.moderation.admin.display import moderation_row
from broadsheet.moderation.admin.forms import BulkActionForm, DecisionForm, QueueFilterForm
from broadsheet.moderation.admin.labels import (
    actor_kind_label,
    back_to_tab_text,
    no_comments_text,
    status_choices,
    status_label,
    status_word,
)
from broadsheet.moderation.admin.messages import outcome_messages
from broadsheet.moderation.admin.rendering import decision_forms, render_rows, risk_html
from broadsheet.moderation.models import ActorKind, RejectReason
from broadsheet.moderation.tasks import rescreen_queue
from broadsheet.news.selectors import article_title as article_title_of

app_name = "comments_admin"


def can_moderate(user) -> bool:
    return bool(user and user.is_active and user.has_perm(MODERATE_PERMISSION))


def count_label(count: int) -> str:
    """A tab count in the active locale's digits grouping; counts stop at the cap (see
    ``selectors.queue_counts``): "10,000+" in English, "10.000+" in Turkish."""
    if count > selectors.QUEUE_COUNT_CAP:
        return formats.number_format(selectors.QUEUE_COUNT_CAP, force_grouping=True) + "+"
    return formats.number_format(count, force_grouping=True)


def safe_next_url(request: HttpRequest, default: str) -> str:
    """``next`` from the POST if it stays on this site, else ``default``."""
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


class ModeratorRequiredMixin:
    """Login redirect for anonymous users, 403 for users without the permission."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(
                request.get_full_path(), login_url=reverse("wagtailadmin_login")
            )
        if not can_moderate(request.user):
            return TemplateResponse(request, "moderation/admin/forbidden.html", status=403)
        return super().dispatch(request, *args, **kwargs)


def _query(params: dict) -> str:
    kept = {key: value for key, value in params.items() if value not in (None, "")}
    return f"?{urlencode(kept)}" if kept else ""


def _keyboard_shortcuts_enabled(user) -> bool:
    """The user's Wagtail preference (Account > Preferences); on when unset."""
    profile = getattr(user, "wagtail_userprofile", None)
    return bool(getattr(profile, "keyboard_shortcuts", True))


class QueueView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "moderation/admin/queue.html"
    page_title = gettext_lazy("Comments")
    header_icon = "comment"
    http_method_names = ["get", "head"]

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": gettext("Comments")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = QueueFilterForm(self.request.GET).values()
        status, order = params["status"], params["order"]
        page = selectors.moderation_queue(
            status=status,
            order=order,
            article_id=params["article"],
            query=params["q"],
            similar_to=params["similar"],
            after=params["after"],
        )
        base_url = reverse("comments_admin:queue")
        keep = {
            "status": status,
            "order": order,
            "article": params["article"],
            "q": params["q"],
            "similar": params["similar"],
        }
        counts = selectors.queue_counts()
        tabs = [
            {
                "status": value,
                "label": label,
                "count": count_label(counts.get(value, 0)),
                "url": base_url + _query({**keep, "status": value}),
                "current": value == status,
            }
            for value, label in status_choices()
        ]
        articles = selectors.queue_pending_articles()
        article_title = None
        article_in_list = False
        if params["article"] is not None:
            article_title = next(
                (a["title"] for a in articles if a["id"] == params["article"]), None
            )
            article_in_list = article_title is not None
            if article_title is None:
                article_title = article_title_of(article_id=params["article"])
        ids = [comment.pk for comment in page.rows]
        replies = selectors.approved_reply_counts(ids)
        similar = selectors.similar_counts(ids, status=status)
        rows = [
            moderation_row(
                comment,
                approved_replies=replies.get(comment.pk, 0),
                similar=similar.get(comment.pk, 0),
            )
            for comment in page.rows
        ]
        current_url = self.request.get_full_path()
        context.update(
            {
                "status": status,
                "status_label": status_label(status),
                "empty_text": no_comments_text(
                    status, filtered=bool(params["article"] or params["q"])
                ),
                "order": order,
                "filters": params,
                "tabs": tabs,
                "rows": rows,
                "rows_html": render_rows(
                    rows,
                    request=self.request,
                    next_url=current_url,
                    reject_reasons=RejectReason.choices,
                    similar_url=base_url + _query({"status": status, "order": order}),
                ),
                "pending_articles": articles,
                "article_title": article_title,
                "article_in_list": article_in_list,
                "order_risk_url": base_url + _query({**keep, "order": "risk"}),
                "order_age_url": base_url + _query({**keep, "order": "age"}),
                "clear_url": base_url + _query({"status": status, "order": order}),
                "first_page_url": base_url + _query(keep) if params["after"] else None,
                "next_page_url": (
                    base_url + _query({**keep, "after": page.next_cursor})
                    if page.next_cursor
                    else None
                ),
                "reject_reasons": RejectReason.choices,
                "bulk_actions": [a for a in all_actions() if a.available_for(status)],
                "keyed_actions": [a for a in all_actions() if a.key],
                "current_url": current_url,
                "is_filtered": bool(params["article"] or params["q"] or params["similar"]),
                "keyboard_shortcuts": _keyboard_shortcuts_enabled(self.request.user),
            }
        )
        return context


class CommentDetailView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "moderation/admin/detail.html"
    header_icon = "comment"
    http_method_names = ["get", "head"]

    def get_page_title(self):
        return gettext("Comment %(id)s") % {"id": self.kwargs["comment_id"]}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("comments_admin:queue"), "label": gettext("Comments")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        comment = selectors.comment_for_moderation(comment_id=self.kwargs["comment_id"])
        if comment is None:
            raise Http404(gettext("No such comment."))
        context = super().get_context_data(**kwargs)
        replies = selectors.approved_reply_counts([comment.pk]).get(comment.pk, 0)
        row = moderation_row(comment, approved_replies=replies)
        context.update(
            {
                "row": row,
                "comment": comment,
                "actions_html": decision_forms(
                    comment,
                    request=self.request,
                    next_url=self.request.get_full_path(),
                    reject_reasons=RejectReason.choices,
                ),
                "risk_html": risk_html(row.screening.risk),
                "status_label": status_label(comment.status),
                "parent_status_label": status_word(comment.parent.status) if comment.parent else "",
                "back_text": back_to_tab_text(comment.status),
                "decisions": [
                    {
                        "decision": decision,
                        "actor_kind": actor_kind_label(decision.actor_kind),
                        "by_moderator": decision.actor_kind == ActorKind.MODERATOR,
                        "from_status": status_label(decision.from_status),
                        "to_status": status_label(decision.to_status),
                    }
                    for decision in selectors.comment_decisions(comment_id=comment.pk)
                ],
                "queue_url": reverse("comments_admin:queue") + _query({"status": comment.status}),
            }
        )
        return context


def decide(
    request: HttpRequest,
    *,
    action: ModerationAction,
    comment_ids: list[int],
    expected: str,
    reason: str = "",
    note: str = "",
) -> None:
    """Run one action and tell the moderator what changed and what had moved on."""
    try:
        outcome = action.execute(
            comment_ids=comment_ids,
            user=request.user,
            expected=expected,
            reason=reason,
            note=note,
        )
    except CommentError as error:
        messages.error(request, error.message)
        return
    texts = outcome_messages(action, outcome, reason)
    report = messages.warning if outcome.stale else messages.success
    report(request, " ".join(texts))


def _form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


class DecisionView(ModeratorRequiredMixin, View):
    """POST one registered action about one comment."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, comment_id: int, action: str) -> HttpResponse:
        found = get(action)
        if found is None:
            raise Http404(gettext("No such action."))
        back = safe_next_url(request, reverse("comments_admin:queue"))
        form = DecisionForm(request.POST, action=found)
        if not form.is_valid():
            messages.error(request, _form_errors(form))
            return HttpResponseRedirect(back)
        decide(
            request,
            action=found,
            comment_ids=[comment_id],
            expected=form.cleaned_data["expected"],
            reason=form.cleaned_data.get("reason", ""),
            note=form.cleaned_data["note"],
        )
        return HttpResponseRedirect(back)


class BulkDecisionView(ModeratorRequiredMixin, View):
    """POST one action about the selected comments of one tab."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        back = safe_next_url(request, reverse("comments_admin:queue"))
        form = BulkActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _form_errors(form))
            return HttpResponseRedirect(back)
        data = form.cleaned_data
        decide(
            request,
            action=get(data["action"]),
            comment_ids=data["ids"],
            expected=data["expected"],
            reason=data["reason"],
            note=data["note"],
        )
        return HttpResponseRedirect(back)


class RescreenView(ModeratorRequiredMixin, View):
    """POST: screen the pending queue again (after word lists or the policy changed)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        result = rescreen_queue.enqueue()
        if result.is_finished:
            count = int(result.return_value)
            text = ngettext(
                "Screened %(count)d pending comment again.",
                "Screened %(count)d pending comments again.",
                count,
            )
            messages.success(request, text % {"count": count})
        else:
            messages.success(
                request, gettext("The pending comments will be screened again shortly.")
            )
        return HttpResponseRedirect(safe_next_url(request, reverse("comments_admin:queue")))


urlpatterns = [
    path("rescreen/", RescreenView.as_view(), name="rescreen"),
    path("", QueueView.as_view(), name="queue"),
    path("bulk/", BulkDecisionView.as_view(), name="bulk"),
    path("<id:comment_id>/", CommentDetailView.as_view(), name="detail"),
    # One URL per registered action: /admin/comments/<id>/<action>/ (``comments_admin:<action>``).
    *(
        path(
            f"<id:comment_id>/{action.name}/",
            DecisionView.as_view(),
            {"action": action.name},
            name=action.name,
        )
        for action in all_actions()
    ),
]
