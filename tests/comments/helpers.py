"""Building comment submissions for tests, through the real endpoints and services."""

from __future__ import annotations

import itertools
import json

from django.test import Client

from broadsheet.comments.models import Comment
from broadsheet.comments.submission import guards
from broadsheet.comments.submission import service as submission
from broadsheet.moderation import services

_keys = itertools.count(1)


def submit(article, **fields) -> Comment:
    """Store a comment through ``comment_submit`` (the way every comment is stored)."""
    values = {
        "article_id": article.pk,
        "author_name": "Reader",
        "text": "A fair point, well made.",
        "idempotency_key": f"test-{next(_keys)}",
        "notice_version": 1,
        "client_ip": "198.51.100.7",
    }
    values.update(fields)
    return submission.comment_submit(**values).comment


def approved(article, **fields) -> Comment:
    comment = submit(article, **fields)
    services.comment_approve(comment_id=comment.pk, moderator=None)
    comment.refresh_from_db()
    return comment


def tokens(client: Client) -> dict:
    return client.get("/comments/token/").json()


def post_json(
    client: Client, article, payload: dict | None = None, *, raw=None, meta=None, **fields
):
    """POST to the JSON endpoint with fresh tokens; ``fields`` override the payload.

    ``meta`` adds request META entries such as REMOTE_ADDR or HTTP_X_FORWARDED_FOR.
    """
    issued = tokens(client)
    body = {
        "author_name": "Reader",
        "text": "Thoughtful comment.",
        "notice_version": 1,
        "form_token": issued["form_token"],
        "idempotency_key": issued["idempotency_key"],
    }
    body.update(payload or {})
    body.update(fields)
    return client.post(
        f"/comments/api/articles/{article.pk}/",
        raw if raw is not None else json.dumps(body),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=issued["csrf_token"],
        **(meta or {}),
    )


def form_fields(client: Client, **fields) -> dict:
    issued = tokens(client)
    values = {
        "csrfmiddlewaretoken": issued["csrf_token"],
        "form_token": issued["form_token"],
        "idempotency_key": issued["idempotency_key"],
        "author_name": "Reader",
        "text": "Posted without JavaScript.",
        "notice_version": "1",
        "parent": "",
        "website": "",
    }
    values.update(fields)
    return values


def form_key(client: Client, article, fields: dict) -> str:
    """The idempotency key the form without JavaScript stores ``fields`` under, for ``client``."""
    return guards.form_idempotency_key(
        browser_secret=client.cookies["csrftoken"].value, article_id=article.pk, fields=fields
    )
