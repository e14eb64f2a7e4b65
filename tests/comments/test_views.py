"""The reader-side endpoints: the JSON API, the form without JavaScript, and the guards."""

from __future__ import annotations

import json
import re
import time

import pytest
from django.test import Client
from wagtail.models import Site

from broadsheet.comments.models import Comment, CommentStatus
from broadsheet.comments.public_ids import comment_pk, public_id
from broadsheet.comments.submission import guards
from broadsheet.moderation.models import ScreeningPolicy
from tests.comments.helpers import approved, form_fields, post_json, submit, tokens
from tests.factories import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("instant_forms")]


def test_json_submit_answers_202_received_with_an_opaque_id(client, article):
    response = post_json(client, article, text="Plain <b>bold</b> & more")
    assert response.status_code == 202
    body = response.json()
    comment = Comment.objects.get()
    assert body == {"id": public_id(comment.pk), "status": "received", "created": True}
    assert comment_pk(body["id"]) == comment.pk
    assert comment.text == "Plain <b>bold</b> & more"


def test_the_202_ids_do_not_count_the_sites_comments(client, article):
    ids = [post_json(client, article, text=f"Number {n}").json()["id"] for n in range(5)]
    pks = list(Comment.objects.order_by("pk").values_list("pk", flat=True))
    assert all(isinstance(text, str) and len(text) == 13 for text in ids)
    assert not any(str(pk) == text for pk, text in zip(pks, ids, strict=True))
    assert [comment_pk(text) for text in ids] == pks


@pytest.mark.parametrize(
    ("policy", "moved_to"),
    [
        ({"auto_spam": True, "auto_spam_threshold": 0.0}, CommentStatus.SPAM),
        (
            {"auto_approve": True, "auto_approve_min_approved": 0, "auto_approve_max_risk": 1.0},
            CommentStatus.APPROVED,
        ),
    ],
)
def test_the_202_says_only_received_whatever_the_policy_did(client, article, policy, moved_to):
    site_policy = ScreeningPolicy.for_site(Site.objects.get(is_default_site=True))
    for name, value in policy.items():
        setattr(site_policy, name, value)
    site_policy.save()

    response = post_json(
        client, article, text="Lovely harbour photos", author_email="regular@example.org"
    )

    assert Comment.objects.get().status == moved_to
    assert (response.status_code, response.json()["status"]) == (202, "received")


def test_json_retry_with_same_key_answers_the_same(client, article):
    issued = tokens(client)
    payload = json.dumps(
        {
            "author_name": "Ann",
            "text": "Once only",
            "notice_version": 1,
            "form_token": issued["form_token"],
            "idempotency_key": issued["idempotency_key"],
        }
    )
    answers = [
        client.post(
            f"/comments/api/articles/{article.pk}/",
            payload,
            content_type="application/json",
            HTTP_X_CSRFTOKEN=issued["csrf_token"],
        )
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [202, 202]
    assert answers[0].json()["id"] == answers[1].json()["id"]
    assert answers[1].json()["created"] is False
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"author_name": ""}, 400, "name_required"),
        ({"text": "x" * 1001}, 400, "text_too_long"),
        ({"text": "nul\x00"}, 400, "text_invalid_characters"),
        ({"text": 42}, 400, "field_type"),
        ({"author_name": ["a"]}, 400, "field_type"),
        ({"parent": "abc"}, 400, "field_type"),
        ({"parent": 10**30}, 400, "field_type"),
        ({"notice_version": None}, 400, "notice_version_invalid"),
        ({"website": "http://spam.example"}, 400, "honeypot"),
        ({"form_token": ""}, 400, "form_token_missing"),
        ({"form_token": "forged:token"}, 400, "form_token_invalid"),
    ],
)
def test_json_bad_input_gets_a_coded_4xx_and_stores_nothing(client, article, payload, status, code):
    response = post_json(client, article, payload)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("raw", "code"),
    [("{not json", "invalid_json"), ("[1, 2]", "invalid_json"), ("\xff", "invalid_json")],
)
def test_json_malformed_bodies(client, article, raw, code):
    response = post_json(client, article, raw=raw)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_json_wrong_content_type_and_unknown_article(client, article):
    issued = tokens(client)
    response = client.post(
        f"/comments/api/articles/{article.pk}/",
        {"text": "x"},
        HTTP_X_CSRFTOKEN=issued["csrf_token"],
    )
    assert response.status_code == 415
    missing = make_article(title="Gone", live=False)
    response = post_json(client, missing)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "article_not_found"


