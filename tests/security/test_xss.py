"""Stored and reflected cross-site scripting: every payload of ``xss/*.txt`` stays text.

Each payload is a reader's name (cut to the 60-character column) and text on an article, once
approved and once pending (a reply, with a screening verdict whose highlight spans cut through
the payload and whose details quote it, and a moderator's note that repeats it). The payloads
are stored directly, past the input checks, because escaping must hold whatever validation
lets through. The pages are parsed (``tests.security.conftest``): the shown text equals the
payload, no element came from it, and nothing on the page can run.

Where: the article page, the moderators' queue (approved and pending), each comment's admin
page, the JSON list, the feeds (comments never appear there), and every page that echoes
request input (search, the comment form without JavaScript, the queue's search).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils.html import escape

from broadsheet.comments.models import Comment, CommentStatus
from broadsheet.moderation.models import ModerationDecision
from tests.factories import make_article, make_topic
from tests.security.conftest import (
    active_content,
    client_for,
    detail_comment,
    detail_fields,
    parse_html,
    public_page_comments,
    queue_comments,
    quoting_verdict,
    shown_as_paragraphs,
    site_urls_only,
    store_comments,
    xss_payloads,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def payload_article(db, moderator):
    """One article with every payload approved, and every payload again pending as a reply."""
    payloads = xss_payloads()
    article = make_article(title="Scripts in the letters page", topics=[make_topic("Letters")])
    approved = store_comments(article, [(p, p) for p in payloads], status=CommentStatus.APPROVED)
    pending = store_comments(
        article,
        [(p, p) for p in payloads],
        status=CommentStatus.PENDING,
        parents=approved,
        screening=quoting_verdict,
    )
    ModerationDecision.objects.bulk_create(
        ModerationDecision(
            comment=comment,
            moderator=moderator,
            actor=moderator.username,
            actor_kind="moderator",
            from_status=CommentStatus.PENDING,
            to_status=CommentStatus.PENDING,
            note=comment.text,
        )
        for comment in pending
    )
    return (
        article,
        list(zip(payloads, approved, strict=True)),
        list(zip(payloads, pending, strict=True)),
    )


def _comment_problems(shown, payload: str, *, text: str | None = None) -> list[str]:
    if shown is None:
        return ["missing"]
    problems = [f"element in text: {m}" for m in shown.text_markup]
    problems += [f"element in name: {m}" for m in shown.name_markup]
    if shown.text != (payload if text is None else text):
        problems.append(f"text shown as {shown.text[:60]!r}")
    if shown.name != payload[:60]:
        problems.append(f"name shown as {shown.name!r}")
    problems += site_urls_only(shown.element)
    return problems


def _walk(client: Client, url: str):
    """GET ``url`` and the pages its ``rel=next`` links lead to; yields parsed pages."""
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        page = parse_html(response.content)
        yield page
        following = page.find("a", rel="next")
        url = following.attr("href") if following is not None else None
        if url and url.startswith("?"):
            url = response.wsgi_request.path + url


def test_payloads_stay_text_on_the_article_page(client, payload_article, no_page_cache):
    article, approved, _ = payload_article
    shown, problems, pages = {}, [], 0
    first = parse_html(client.get(article.url).content)
    for page in _walk(client, article.url):  # the "Later comments" links, page after page
        pages += 1
        problems += [f"page {pages}: {p}" for p in active_content(page)]
        shown.update(public_page_comments(page))
    assert pages > 1
    for payload, comment in approved:
        found = shown.get(comment.pk)
        text = shown_as_paragraphs(payload)
        problems += [f"{payload!r:.50}: {p}" for p in _comment_problems(found, payload, text=text)]
        if found is not None and found.labels["aria-label"] != f"Comment by {payload[:60]}":
            problems.append(f"{payload!r:.50}: aria-label {found.labels['aria-label']!r}")
        if found is not None and found.labels.get("data-reply-name") != payload[:60]:
            problems.append(
                f"{payload!r:.50}: data-reply-name {found.labels.get('data-reply-name')!r}"
            )
    count = first.find("span", cls="comment-count").text()
    print(f"\nXSS payloads on the article page: {len(approved)} approved, {pages} pages")
    assert problems == []
    assert count == f"({len(approved)})"  # the pending replies are not counted


@pytest.mark.parametrize("status", [CommentStatus.APPROVED, CommentStatus.PENDING])
def test_payloads_stay_text_in_the_moderation_queue(payload_article, moderator, status):
    _, approved, pending = payload_article
    expected = approved if status == CommentStatus.APPROVED else pending
    client = client_for(moderator)
    shown, problems, pages = {}, [], 0
    for page in _walk(client, f"/admin/comments/?status={status}&order=age"):
        pages += 1
        problems += [f"page {pages}: {p}" for p in active_content(page)]
        shown.update(queue_comments(page))
    for payload, comment in expected:
        found = shown.get(comment.pk)
        problems += [f"{payload!r:.50}: {p}" for p in _comment_problems(found, payload)]
        label = f"Comment {comment.pk} by {payload[:60]}"
        if found is not None and found.labels["aria-label"] != label:
            problems.append(f"{payload!r:.50}: aria-label {found.labels['aria-label']!r}")
    print(f"\nXSS payloads in the {status} queue: {len(expected)} rows on {pages} pages")
    assert problems == []
    assert len(shown) == len(expected)


def test_payloads_stay_text_on_the_comment_admin_page(payload_article, moderator):
    """The pending replies' pages: text, name, the parent's name, the verdict and the note."""
    _, _, pending = payload_article
    client = client_for(moderator)
    problems = []
    for payload, comment in pending:
        response = client.get(f"/admin/comments/{comment.pk}/")
        assert response.status_code == 200
        page = parse_html(response.content)
        found = detail_comment(page, comment.pk)
        problems += [f"{payload!r:.50}: {p}" for p in active_content(page)]
        problems += [f"{payload!r:.50}: {p}" for p in _comment_problems(found, payload)]
        reply_to = detail_fields(page)["Reply to"]
        if reply_to.text() != f"Comment {comment.parent_id} by {payload[:60]} (approved)":
            problems.append(f"{payload!r:.50}: reply to {reply_to.text()!r:.80}")
        note = page.find("td", cls="bs-detail__note")
        if note is None or note.text() != payload or list(note.descendants()):
            problems.append(f"{payload!r:.50}: note not shown as text")
    print(f"\nXSS payloads on the comment admin pages: {len(pending)} pages")
    assert problems == []


def test_the_json_list_is_data_never_a_page(client, payload_article):
    article, approved, _ = payload_article
    response = client.get(f"/comments/api/articles/{article.pk}/")
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    listed = {c["id"]: c for c in response.json()["comments"]}
    assert {pk: (c["author_name"], c["text"]) for pk, c in listed.items()} == {
        comment.pk: (payload[:60], payload) for payload, comment in approved
    }
    assert all(
        set(c) == {"id", "parent", "author_name", "text", "created_at"} for c in listed.values()
    )
    # Errors from the same endpoint are JSON too, whatever was sent.
    refused = client.post(
        f"/comments/api/articles/{article.pk}/",
        "<script>alert(1)</script>",
        content_type="text/html",
    )
    assert refused.status_code in (403, 415)
    assert refused["Content-Type"] == "application/json"
    assert refused["X-Content-Type-Options"] == "nosniff"


FEEDS = ["/feeds/rss/", "/feeds/atom/", "/topics/letters/rss/", "/topics/letters/atom/"]


def test_comments_never_reach_the_feeds(client, payload_article):
    article, approved, _ = payload_article
    marker = "Unmistakable-feed-marker-7d1c"
    store_comments(article, [(marker, f"{marker} in a comment")], status=CommentStatus.APPROVED)
    long_payloads = [p for p, _ in approved if len(p) >= 16]
    for url in FEEDS:
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        ET.fromstring(response.content)  # well-formed XML
        assert article.title in body  # the article is there ...
        assert marker not in body  # ... its comments are not
        leaked = [p for p in long_payloads if p in body or escape(p) in body]
        assert leaked == [], url


def test_echoed_search_queries_stay_text(client, no_page_cache):
    make_article(title="Harbour wall repairs begin")
    problems = []
    for payload in xss_payloads():
        response = client.get("/search/", {"q": payload})
        query = payload.strip()[:200]
        page = parse_html(response.content)
        problems += [f"{payload!r:.50}: {p}" for p in active_content(page)]
        strong = page.find("main").find("strong")
        if query and (strong is None or strong.text() != query or list(strong.descendants())):
            problems.append(f"{payload!r:.50}: query shown as {strong and strong.text()!r:.60}")
        box = page.find("input", name="q")
        if box.attr("value") != query:
            problems.append(f"{payload!r:.50}: search box holds {box.attr('value')!r:.60}")
    assert problems == []


def test_echoed_comment_forms_stay_text(client, article, fast_comments):
    """Without JavaScript the form comes back holding the reader's input (and ``parent``)."""
    url = f"/comments/articles/{article.pk}/post/"
    problems = []
    for index, payload in enumerate(xss_payloads()):
        response = client.post(
            url, {"author_name": payload, "text": payload, "notice_version": "1"}
        )
        assert response.status_code == 200
        page = parse_html(response.content)
        problems += [f"{payload!r:.50}: {p}" for p in active_content(page)]
        name = page.find("input", name="author_name").attr("value")
        textarea = page.find("textarea", name="text")
        if name != payload or textarea.text() != payload or list(textarea.descendants()):
            problems.append(f"{payload!r:.50}: form holds {name!r:.40} / {textarea.text()!r:.40}")
        if index % 8:  # ``parent`` lands in an attribute like the name: every eighth payload
            continue
        page = parse_html(client.get(url, {"parent": payload}).content)
        problems += [f"{payload!r:.50} as parent: {p}" for p in active_content(page)]
        if page.find("input", name="parent").attr("value") != payload:
            problems.append(f"{payload!r:.50}: parent field changed")
    assert problems == []


