"""Reader comments in the Wagtail admin: articles with comments cannot be deleted.

Comments protect their article (``on_delete=PROTECT``); the editor is told so and offered to
unpublish instead, rather than meeting a server error.
"""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction

from broadsheet.comments import selectors

DELETE_REFUSED = gettext_lazy(
    "“%(title)s” cannot be deleted because readers have commented on it; comments are kept as "
    "a record. Unpublish it instead."
)


def _refuse_delete(request, title: str, back: str) -> HttpResponseRedirect:
    messages.error(request, DELETE_REFUSED % {"title": title})
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
