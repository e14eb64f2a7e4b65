"""Reader-side comment endpoints. Thin: parse, guard, call the service, answer.

- ``GET  /comments/token/``                   fresh CSRF + form token + idempotency key (JSON)
- ``POST /comments/api/articles/<id>/``       submit as JSON: 202 "received", with an opaque id
- ``GET  /comments/api/articles/<id>/``       approved comments as JSON
- ``GET|POST /comments/articles/<id>/post/``  the same without JavaScript: form, POST, redirect
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from broadsheet.comments import selectors
from broadsheet.comments.errors import CommentError
from broadsheet.comments.public_ids import public_id
from broadsheet.comments.submission import guards
from broadsheet.comments.submission.parse import parse_submission
from broadsheet.comments.submission.service import comment_submit
from broadsheet.core.languages import bilingual
from broadsheet.news.models import ArticlePage
from broadsheet.news.selectors import article_language, public_article, site_id_for_article

RECEIVED_QUERY = "comment=received"
_VALUE_FIELDS = (
    "author_name",
    "author_email",
    "text",
    "parent",
    "notice_version",
    "form_token",
    "idempotency_key",
)


def _error_response(error: CommentError) -> JsonResponse:
    return JsonResponse({"error": error.as_dict()}, status=error.status)


def _accept(request: HttpRequest, article_id: int, data: dict[str, Any]):
    """Run the guards, then store the comment. Raises ``CommentError`` when refused."""
    ip = guards.check_rate(request)
    submission = parse_submission(data)
    guards.check_honeypot(submission.honeypot)
    token_key = guards.check_form_token(submission.form_token)
    return comment_submit(
        article_id=article_id,
        author_name=submission.author_name,
        author_email=submission.author_email,
        text=submission.text,
        parent_id=submission.parent_id,
        notice_version=submission.notice_version,
        idempotency_key=submission.idempotency_key,
        client_ip=ip,
        form_token_key=token_key,
    )


def in_article_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer in the article's language (its messages, its legal notice) with both languages.

    These endpoints are unprefixed and uncached, so the article, not the URL, says which
    language the reader's page was in; with one language nothing is looked up.
    """

    @functools.wraps(view)
    def wrapped(request: HttpRequest, article_id: int) -> HttpResponse:
        if not bilingual():
            return view(request, article_id)
        language = article_language(article_id=article_id)
        with translation.override(language):
            response = view(request, article_id)
        response["Content-Language"] = language
        return response

    return wrapped


@require_GET
def form_token(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        {
            "csrf_token": get_token(request),
            "form_token": guards.issue_form_token(),
            "idempotency_key": guards.new_idempotency_key(),
        }
    )
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "POST"])
@in_article_language
def api_comments(request: HttpRequest, article_id: int) -> JsonResponse:
    if request.method == "GET":
        return _public_comments_json(article_id)
    try:
        guards.check_request_size(request)
        if request.content_type != "application/json":
            raise CommentError("unsupported_media_type", _("Send JSON."), status=415)
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            # RecursionError: arrays or objects nested too deeply for the parser.
            message = _("The request body is not valid JSON.")
            raise CommentError("invalid_json", message) from None
        if not isinstance(data, dict):
            raise CommentError("invalid_json", _("The request body must be a JSON object."))
        result = _accept(request, article_id, data)
    except CommentError as error:
        return _error_response(error)
    # Only "received": whatever the site's screening policy did (approved, spam) is the
    # newsroom's to know, and telling it would teach a spammer what gets through.
    return JsonResponse(
        {"id": public_id(result.comment.pk), "status": "received", "created": result.created},
        status=202,
    )


def _public_comments_json(article_id: int) -> JsonResponse:
    if public_article(article_id) is None:
        return _error_response(
            CommentError("article_not_found", _("This article does not exist."), status=404)
        )
    comments = [
        {
            "id": c.pk,
            "parent": c.parent_id,
            "author_name": c.author_name,
            "text": c.text,
            "created_at": c.created_at.isoformat(),
        }
        for c in selectors.public_comment_list(article_id=article_id)
    ]
    return JsonResponse({"count": len(comments), "comments": comments})


def _form_page(request, article: ArticlePage | None, *, values, error=None, status=200, note=""):
    comment_settings = selectors.comment_settings(site_id_for_article(article)) if article else None
    response = render(
        request,
        "comments/form_page.html",
        {
            "article": article,
            "values": values,
            "error": error,
            "note": note,
            "comment_settings": comment_settings,
            "notice": comment_settings.notice(article.language) if comment_settings else None,
            "csrf_token_value": get_token(request),
            "form_token": guards.issue_form_token(),
            "idempotency_key": values.get("idempotency_key") or guards.new_idempotency_key(),
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


@csrf_exempt  # checked below once we know the reader had a token to send
@require_http_methods(["GET", "POST"])
@in_article_language
def form_post(request: HttpRequest, article_id: int) -> HttpResponse:
    """The form without JavaScript.

    The article page is shared by all readers (and cached), so its form carries no per-reader
    tokens. A POST without them stores nothing and answers with this page, holding the
    reader's text and fresh tokens, to send again. A POST with tokens is checked for CSRF
    like any other and stored, under a key derived from its content and the browser
    (``guards.form_idempotency_key``), so the same comment sent again is stored once.
    """
    article = public_article(article_id)
    if request.method == "GET":
        values = {"parent": request.GET.get("parent", "")}
        status = 200 if article else 404
        return _form_page(request, article, values=values, status=status)
    try:
        guards.check_request_size(request)
    except CommentError as error:
        return _form_page(request, article, values={}, error=error, status=error.status)
    values = {key: request.POST.get(key, "") for key in _VALUE_FIELDS}
    if "csrfmiddlewaretoken" not in request.POST and not values["form_token"]:
        note = _("Please check your comment and press Post a Comment to send it.")
        return _form_page(request, article, values=values, note=note)
    csrf_refusal = CsrfViewMiddleware(lambda r: HttpResponse()).process_view(request, None, (), {})
    if csrf_refusal is not None:
        return csrf_refusal
    data = request.POST.dict()
    data["idempotency_key"] = guards.form_idempotency_key(
        browser_secret=request.META.get("CSRF_COOKIE", ""), article_id=article_id, fields=data
    )
    try:
        _accept(request, article_id, data)
    except CommentError as error:
        return _form_page(request, article, values=values, error=error, status=error.status)
    url = article.url  # not None: _accept refuses an unknown article
    return HttpResponseRedirect(f"{url}?{RECEIVED_QUERY}#comment-notice", status=303)