def test_echoed_queue_searches_stay_text(moderator, payload_article):
    client = client_for(moderator)
    problems = []
    # The same two contexts as the public search (an input's value, a paragraph), which gets
    # every payload: every third one here; longer than 200 the filter is dropped, so one.
    payloads = [p for p in xss_payloads() if len(p) <= 200][::3]
    payloads.append(next(p for p in xss_payloads() if len(p) > 200))
    for payload in payloads:
        # The Spam tab is empty: the page is built quickly, and only the echo is under test.
        response = client.get("/admin/comments/", {"status": "spam", "q": payload})
        page = parse_html(response.content)
        problems += [f"{payload!r:.50}: {p}" for p in active_content(page)]
        problems += [f"{payload!r:.50}: {p}" for p in site_urls_only(page.find("main"))]
        box = page.find("input", name="q")
        expected = payload.strip() if len(payload) <= 200 else ""  # longer: the filter is dropped
        if box.attr("value") != expected:
            problems.append(f"{payload!r:.50}: search box holds {box.attr('value')!r:.60}")
        echoed = page.find("p", cls="bs-queue__filtered")
        if expected and (
            echoed is None or echoed.text() != f"Showing comments matching “{expected}”."
        ):
            problems.append(f"{payload!r:.50}: echoed as {echoed and echoed.text()!r:.60}")
    assert problems == []


