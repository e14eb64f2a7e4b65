"""The comment form in a browser, with and without JavaScript, and the moderator's approval."""

from __future__ import annotations

import re
import secrets
import time

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.support.clients import (
    article_form,
    post_comment,
)
from tests.support.server import (
    new_session,
)

pytestmark = pytest.mark.browser

NOTICE = "forwarded to the administrator for approval"


def unique_text(label: str) -> str:
    return f"{label} {secrets.token_hex(4)}: the new timetable suits early shifts."


def wait_for(condition, timeout: float = 10.0, interval: float = 0.1):
    """Poll ``condition`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def test_counter_counts_down_and_stops_at_the_limit(page, article_path):
    page.goto(article_path)
    textarea = page.locator("#comment-text")
    counter = page.locator("#comment-form [data-counter]")
    maximum = int(counter.get_attribute("data-max"))
    assert textarea.get_attribute("maxlength") == str(maximum)
    expect(page.locator("#comment-counter")).to_have_text(f"Characters Left: {maximum}")

    textarea.press_sequentially("Hello")
    expect(counter).to_have_text(str(maximum - 5))
    textarea.press("Backspace")
    expect(counter).to_have_text(str(maximum - 4))

    textarea.fill("x" * maximum)
    expect(counter).to_have_text("0")
    textarea.press_sequentially("more")
    assert len(textarea.input_value()) == maximum
    expect(counter).to_have_text("0")

    textarea.fill("")
    expect(counter).to_have_text(str(maximum))


def test_posting_with_javascript_shows_the_notice_without_reload(page, server, article_path):
    text = unique_text("With script")
    navigations = []
    page.goto(article_path)
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    page.evaluate("() => { window.__sameDocument = true; }")
    notice = page.locator("#comment-notice")
    expect(notice).to_be_hidden()

    page.locator("#comment-name").fill("Morning Commuter")
    page.locator("#comment-text").fill(text)
    with page.expect_response(re.compile(r"/comments/api/articles/\d+/$")) as posted:
        page.locator("#comment-form button[type=submit]").click()
    assert posted.value.status == 202
    body = posted.value.json()
    assert body["status"] == "received"
    assert body["created"] is True

    expect(notice).to_be_visible()
    expect(notice).to_contain_text(NOTICE)
    expect(notice).to_be_focused()
    assert page.evaluate("() => window.__sameDocument") is True
    assert navigations == []
    assert page.url == f"{server.url}{article_path}"
    # Ready for another comment: text cleared, counter reset, no error shown.
    expect(page.locator("#comment-text")).to_have_value("")
    expect(page.locator("[data-form-error]")).to_be_hidden()

    stored = server.comments(text=text)
    assert [(c["id"], c["status"], c["author_name"]) for c in stored] == [
        (server.comment_pk(body["id"]), "pending", "Morning Commuter")
    ]
    # Pending comments are not shown to readers.
    expect(page.locator(".comment-list")).not_to_contain_text(text)


def test_posting_without_javascript_confirms_then_shows_the_notice(
    no_js_page, server, article_path
):
    page = no_js_page
    # A leading line break must survive the confirm page's <textarea>.
    text = "\n" + unique_text("Without script")
    sent = text.replace("\n", "\r\n")  # a browser sends a form's line breaks as CR LF
    page.goto(article_path)
    expect(page.locator("#comment-notice")).to_be_hidden()
    page.locator("#comment-name").fill("Paper Reader")
    page.locator("#comment-text").fill(text)
    page.locator("#comment-form button[type=submit]").click()

    # The shared page had no per-reader tokens: a confirm page with the text and fresh ones.
    expect(page).to_have_url(re.compile(r"/comments/articles/\d+/post/$"))
    expect(page.get_by_role("status")).to_contain_text("press Post a Comment to send it")
    expect(page.locator("#comment-text")).to_have_value(text)
    expect(page.locator("#comment-name")).to_have_value("Paper Reader")
    assert page.locator("input[name=form_token]").input_value()
    assert server.comments(text=sent) == []
    confirm_url = page.url
    fields = {
        element.get_attribute("name"): element.input_value()
        for element in page.locator("#comment-form").locator("input[name], textarea[name]").all()
    }

    page.locator("#comment-form button[type=submit]").click()

    expect(page).to_have_url(f"{server.url}{article_path}?comment=received#comment-notice")
    expect(page.locator("#comment-notice")).to_be_visible()
    expect(page.locator("#comment-notice")).to_contain_text(NOTICE)
    stored = server.comments(text=sent)
    assert [(c["status"], c["author_name"]) for c in stored] == [("pending", "Paper Reader")]

    # The confirm form sent again (a double click, a retry) stores nothing new. A browser
    # sends the textarea's line breaks as CR LF, so the retry does too.
    again = page.request.post(confirm_url, form={**fields, "text": sent}, max_redirects=0)
    assert again.status == 303
    assert again.headers["location"] == f"{article_path}?comment=received#comment-notice"
    assert server.comments(text=sent) == stored

    # Back on the article, the same comment sent again: a new confirm page, nothing new stored.
    page.goto(article_path)
    page.locator("#comment-name").fill("Paper Reader")
    page.locator("#comment-text").fill(text)
    page.locator("#comment-form button[type=submit]").click()
    expect(page.get_by_role("status")).to_contain_text("press Post a Comment to send it")
    page.locator("#comment-form button[type=submit]").click()
    expect(page.locator("#comment-notice")).to_be_visible()
    assert server.comments(text=sent) == stored


def test_moderator_approves_with_the_keyboard_and_readers_see_it(
    browser, context, server, article_path
):
    text = unique_text("Approve me")
    earlier = unique_text("Leave me waiting")
    session = new_session()
    form = article_form(session, server.url, article_path)
    # An older pending comment on the same article, so reaching ours takes more than one j.
    assert post_comment(session, server.url, form, text=earlier).status_code == 202
    response = post_comment(session, server.url, form, text=text, author_name="Queue Reader")
    assert response.status_code == 202
    comment_id = server.comment_pk(response.json()["id"])

    # A reader loads the article first, so its page is in the cache when the comment is approved.
    reader = context.new_page()
    reader.goto(article_path)
    expect(reader.locator("#comments")).not_to_contain_text(text)
    cached = reader.goto(article_path)
    assert cached.headers.get("x-page-cache") == "hit"
    expect(reader.locator("#comments")).not_to_contain_text(text)

    moderator_context = browser.new_context(base_url=server.url)
    moderator_context.set_default_timeout(10_000)
    try:
        moderator = moderator_context.new_page()
        log_in(moderator, server)
        # Oldest first, this article only: a short list with the new comment at the end.
        moderator.goto(f"/admin/comments/?status=pending&order=age&article={form.article_id}")
        rows = moderator.locator("[data-queue-row]")
        expect(rows.first).to_be_visible()
        ours = rows.filter(has_text=text)
        expect(ours).to_have_count(1)
        row_texts = rows.all_inner_texts()
        index = next(i for i, row in enumerate(row_texts) if text in row)
        assert index >= 1
        assert any(earlier in row for row in row_texts[:index])

        moderator.keyboard.press("j")
        expect(rows.first).to_have_attribute("aria-current", "true")
        expect(rows.first).to_be_focused()
        for _ in range(index):
            moderator.keyboard.press("j")
        expect(ours).to_have_attribute("aria-current", "true")
        expect(ours).to_have_class(re.compile(r"\bis-current\b"))

        with moderator.expect_navigation():
            moderator.keyboard.press("a")
        expect(moderator.locator("[data-queue-row]").filter(has_text=text)).to_have_count(0)
    finally:
        moderator_context.close()

    statuses = wait_for(
        lambda: [c["status"] for c in server.comments(text=text) if c["status"] == "approved"]
    )
    assert statuses == ["approved"]
    decisions = server.sql(
        "SELECT actor, from_status, to_status FROM moderation_moderationdecision"
        " WHERE comment_id = %s",
        [comment_id],
    )
    assert decisions == [("admin", "pending", "approved")]
    assert [c["status"] for c in server.comments(text=earlier)] == ["pending"]

    fresh = reader.goto(article_path)
    assert fresh.headers.get("x-page-cache") != "hit"  # purged on approval
    approved = reader.locator(f"#comment-{comment_id}")
    expect(approved).to_be_visible()
    expect(approved).to_contain_text(text)
    expect(approved).to_contain_text("Queue Reader")
