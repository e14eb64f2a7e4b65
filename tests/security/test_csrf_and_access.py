"""Cross-site request forgery, state-changing GETs, and who may moderate.

- Every state-changing endpoint refuses a POST without a valid CSRF token (missing, forged,
  belonging to another session, or sent from another origin) and changes nothing: the comment
  JSON API and the form without JavaScript, every moderation action, a Wagtail settings form,
  a page action and logging out.
- GET changes nothing anywhere: every URL pattern of the site is requested by a superuser
  with parameters that would mean "approve / reject / delete / publish" to a careless view,
  and the database is compared before and after.
- Moderation needs ``comments.moderate_comment``: anonymous users and signed-in users without
  admin access go to the login page, admin users without the permission get a 403, and
  nothing changes for any of them.
"""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import Page, PageLogEntry, Site

from broadsheet.comments.models import Comment, CommentSettings, CommentStatus
from broadsheet.comments.submission import guards
from broadsheet.moderation.models import ModerationDecision, ScreeningTerm
from broadsheet.news.models import Topic
from tests.comments.helpers import form_fields, submit, tokens
from tests.security.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_comments")]

EVIL_ORIGIN = "https://evil.example"


def snapshot() -> tuple:
    """Everything a forged or careless request could change."""
    site = Site.objects.get(is_default_site=True)
    comment_settings = CommentSettings.for_site(site)
    return (
        tuple(Comment.objects.order_by("pk").values_list("pk", "status", "text", "author_name")),
        ModerationDecision.objects.count(),
        tuple(Page.objects.order_by("pk").values_list("pk", "live", "locked", "title", "path")),
        PageLogEntry.objects.count(),
        (
            comment_settings.max_length,
            comment_settings.legal_notice,
            comment_settings.notice_version,
        ),
        tuple(User.objects.order_by("pk").values_list("pk", "username", "is_active", "password")),
        Group.objects.count(),
        Topic.objects.count(),
        ScreeningTerm.objects.count(),
        Site.objects.count(),
    )


@pytest.fixture
def pending(article) -> Comment:
    return submit(article, author_name="Pat", text="Please publish me")


# --- the reader's endpoints -------------------------------------------------------------------


def _comment_body(issued: dict, **fields) -> str:
    body = {
        "author_name": "Forged",
        "text": "Posted from another site",
        "notice_version": 1,
        "form_token": issued["form_token"],
        "idempotency_key": issued["idempotency_key"],
    }
    return json.dumps({**body, **fields})


def test_comment_json_refuses_tokens_that_are_not_this_readers(article):
    victim = Client(enforce_csrf_checks=True)
    attacker = Client(enforce_csrf_checks=True)
    theirs = tokens(attacker)
    mine = tokens(victim)
    url = f"/comments/api/articles/{article.pk}/"
    attempts = {
        "another session's token": victim.post(
            url, _comment_body(mine), "application/json", HTTP_X_CSRFTOKEN=theirs["csrf_token"]
        ),
        "a token without its cookie": Client(enforce_csrf_checks=True).post(
            url, _comment_body(mine), "application/json", HTTP_X_CSRFTOKEN=mine["csrf_token"]
        ),
        "the token in the body only": victim.post(
            url, _comment_body(mine, csrfmiddlewaretoken=mine["csrf_token"]), "application/json"
        ),
        "a valid token sent from another origin": victim.post(
            url,
            _comment_body(mine),
            "application/json",
            HTTP_X_CSRFTOKEN=mine["csrf_token"],
            HTTP_ORIGIN=EVIL_ORIGIN,
        ),
    }
    for label, response in attempts.items():
        assert response.status_code == 403, label
        assert response.json()["error"]["code"] == "csrf_failed", label
    assert not Comment.objects.exists()
    # The same request from the reader's own page is accepted: the refusals above were CSRF.
    accepted = victim.post(
        url, _comment_body(mine), "application/json", HTTP_X_CSRFTOKEN=mine["csrf_token"]
    )
    assert accepted.status_code == 202