def test_json_closed_article_is_refused_clearly(client):
    closed = make_article(title="Closed", comments_open=False)
    response = post_json(client, closed)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "comments_closed"


def test_json_csrf_is_enforced(article):
    client = Client(enforce_csrf_checks=True)
    issued = tokens(client)
    body = json.dumps(
        {
            "author_name": "A",
            "text": "B",
            "notice_version": 1,
            "form_token": issued["form_token"],
            "idempotency_key": issued["idempotency_key"],
        }
    )
    url = f"/comments/api/articles/{article.pk}/"
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"
    assert not Comment.objects.exists()
    accepted = client.post(
        url, body, content_type="application/json", HTTP_X_CSRFTOKEN=issued["csrf_token"]
    )
    assert accepted.status_code == 202


def test_request_size_limit(client, article, settings):
    settings.COMMENT_MAX_REQUEST_BYTES = 2048
    response = post_json(client, article, text="x" * 3000)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"


def test_form_token_too_fast_and_too_old(client, article, settings):
    settings.COMMENT_MIN_SECONDS = 60
    assert post_json(client, article).json()["error"]["code"] == "too_fast"
    old = guards.issue_form_token(now=time.time() - settings.COMMENT_FORM_MAX_AGE - 5)
    settings.COMMENT_MIN_SECONDS = 0
    assert post_json(client, article, form_token=old).json()["error"]["code"] == "form_expired"
    assert not Comment.objects.exists()


def test_rate_limit_per_client_ip(client, article, settings):
    settings.COMMENT_RATE_LIMIT = "3/60"
    codes = [
        post_json(client, article, meta={"REMOTE_ADDR": "203.0.113.5"}).status_code
        for _ in range(4)
    ]
    assert codes == [202, 202, 202, 429]
    assert post_json(client, article).status_code == 202  # another client is not limited


def test_rate_limit_ignores_forwarded_for_from_untrusted_peers(client, article, settings):
    settings.COMMENT_RATE_LIMIT = "2/60"
    codes = [
        post_json(client, article, meta={"HTTP_X_FORWARDED_FOR": f"10.0.0.{i}"}).status_code
        for i in range(3)
    ]
    assert codes == [202, 202, 429]


def test_token_endpoint_is_never_cached(client):
    response = client.get("/comments/token/")
    assert "no-store" in response["Cache-Control"]
    assert set(response.json()) == {"csrf_token", "form_token", "idempotency_key"}


# --- without JavaScript ---------------------------------------------------------------------


def test_form_post_redirects_to_the_notice(client, article):
    response = client.post(f"/comments/articles/{article.pk}/post/", form_fields(client))
    assert response.status_code == 303
    assert response["Location"] == f"{article.url}?comment=received#comment-notice"
    assert Comment.objects.get().status == CommentStatus.PENDING
    page = client.get(f"{article.url}?comment=received").content.decode()
    assert "forwarded to the administrator for approval" in page
    notice = page[page.index('id="comment-notice"') :][:200]
    assert "hidden" not in notice.split(">")[0]


def test_form_notice_is_hidden_on_the_plain_page(client, article):
    page = client.get(article.url).content.decode()
    tag = page[page.index('id="comment-notice"') :].split(">")[0]
    assert "hidden" in tag


