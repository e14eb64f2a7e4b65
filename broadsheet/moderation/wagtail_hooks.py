"""The moderators' side of the Wagtail admin: the queue, its menu item and permission, and the
staff screening terms (a change re-screens the queue)."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from broadsheet.moderation import selectors
from broadsheet.moderation.admin import views as admin_views
from broadsheet.moderation.models import ScreeningTerm
from broadsheet.moderation.tasks import rescreen_queue


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
            component.label = _("%(label)s (%(count)s)") % {
                "label": self.label,
                "count": admin_views.count_label(pending),
            }
        return component


@hooks.register("register_admin_menu_item")
def register_comments_menu_item():
    return CommentsMenuItem(
        _("Comments"),
        reverse("comments_admin:queue"),
        name="comments",
        icon_name="comment",
        order=250,
    )


@hooks.register("register_permissions")
def register_moderate_permission():
    return Permission.objects.filter(
        content_type__app_label="comments", codename="moderate_comment"
    )


class ScreeningTermViewSet(SnippetViewSet):
    """Staff-edited word-list terms, applied on top of the shipped English and Turkish lists."""

    model = ScreeningTerm
    icon = "warning"
    menu_label = _("Screening terms")
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
        transaction.on_commit(rescreen_queue.enqueue)


for _hook in ("after_create_snippet", "after_edit_snippet", "after_delete_snippet"):
    hooks.register(_hook, _rescreen_after_term_change)