def test_the_form_without_javascript_refuses_forged_posts(article):
    url = f"/comments/articles/{article.pk}/post/"
    victim = Client(enforce_csrf_checks=True)
    fields = form_fields(victim, text="Forged through the form")
    without_csrf = {k: v for k, v in fields.items() if k != "csrfmiddlewaretoken"}
    attempts = {
        "form token but no CSRF token": victim.post(url, without_csrf),
        "another session's CSRF token": victim.post(
            url, {**fields, "csrfmiddlewaretoken": tokens(Client())["csrf_token"]}
        ),
        "no CSRF cookie": Client(enforce_csrf_checks=True).post(url, fields),
        "another origin": victim.post(url, fields, HTTP_ORIGIN=EVIL_ORIGIN),
    }
    for label, response in attempts.items():
        assert response.status_code == 403, label
    # Without any token the post only shows the form again to confirm: nothing is stored.
    confirm = victim.post(url, {"author_name": "Forged", "text": "x", "notice_version": "1"})
    assert confirm.status_code == 200
    assert not Comment.objects.exists()
    assert victim.post(url, fields).status_code == 303  # the reader's own form still works


# --- moderation and the admin -----------------------------------------------------------------


def _moderation_posts(comment: Comment) -> dict[str, dict]:
    return {
        reverse("comments_admin:approve", args=[comment.pk]): {"expected": "pending"},
        reverse("comments_admin:reject", args=[comment.pk]): {
            "reason": "insulting",
            "expected": "pending",
        },
        reverse("comments_admin:spam", args=[comment.pk]): {"expected": "pending"},
        reverse("comments_admin:pending", args=[comment.pk]): {"expected": "spam"},
        reverse("comments_admin:bulk"): {
            "ids": [comment.pk],
            "action": "approve",
            "expected": "pending",
        },
        reverse("comments_admin:rescreen"): {},
    }


def _page_token(client: Client, url: str) -> str:
    content = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1)


def test_moderation_actions_refuse_forged_posts(moderator, pending):
    client = client_for(moderator, enforce_csrf_checks=True)
    token = _page_token(client, "/admin/comments/")
    other = client_for(moderator, enforce_csrf_checks=True)
    other_token = _page_token(other, "/admin/comments/")
    before = snapshot()
    for url, data in _moderation_posts(pending).items():
        for label, extra, headers in [
            ("no token", {}, {}),
            ("forged token", {"csrfmiddlewaretoken": "x" * 64}, {}),
            ("another session's token", {"csrfmiddlewaretoken": other_token}, {}),
            ("another origin", {"csrfmiddlewaretoken": token}, {"HTTP_ORIGIN": EVIL_ORIGIN}),
        ]:
            response = client.post(url, {**data, **extra}, **headers)
            assert response.status_code == 403, f"{url}: {label}"
    assert snapshot() == before
    approve = reverse("comments_admin:approve", args=[pending.pk])
    sent = {"csrfmiddlewaretoken": token, "expected": "pending"}
    assert client.post(approve, sent).status_code == 302
    assert Comment.objects.get(pk=pending.pk).status == CommentStatus.APPROVED


def test_wagtail_forms_and_logout_refuse_forged_posts(superuser, article):
    client = client_for(superuser, enforce_csrf_checks=True)
    site = Site.objects.get(is_default_site=True)
    forged = {
        reverse("wagtailsettings:edit", args=["comments", "commentsettings", site.pk]): {
            "max_length": "5",
            "reply_depth": "0",
            "close_after_days": "1",
            "ip_retention_days": "1",
            "legal_notice": "Forged notice",
        },
        reverse("wagtailadmin_pages:unpublish", args=[article.pk]): {},
        reverse("wagtailadmin_pages:delete", args=[article.pk]): {},
        reverse("wagtailadmin_logout"): {},
    }
    before = snapshot()
    for url, data in forged.items():
        assert client.post(url, data).status_code == 403, url
        assert client.post(url, data, HTTP_ORIGIN=EVIL_ORIGIN).status_code == 403, url
    assert snapshot() == before
    assert client.get("/admin/").status_code == 200  # still signed in
    # Logging out is a POST: a GET (a link, an image, a redirect) keeps the session cookie.
    logout = client.get(reverse("wagtailadmin_logout"))
    assert logout.status_code == 405
    assert "sessionid" not in logout.cookies
    assert client.get("/admin/").status_code == 200


