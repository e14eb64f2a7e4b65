"""Reader comments in the Wagtail admin: the moderators' queue, its menu item and permission,
and a guard that keeps articles with comments from being deleted (they are unpublished)."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from broadsheet.comments import admin_views, selectors
from broadsheet.comments.models import ScreeningTerm

DELETE_REFUSED = (
    "“{title}” cannot be deleted because readers have commented on it; comments are kept as "
    "a record. Unpublish it instead."
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("comments/", include(admin_views, namespace="comments_admin"))]


class CommentsMenuItem(MenuItem):
    """Shown to moderators only; the label carries the number of pending comments."""

    def is_shown(self, request) -> bool:
        return admin_views.can_moderate(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        pending = selectors.queue_counts().get("pending", 0)
        if pending:
            component.label = f"{self.label} ({admin_views.count_label(pending)})"
        return component


@hooks.register("register_admin_menu_item")
def register_comments_menu_item():
    return CommentsMenuItem(
        "Comments", reverse("comments_admin:queue"), name="comments", icon_name="comment", order=250
    )


@hooks.register("register_permissions")
def register_moderate_permission():
    return Permission.objects.filter(
        content_type__app_label="comments", codename="moderate_comment"
    )


def _refuse_delete(request, title: str, back: str) -> HttpResponseRedirect:
    messages.error(request, DELETE_REFUSED.format(title=title))
    return HttpResponseRedirect(back)


@hooks.register("before_delete_page")
def refuse_deleting_commented_articles(request, page):
    """Comments protect their article (on_delete=PROTECT): say so instead of failing."""
    if not selectors.articles_with_comments_under(page):
        return None
    back = get_valid_next_url_from_request(request) or reverse(
        "wagtailadmin_pages:edit", args=[page.pk]
    )
    return _refuse_delete(request, page.get_admin_display_title(), back)


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_commented_articles(request, action_type, objects, action_class_instance):
    if action_type != "delete" or not isinstance(action_class_instance, PageBulkAction):
        return None
    for page in objects:
        if selectors.articles_with_comments_under(page):
            back = action_class_instance.next_url
            if not back or back == request.path:  # the bulk action's own confirmation page
                back = reverse("wagtailadmin_explore_root")
            return _refuse_delete(request, page.get_admin_display_title(), back)
    return None


class ScreeningTermViewSet(SnippetViewSet):
    """Staff-edited word-list terms, applied on top of the shipped English and Turkish lists."""

    model = ScreeningTerm
    icon = "warning"
    menu_label = "Screening terms"
    add_to_settings_menu = True
    list_display = ["phrase", "language", "severity", "category", "updated_at"]
    list_filter = ["severity", "language", "category"]
    search_fields = ["phrase", "note"]


register_snippet(ScreeningTermViewSet)


def _rescreen_after_term_change(request, instance):
    """The word lists changed: screen the pending queue again once the change commits."""
    if isinstance(instance, ScreeningTerm) or (
        isinstance(instance, list | tuple) and any(isinstance(i, ScreeningTerm) for i in instance)
    ):
        from broadsheet.comments.tasks import rescreen_queue

        transaction.on_commit(rescreen_queue.enqueue)


for _hook in ("after_create_snippet", "after_edit_snippet", "after_delete_snippet"):
    hooks.register(_hook, _rescreen_after_term_change)