def test_form_post_from_the_shared_page_asks_to_confirm(client, article):
    response = client.post(
        f"/comments/articles/{article.pk}/post/",
        {"author_name": "No JS", "text": "My <i>text</i>\r\nkept", "notice_version": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not Comment.objects.exists()
    assert "Please check your comment" in html
    assert "My &lt;i&gt;text&lt;/i&gt;" in html and "<i>text</i>" not in html
    assert 'name="csrfmiddlewaretoken"' in html and 'name="form_token" value="' in html
    assert "no-store" in response["Cache-Control"]


def _confirm_fields(client, article, **fields) -> dict:
    """Send the shared page's form (no tokens) and return the confirm page's form fields."""
    values = {"author_name": "Paper Reader", "text": "Sent twice?", "notice_version": "1"}
    values.update(fields)
    html = client.post(f"/comments/articles/{article.pk}/post/", values).content.decode()
    form = html[html.index('id="comment-form"') :]
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    return {**hidden, **values, "website": ""}


def test_form_sent_again_after_back_stores_one_comment(client, article):
    """Back to the article, the same comment sent again: a new confirm page, the same comment."""
    url = f"/comments/articles/{article.pk}/post/"
    first, second = _confirm_fields(client, article), _confirm_fields(client, article)
    assert first["form_token"] != second["form_token"]
    answers = [client.post(url, fields) for fields in (first, second)]
    assert [a.status_code for a in answers] == [303, 303]
    assert Comment.objects.count() == 1


def test_a_used_confirm_form_with_a_changed_text_asks_to_send_a_new_form(client, article):
    """Back to the confirm page, the text changed: its token already sent a comment."""
    url = f"/comments/articles/{article.pk}/post/"
    used = _confirm_fields(client, article)
    assert client.post(url, used).status_code == 303

    refused = client.post(url, {**used, "text": "On second thought"})

    html = refused.content.decode()
    assert refused.status_code == 409
    assert "already sent a comment" in html and "On second thought" in html
    fresh = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    assert fresh["form_token"] != used["form_token"]
    again = client.post(url, {**used, **fresh, "text": "On second thought"})
    assert again.status_code == 303
    assert sorted(Comment.objects.values_list("text", flat=True)) == [
        "On second thought",
        "Sent twice?",
    ]


def test_form_keys_differ_by_text_reply_and_browser(client, article):
    url = f"/comments/articles/{article.pk}/post/"
    parent = approved(article)
    client.post(url, _confirm_fields(client, article))
    client.post(url, _confirm_fields(client, article, text="Another thought"))
    client.post(url, _confirm_fields(client, article, parent=str(parent.pk)))
    other_browser = Client()
    other_browser.post(url, _confirm_fields(other_browser, article))
    texts = sorted(Comment.objects.filter(status=CommentStatus.PENDING).values_list("text"))
    assert texts == [("Another thought",), ("Sent twice?",), ("Sent twice?",), ("Sent twice?",)]
    assert len(set(Comment.objects.values_list("idempotency_key", flat=True))) == 5


def test_confirm_page_keeps_a_leading_line_break(client, article):
    """HTML drops one line break right after ``<textarea>``; the form gives it one to drop."""
    html = client.post(
        f"/comments/articles/{article.pk}/post/",
        {"author_name": "A", "text": "\nStarts on line two", "notice_version": "1"},
    ).content.decode()
    assert 'aria-describedby="comment-counter">\n\nStarts on line two</textarea>' in html


def test_form_errors_are_shown_on_the_form_and_keep_the_text(client, article):
    response = client.post(
        f"/comments/articles/{article.pk}/post/",
        form_fields(client, author_name="", text="Keep <this>"),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Please enter your name." in html
    assert "Keep &lt;this&gt;" in html
    assert not Comment.objects.exists()


def test_form_post_with_a_forged_csrf_token_is_refused(article):
    client = Client(enforce_csrf_checks=True)
    fields = form_fields(client, csrfmiddlewaretoken="forged" * 6)
    response = client.post(f"/comments/articles/{article.pk}/post/", fields)
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_form_page_for_a_reply(client, article):
    parent = approved(article)
    response = client.get(f"/comments/articles/{article.pk}/post/?parent={parent.pk}")
    assert response.status_code == 200
    assert f'name="parent" value="{parent.pk}"' in response.content.decode()
    assert client.get("/comments/articles/999999/post/").status_code == 404


def test_get_never_changes_state(client, article):
    client.get(f"/comments/articles/{article.pk}/post/?author_name=a&text=b")
    client.get(f"/comments/api/articles/{article.pk}/?author_name=a&text=b")
    assert not Comment.objects.exists()


# --- what readers see -----------------------------------------------------------------------


def test_only_approved_comments_are_public(client, article, admin_user):
    shown = approved(article, author_name="Visible", text="Approved words")
    submit(article, author_name="Waiting", text="Pending words")
    rejected = submit(article, author_name="Refused", text="Rejected words")
    spam = submit(article, author_name="Spammer", text="Spam words")
    from broadsheet.moderation import services

    services.comment_reject(comment_id=rejected.pk, moderator=admin_user, reason="insulting")
    services.comment_mark_spam(comment_id=spam.pk, moderator=admin_user)
    html = client.get(article.url).content.decode()
    assert "Approved words" in html and 'Comments <span class="comment-count">(1)</span>' in html
    for hidden in ("Pending words", "Rejected words", "Spam words", "Waiting", "Refused"):
        assert hidden not in html
    api = client.get(f"/comments/api/articles/{article.pk}/").json()
    assert api["count"] == 1 and [c["id"] for c in api["comments"]] == [shown.pk]
    assert "author_email" not in api["comments"][0]


def test_comments_render_escaped_nested_and_oldest_first(client, article):
    first = approved(article, author_name="<b>Bold</b>", text="<script>alert(1)</script>")
    approved(article, author_name="Second", text="second top-level")
    approved(article, author_name="Replier", text="a reply", parent_id=first.pk)
    html = client.get(article.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html
    assert html.index("alert(1)") < html.index("a reply") < html.index("second top-level")
    assert html.index('class="comment-replies"') < html.index("a reply")


def test_approval_shows_the_comment_on_the_cached_page(
    client, article, admin_user, django_capture_on_commit_callbacks
):
    from broadsheet.moderation import services

    comment = submit(article, text="Soon public")
    assert "Soon public" not in client.get(article.url).content.decode()
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_approve(comment_id=comment.pk, moderator=admin_user)
    assert "Soon public" in client.get(article.url).content.decode()


def test_closed_article_shows_comments_are_closed(client):
    closed = make_article(title="Closed for comments", comments_open=False)
    html = client.get(closed.url).content.decode()
    assert "Comments on this article are closed." in html
    assert 'class="comment-form"' not in html


def test_article_page_query_count_is_constant(
    client, article, no_page_cache, django_assert_num_queries
):
    """Wagtail's site and route (6), topics, the Featured row, the comments (2): 10.

    The site's settings come from the settings cache, filled by the first request.
    """
    parent = approved(article)
    for i in range(5):
        approved(article, text=f"reply {i}", parent_id=parent.pk)
    client.get(article.url)
    with django_assert_num_queries(10):
        client.get(article.url)
    for i in range(20):
        approved(article, text=f"more {i}", parent_id=parent.pk if i % 2 else None)
    with django_assert_num_queries(10):
        assert "more 19" in client.get(article.url).content.decode()


def test_comment_threads_are_paginated_with_constant_queries(
    client, article, no_page_cache, django_assert_max_num_queries
):
    from broadsheet.comments import selectors

    roots = [approved(article, text=f"root {i:03d}") for i in range(7)]
    approved(article, text="reply to first", parent_id=roots[0].pk)
    page = selectors.public_comment_page(article_id=article.pk, page=1, per_page=3)
    assert [n.comment.text for n in page.threads] == ["root 000", "root 001", "root 002"]
    assert [n.comment.text for n in page.threads[0].replies] == ["reply to first"]
    assert (page.count, page.has_previous, page.has_next) == (8, False, True)
    last = selectors.public_comment_page(article_id=article.pk, page="99", per_page=3)
    assert [n.comment.text for n in last.threads] == ["root 006"]
    assert (last.number, last.has_next) == (3, False)
    assert selectors.public_comment_page(article_id=article.pk, page="x").number == 1
    client.get(article.url)
    with django_assert_max_num_queries(10):
        html = client.get(article.url + "?comments=1").content.decode()
    assert "root 006" in html


def test_names_made_of_invisible_characters_are_refused(client, article):
    for name in ["\u200b", "\u3164", "\u2800\u2800", "\u202e\u202c", " \u200d "]:
        response = post_json(client, article, author_name=name)
        assert response.status_code == 400, repr(name)
        assert response.json()["error"]["code"] == "name_invisible"
    assert not Comment.objects.exists()


def test_names_are_isolated_so_they_cannot_reorder_what_follows(client, article, admin_user):
    liar = "\u202eroti\u200bdE ehT"  # an override left open: reverses the date after it
    approved(article, author_name=liar, text="Trust me.")
    html = client.get(article.url).content.decode()
    assert f'<bdi class="comment-author">{liar}</bdi>' in html


def test_json_nested_too_deeply_is_a_400(client, article):
    body = "[" * 1000 + "]" * 1000
    response = client.post(
        f"/comments/api/articles/{article.pk}/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"


def test_an_article_id_of_twenty_digits_is_a_404_not_a_500(client, admin_client):
    huge = "9" * 20
    assert client.get(f"/comments/api/articles/{huge}/").status_code == 404
    assert client.get(f"/comments/articles/{huge}/post/").status_code == 404
    assert admin_client.get(f"/admin/comments/{huge}/").status_code == 404
