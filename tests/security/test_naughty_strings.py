"""Naughty strings through both comment endpoints: stored exactly and shown as text, or refused.

Every string of the Big List of Naughty Strings, plus NUL, CR, LF, CRLF and over-long values,
is sent as the name and as the text, through the form without JavaScript (urlencoded, as a
browser sends it) and through the JSON endpoint. Each one is either

- accepted: stored byte for byte (read back from the database), and after approval shown on
  the article page as text (the parsed page holds exactly the string) and in the JSON list; or
- refused with a 4xx: a coded JSON error, or the form again with the error and the reader's
  input kept, shown as text;

and never a server error. Run with ``pytest -s`` to see the counts.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client

from broadsheet.comments.models import Comment
from broadsheet.comments.public_ids import comment_pk
from broadsheet.moderation import services
from tests.comments.helpers import form_fields, form_key, post_json
from tests.factories import make_article
from tests.security.conftest import (
    active_content,
    naughty_cases,
    parse_html,
    public_page_comments,
    shown_as_paragraphs,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_comments")]

OTHER_FIELD = {"author_name": ("text", "A plain comment."), "text": ("author_name", "Reader")}


def _send(client: Client, article, endpoint: str, values: dict):
    """Post one comment; returns ``(response, stored id or None)``."""
    if endpoint == "json":
        response = post_json(client, article, **values)
        pk = comment_pk(response.json()["id"]) if response.status_code == 202 else None
        return response, pk
    fields = form_fields(client, **values)
    response = client.post(
        f"/comments/articles/{article.pk}/post/",
        urlencode(fields),
        content_type="application/x-www-form-urlencoded",
    )
    pk = None
    if response.status_code == 303:
        pk = Comment.objects.get(idempotency_key=form_key(client, article, fields)).pk
    return response, pk


def _refusal_problems(endpoint: str, response, values: dict) -> list[str]:
    """What is wrong with a refusal (nothing, for a clear 4xx)."""
    status = response.status_code
    if not 400 <= status < 500:
        return [f"status {status}"]
    if endpoint == "json":
        error = response.json().get("error", {})
        return [] if error.get("code") and error.get("message") else [f"no error code: {error}"]
    page = parse_html(response.content)
    problems = active_content(page)
    box = page.find("div", cls="form-error")
    if box is None or box.has_attr("hidden") or not box.text().strip():
        problems.append("no error shown on the form")
    if status == 400:
        # The reader's input is kept in the form, as text.
        name = page.find("input", name="author_name").attr("value") or ""
        text = page.find("textarea", name="text").text()
        if (name, text) != (values["author_name"], values["text"]):
            problems.append(f"input not kept: {name!r}, {text[:40]!r}")
    return problems


def _shown_problems(shown, field_name: str, value: str) -> list[str]:
    if shown is None:
        return ["not on the page"]
    problems = shown.text_markup + shown.name_markup
    if field_name == "author_name":
        if shown.name != value:
            problems.append(f"name shown as {shown.name!r}")
        if shown.labels.get("aria-label") != f"Comment by {value}":
            problems.append(f"aria-label {shown.labels.get('aria-label')!r}")
        if shown.labels.get("data-reply-name", value) != value:
            problems.append(f"data-reply-name {shown.labels['data-reply-name']!r}")
    elif shown.text != shown_as_paragraphs(value):
        problems.append(f"text shown as {shown.text[:60]!r}")
    return problems


@pytest.mark.parametrize("endpoint", ["form", "json"])
@pytest.mark.parametrize("field_name", ["author_name", "text"])
def test_naughty_strings_are_stored_exactly_or_refused(field_name, endpoint):
    article = make_article(title=f"Naughty {field_name} by {endpoint}")
    client = Client(raise_request_exception=False)
    other, other_value = OTHER_FIELD[field_name]
    cases = naughty_cases(field_name)
    sent: dict[int, tuple[str, str]] = {}  # stored id -> (label, value)
    refused: list[str] = []
    server_errors: list[str] = []
    problems: list[str] = []

    for label, value in cases:
        values = {field_name: value, other: other_value}
        response, pk = _send(client, article, endpoint, values)
        if response.status_code >= 500:
            server_errors.append(f"{label}: {response.status_code}")
        elif pk is not None:
            sent[pk] = (label, value)
        else:
            refused.append(label)
            problems += [f"{label}: {p}" for p in _refusal_problems(endpoint, response, values)]

    stored = dict(Comment.objects.filter(pk__in=sent).values_list("pk", field_name))
    for pk, (label, value) in sent.items():
        if stored.get(pk) != value:
            problems.append(f"{label}: stored as {stored.get(pk)!r:.60}, sent {value!r:.60}")

    # After approval each accepted string is on the article page, as text, and in the JSON.
    services.comments_approve(comment_ids=list(sent), moderator=None)
    shown = {}
    number, more = 1, True
    while more:  # page after page, as long as there is a "Later comments" link
        response = client.get(article.url, {"comments": number})
        assert response.status_code == 200
        page = parse_html(response.content)
        problems += [f"page {number}: {p}" for p in active_content(page)]
        shown.update(public_page_comments(page))
        more = page.find("a", rel="next") is not None
        number += 1
    for pk, (label, value) in sent.items():
        problems += [f"{label}: {p}" for p in _shown_problems(shown.get(pk), field_name, value)]

    listed = client.get(f"/comments/api/articles/{article.pk}/")
    assert listed["Content-Type"] == "application/json"
    json_values = {c["id"]: c[field_name] for c in listed.json()["comments"]}
    for pk, (label, value) in sent.items():
        if json_values.get(pk) != value:
            problems.append(f"{label}: JSON has {json_values.get(pk)!r:.60}")

    print(
        f"\nnaughty strings as {field_name} via {endpoint}: {len(cases)} tried, "
        f"{len(sent)} accepted, {len(refused)} refused, {len(server_errors)} server errors"
        f"\n  refused: {', '.join(refused)}"
    )
    assert len(sent) + len(refused) + len(server_errors) == len(cases)
    assert server_errors == []
    assert problems == []
    # The corpus is mostly printable text that a reader may well write: most of it gets in.
    assert len(sent) > len(cases) // 2
