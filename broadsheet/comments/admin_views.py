"""The moderators' queue in the Wagtail admin. Thin: parse, check, call the service, redirect.

- ``GET  /admin/comments/``                   the queue (``comments_admin:queue``)
- ``GET  /admin/comments/<id>/``              one comment and its history (``:detail``)
- ``POST /admin/comments/<id>/approve/``      (``:approve``), ``reject/`` (``:reject``),
  ``spam/`` (``:spam``)
- ``POST /admin/comments/bulk/``              the same for the selected comments (``:bulk``)

Every view needs ``comments.moderate_comment``: Wagtail sends anonymous users to the login
page, and a signed-in user without the permission gets a 403. GET never changes anything;
the action URLs answer GET with 405. After an action the moderator goes back to ``next`` if it
is a URL on this site, else to the queue.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from broadsheet.comments import selectors, services
from broadsheet.comments.admin_display import moderation_row
from broadsheet.comments.admin_forms import (
    BulkActionForm,
    NoteForm,
    QueueFilterForm,
    RejectForm,
)
from broadsheet.comments.admin_rendering import decision_forms, render_rows, risk_html
from broadsheet.comments.models import CommentStatus, RejectReason
from broadsheet.comments.validation import CommentError

MODERATE_PERMISSION = "comments.moderate_comment"
app_name = "comments_admin"


def can_moderate(user) -> bool:
    return bool(user and user.is_active and user.has_perm(MODERATE_PERMISSION))


def count_label(count: int) -> str:
    """A tab count; counts stop at the cap (see ``selectors.queue_counts``)."""
    if count > selectors.QUEUE_COUNT_CAP:
        return f"{selectors.QUEUE_COUNT_CAP:,}+"
    return f"{count:,}"


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
            return TemplateResponse(request, "comments/admin/forbidden.html", status=403)
        return super().dispatch(request, *args, **kwargs)


def _query(params: dict) -> str:
    kept = {key: value for key, value in params.items() if value not in (None, "")}
    return f"?{urlencode(kept)}" if kept else ""


def _keyboard_shortcuts_enabled(user) -> bool:
    """The user's Wagtail preference (Account > Preferences); on when unset."""
    profile = getattr(user, "wagtail_userprofile", None)
    return bool(getattr(profile, "keyboard_shortcuts", True))


class QueueView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "comments/admin/queue.html"
    page_title = "Comments"
    header_icon = "comment"
    http_method_names = ["get", "head"]

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": "Comments"}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = QueueFilterForm(self.request.GET).values()
        status, order = params["status"], params["order"]
        page = selectors.moderation_queue(
            status=status,
            order=order,
            article_id=params["article"],
            query=params["q"],
            after=params["after"],
        )
        base_url = reverse("comments_admin:queue")
        keep = {"status": status, "order": order, "article": params["article"], "q": params["q"]}
        counts = selectors.queue_counts()
        tabs = [
            {
                "status": value,
                "label": label,
                "count": count_label(counts.get(value, 0)),
                "url": base_url + _query({**keep, "status": value}),
                "current": value == status,
            }
            for value, label in CommentStatus.choices
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
                article_title = selectors.article_title(article_id=params["article"])
        rows = [moderation_row(comment) for comment in page.rows]
        current_url = self.request.get_full_path()
        context.update(
            {
                "status": status,
                "status_label": CommentStatus(status).label,
                "order": order,
                "filters": params,
                "tabs": tabs,
                "rows": rows,
                "rows_html": render_rows(
                    rows,
                    request=self.request,
                    next_url=current_url,
                    reject_reasons=RejectReason.choices,
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
                "current_url": current_url,
                "is_filtered": bool(params["article"] or params["q"]),
                "keyboard_shortcuts": _keyboard_shortcuts_enabled(self.request.user),
            }
        )
        return context


class CommentDetailView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "comments/admin/detail.html"
    header_icon = "comment"
    http_method_names = ["get", "head"]

    def get_page_title(self):
        return f"Comment {self.kwargs['comment_id']}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("comments_admin:queue"), "label": "Comments"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        comment = selectors.comment_for_moderation(comment_id=self.kwargs["comment_id"])
        if comment is None:
            raise Http404("No such comment.")
        context = super().get_context_data(**kwargs)
        row = moderation_row(comment)
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
                "decisions": list(selectors.comment_decisions(comment_id=comment.pk)),
                "queue_url": reverse("comments_admin:queue") + _query({"status": comment.status}),
            }
        )
        return context