def test_the_checks_notice_markup_that_got_through():
    """The detector itself: a comment rendered without escaping is caught by every check."""
    payload = '<img src=x onerror=alert(1)>"><script>alert(2)</script>'
    unescaped = (
        f'<li class="comment" id="comment-1"><article aria-label="Comment by {payload}">'
        f'<p class="comment-meta"><bdi class="comment-author">{payload}</bdi></p>'
        f'<div class="comment-text"><p>{payload}</p></div></article></li>'
    )
    page = parse_html(unescaped)
    shown = public_page_comments(page)[1]
    assert active_content(page)  # the handler and the script
    assert shown.text != payload and shown.text_markup and shown.name_markup
    escaped = parse_html(unescaped.replace(payload, escape(payload)))
    assert active_content(escaped) == []
    assert public_page_comments(escaped)[1].text == payload


def test_payloads_in_the_email_and_the_article_title_stay_text(moderator):
    """Every place the queue and the comment's page show an e-mail address or a title."""
    payloads = xss_payloads()
    client = client_for(moderator)
    problems = []
    for number, payload in enumerate(payloads[:60]):
        article = make_article(title=payload[:255], slug=f"title-payload-{number}")
        (comment,) = store_comments(article, [("Reader", "A comment")], status="pending")
        Comment.objects.filter(pk=comment.pk).update(author_email=payload[:254])
        for url in (f"/admin/comments/?article={article.pk}", f"/admin/comments/{comment.pk}/"):
            page = parse_html(client.get(url).content)
            problems += [f"{payload!r:.40} {url}: {p}" for p in active_content(page)]
            emails = [e.text() for e in page.find_all("span", cls="bs-queue__email")]
            if url.startswith("/admin/comments/?") and emails != [payload[:254]]:
                problems.append(f"{payload!r:.40}: e-mail shown as {emails!r:.60}")
    assert problems == []