# --- GET never changes anything ------------------------------------------------------------------

WRITE_PARAMS = {
    "action": "approve",
    "status": "approved",
    "reason": "spam",
    "note": "changed by GET",
    "confirm": "yes",
    "delete": "1",
    "publish": "1",
    "approve": "1",
    "author_name": "GET",
    "text": "stored by GET",
    "notice_version": "1",
    "website": "",
}
# Converter and capture-group stand-ins, besides ids.
_NAMES = {
    "app_label": "news",
    "model_name": "topic",
    "slug": "letters",
    "setting": "commentsettings",
}


def _url_patterns(patterns=None, prefix: str = ""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _concrete(route: str, ids: dict[str, int]) -> str | None:
    """A URL for ``route`` with ids of existing objects; None for catch-alls."""
    if (route.startswith("admin/") and route.endswith(("^.*", ".*$"))) or "(?P" in route:
        return None
    if route == "admin/failwhale/":  # Wagtail's own "does error reporting work" page: a 500
        return None
    url = route.replace("^", "").replace("$", "").replace("(\\d+)", str(ids["article"]))
    url = url.replace("(.*)", "x").replace(
        "((?:[\\w\\-]+/)*)", ids["article_path"].strip("/") + "/"
    )

    def value(match: re.Match) -> str:
        kind, name = match.group(1), match.group(2)
        if kind == "int" or name in ("pk", "id") or name.endswith("_id"):
            return str(ids["comment"] if "comment" in route else ids["article"])
        return _NAMES.get(name, "x")

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, url).lstrip("/")


def test_get_never_changes_state(superuser, moderator, pending, article):
    ids = {"article": article.pk, "comment": pending.pk, "article_path": article.url}
    urls = sorted({u for u in (_concrete(r, ids) for r in _url_patterns()) if u})
    issued = tokens(Client())
    params = {
        **WRITE_PARAMS,
        "ids": str(pending.pk),
        "parent": str(pending.pk),
        "form_token": guards.issue_form_token(),
        "idempotency_key": issued["idempotency_key"],
        "next": "/",
    }
    clients = {
        "anonymous": Client(raise_request_exception=False),
        "moderator": client_for(moderator, raise_request_exception=False),
        "superuser": client_for(superuser, raise_request_exception=False),
    }
    before = snapshot()
    errors = []
    for url in urls:
        for who, client in clients.items():
            if who != "superuser" and url.startswith("/admin/") and "comments" not in url:
                continue  # the superuser can do everything they could
            response = client.get(url, params)
            if response.status_code >= 500:
                errors.append(f"{who} GET {url}: {response.status_code}")
            assert snapshot() == before, f"{who} GET {url} changed the database"
    assert clients["superuser"].get("/admin/").status_code == 200  # no GET signed them out
    print(f"\nGET with write-ish parameters: {len(urls)} URLs, nothing changed")
    assert errors == []


# --- who may moderate ------------------------------------------------------------------------


def test_moderation_needs_the_permission(pending, moderator, editor, reader_user):
    """Every moderation URL, for everyone who is not a moderator: refused, nothing changed."""
    gets = ["/admin/comments/", f"/admin/comments/{pending.pk}/"]
    posts = _moderation_posts(pending)
    before = snapshot()
    for who, user in [("anonymous", None), ("reader", reader_user), ("editor", editor)]:
        client = client_for(user)
        for url in [*gets, *posts]:
            response = client.post(url, posts[url]) if url in posts else client.get(url)
            if who == "editor":
                assert response.status_code == 403, f"{who} {url}"
                assert "Please publish me" not in response.content.decode()
            else:
                assert response.status_code == 302, f"{who} {url}"
                assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert snapshot() == before
    # The same requests from a moderator work.
    moderated = client_for(moderator)
    assert moderated.get(gets[1]).status_code == 200
    spam = reverse("comments_admin:spam", args=[pending.pk])
    assert moderated.post(spam, {"expected": "pending"}).status_code == 302
    assert Comment.objects.get(pk=pending.pk).status == CommentStatus.SPAM