def _success_message(action: str, asked: int, changed: int, reason: str = "") -> str:
    noun = "comment" if changed == 1 else "comments"
    if action == "approve":
        text = f"Approved {changed} {noun}."
    elif action == "reject":
        text = f"Rejected {changed} {noun} ({RejectReason(reason).label})."
    else:
        text = f"Marked {changed} {noun} as spam."
    unchanged = asked - changed
    if unchanged:
        state = {"approve": "approved", "reject": "rejected", "spam": "spam"}[action]
        verb = "was" if unchanged == 1 else "were"
        text += f" {unchanged} {verb} already {state}."
    return text


def decide(
    request: HttpRequest, *, action: str, comment_ids: list[int], reason: str = "", note: str = ""
) -> None:
    """Run one moderation action through the services and tell the moderator how it went."""
    try:
        if action == "approve":
            decisions = services.comments_approve(
                comment_ids=comment_ids, moderator=request.user, note=note
            )
        elif action == "reject":
            decisions = services.comments_reject(
                comment_ids=comment_ids, moderator=request.user, reason=reason, note=note
            )
        else:
            decisions = services.comments_mark_spam(
                comment_ids=comment_ids, moderator=request.user, note=note
            )
    except CommentError as error:
        messages.error(request, error.message)
        return
    selectors.queue_counts_invalidate()
    asked = len(set(comment_ids))
    messages.success(request, _success_message(action, asked, len(decisions), reason))


def _form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


class DecisionView(ModeratorRequiredMixin, View):
    """POST one decision about one comment."""

    action = "approve"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, comment_id: int) -> HttpResponse:
        back = safe_next_url(request, reverse("comments_admin:queue"))
        form = (RejectForm if self.action == "reject" else NoteForm)(request.POST)
        if not form.is_valid():
            messages.error(request, _form_errors(form))
            return HttpResponseRedirect(back)
        decide(
            request,
            action=self.action,
            comment_ids=[comment_id],
            reason=form.cleaned_data.get("reason", ""),
            note=form.cleaned_data["note"],
        )
        return HttpResponseRedirect(back)


class BulkDecisionView(ModeratorRequiredMixin, View):
    """POST one decision about the selected comments."""

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
            action=data["action"],
            comment_ids=data["ids"],
            reason=data["reason"],
            note=data["note"],
        )
        return HttpResponseRedirect(back)


class RescreenView(ModeratorRequiredMixin, View):
    """POST: screen the pending queue again (after word lists or the policy changed)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        from broadsheet.comments.tasks import rescreen_queue

        result = rescreen_queue.enqueue()
        if result.is_finished:
            messages.success(request, f"Screened {result.return_value} pending comments again.")
        else:
            messages.success(request, "The pending comments will be screened again shortly.")
        return HttpResponseRedirect(safe_next_url(request, reverse("comments_admin:queue")))


urlpatterns = [
    path("rescreen/", RescreenView.as_view(), name="rescreen"),
    path("", QueueView.as_view(), name="queue"),
    path("bulk/", BulkDecisionView.as_view(), name="bulk"),
    path("<int:comment_id>/", CommentDetailView.as_view(), name="detail"),
    path("<int:comment_id>/approve/", DecisionView.as_view(action="approve"), name="approve"),
    path("<int:comment_id>/reject/", DecisionView.as_view(action="reject"), name="reject"),
    path("<int:comment_id>/spam/", DecisionView.as_view(action="spam"), name="spam"),
]
