"""Property tests: whatever a client sends, the answer is a 2xx or a 4xx, never a 500, and an
accepted comment is stored exactly as sent.

Hypothesis generates the JSON body (any text, lone surrogates included, any JSON value in any
field, extra fields, bodies that are not objects or not JSON at all), the form without
JavaScript (any text, any field, missing or forged tokens, bytes that are not UTF-8), and the
query parameters of the pages that read them.
"""

from __future__ import annotations

import json
from urllib.parse import quote_from_bytes, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from broadsheet.comments.models import Comment
from broadsheet.comments.public_ids import comment_pk
from broadsheet.comments.submission import guards
from tests.comments.helpers import form_key, tokens
from tests.security.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_comments")]

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
GET_PROPERTY = settings(PROPERTY, max_examples=60)

# Any text a JSON string can carry, lone surrogates included.
any_text = st.text(st.characters(blacklist_categories=()), max_size=80)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=6,
)
plain_text = st.text(max_size=200)  # what a form can carry: valid Unicode
field_names = st.sampled_from(
    ["author_name", "author_email", "text", "parent", "notice_version", "website", "x", ""]
)


def _mostly(good, other):
    return st.one_of(good, good, good, other)


@st.composite
def json_submissions(draw):
    body = {
        "author_name": draw(_mostly(st.text(min_size=1, max_size=60), json_values)),
        "text": draw(_mostly(any_text, json_values)),
        "notice_version": draw(_mostly(st.just(1), json_values)),
    }
    for name in ("author_email", "parent", "website", "idempotency_key", "form_token"):
        if draw(st.booleans()):
            body[name] = draw(json_values)
    body.update(draw(st.dictionaries(any_text, json_values, max_size=3)))
    return body


def _stored_exactly(pk: int, sent: dict) -> bool:
    comment = Comment.objects.get(pk=pk)
    return (comment.text, comment.author_name) == (sent.get("text"), sent.get("author_name"))


@PROPERTY
@given(submission=json_submissions(), keep_tokens=st.booleans())
def test_any_json_object_gets_an_answer_and_is_stored_as_sent(article, submission, keep_tokens):
    client = Client(raise_request_exception=False)
    issued = tokens(client)
    body = dict(submission)
    if keep_tokens:
        body["form_token"] = issued["form_token"]
        body["idempotency_key"] = issued["idempotency_key"]
    response = client.post(
        f"/comments/api/articles/{article.pk}/",
        json.dumps(body),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=issued["csrf_token"],
    )
    assert 200 <= response.status_code < 500, response.content[:300]
    assert response["Content-Type"] == "application/json"
    if response.status_code == 202:
        assert _stored_exactly(comment_pk(response.json()["id"]), body)
    else:
        assert response.json()["error"]["code"]


@PROPERTY
@given(
    body=st.one_of(
        st.binary(max_size=200),
        json_values.map(lambda v: json.dumps(v).encode()),
        any_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    )
)
def test_any_body_at_all_gets_an_answer(article, body):
    client = Client(raise_request_exception=False)
    issued = tokens(client)
    response = client.post(
        f"/comments/api/articles/{article.pk}/",
        body,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=issued["csrf_token"],
    )
    assert 200 <= response.status_code < 500
    assert response.status_code == 400 or not Comment.objects.filter(text=body).exists()


@st.composite
def form_submissions(draw):
    fields = {
        "author_name": draw(_mostly(st.text(min_size=1, max_size=60), plain_text)),
        "text": draw(plain_text),
        "notice_version": draw(_mostly(st.just("1"), plain_text)),
        "parent": draw(_mostly(st.just(""), plain_text)),
        "website": draw(_mostly(st.just(""), plain_text)),
        "author_email": draw(_mostly(st.just(""), st.emails() | plain_text)),
    }
    fields.update(draw(st.dictionaries(plain_text, plain_text, max_size=3)))
    return fields


@PROPERTY
@given(
    submission=form_submissions(),
    csrf=st.sampled_from(["valid", "missing", "forged"]),
    form_token=st.sampled_from(["valid", "missing", "forged", "too old"]),
)
def test_any_form_gets_an_answer_and_is_stored_as_sent(article, submission, csrf, form_token):
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    issued = tokens(client)
    fields = dict(submission)
    fields["idempotency_key"] = issued["idempotency_key"]
    fields["csrfmiddlewaretoken"] = {"valid": issued["csrf_token"], "forged": "x" * 64}.get(
        csrf, ""
    )
    fields["form_token"] = {
        "valid": issued["form_token"],
        "forged": "1:forged",
        "too old": guards.issue_form_token(now=0),
    }.get(form_token, "")
    if csrf == "missing":
        del fields["csrfmiddlewaretoken"]
    response = client.post(
        f"/comments/articles/{article.pk}/post/",
        urlencode(fields),
        content_type="application/x-www-form-urlencoded",
    )
    assert 200 <= response.status_code < 500
    stored = Comment.objects.filter(idempotency_key=form_key(client, article, fields)).first()
    if response.status_code == 303:
        assert (stored.text, stored.author_name) == (fields["text"], fields["author_name"])
        assert csrf == "valid" and form_token == "valid"
    else:
        assert stored is None


@PROPERTY
@given(raw=st.binary(max_size=120), name=st.binary(max_size=30))
def test_form_bytes_that_are_not_utf8_get_an_answer(article, raw, name):
    client = Client(raise_request_exception=False)
    issued = tokens(client)
    fields = {
        "csrfmiddlewaretoken": issued["csrf_token"],
        "form_token": issued["form_token"],
        "idempotency_key": issued["idempotency_key"],
        "notice_version": "1",
    }
    body = f"{urlencode(fields)}&text={quote_from_bytes(raw)}&author_name={quote_from_bytes(name)}"
    response = client.post(
        f"/comments/articles/{article.pk}/post/",
        body,
        content_type="application/x-www-form-urlencoded",
    )
    assert 200 <= response.status_code < 500


query_values = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@GET_PROPERTY
@given(params=st.dictionaries(st.sampled_from(["q", "page", "comments", "parent"]), query_values))
@example(params={"q": '"'})  # once a 500: the SQLite search backend's quoting
@example(params={"q": "\x00"})  # once a 500: NUL in the search query
@example(params={"comments": "9" * 40, "page": "-1"})
def test_public_query_parameters_never_break_a_page(article, params):
    client = Client(raise_request_exception=False)
    for url in ["/search/", article.url, "/", f"/comments/articles/{article.pk}/post/"]:
        assert client.get(url, params).status_code < 500, url


@GET_PROPERTY
@given(
    params=st.dictionaries(
        st.sampled_from(["status", "order", "article", "q", "after"]), query_values, max_size=5
    )
)
@example(params={"article": str(2**63)})  # once a 500: beyond the database's integers
@example(params={"order": "age", "after": "0.5,2024-01-01T00:00:00+00:00," + "9" * 40})
@example(params={"after": "0.5,2024-01-01T00:00:00+00:00," + "9" * 40})
def test_queue_parameters_never_break_the_queue(moderator, params):
    client = client_for(moderator, raise_request_exception=False)
    assert client.get("/admin/comments/", params).status_code == 200
