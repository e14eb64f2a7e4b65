"""The moderators' queue in the Wagtail admin: access, listing, decisions, settings, deletion."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site

from broadsheet.comments.models import Comment, CommentSettings, CommentStatus
from broadsheet.moderation.admin.display import highlight
from broadsheet.moderation.models import ModerationDecision, RejectReason
from tests.factories import make_article
from tests.moderation.test_selectors import make_comment

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/"
XSS = "<script>alert(1)</script>"
XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _user(username: str, *groups: str, **fields) -> User:
    user = User.objects.create_user(username, password="unused-password", **fields)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def moderator(db) -> User:
    return _user("moira", "Comment moderators")


@pytest.fixture
def mod_client(client, moderator) -> Client:
    client.force_login(moderator)
    return client


@pytest.fixture
def editor(db) -> User:
    """May enter the admin, may not moderate comments."""
    group = Group.objects.create(name="Reporters")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return _user("eddie", "Reporters")


@pytest.fixture
def pending(article) -> Comment:
    return make_comment(article, text="Please publish me", name="Pat")


def _message(response) -> str:
    """The message a response added (earlier unread ones stay in the session before it)."""
    # Wagtail appends its (here empty) message buttons to the text.
    return [str(message).strip() for message in get_messages(response.wsgi_request)][-1]


def _statuses(*comments: Comment) -> list[str]:
    return [Comment.objects.get(pk=c.pk).status for c in comments]


def _action_urls(comment: Comment) -> list[str]:
    return [
        reverse("comments_admin:approve", args=[comment.pk]),
        reverse("comments_admin:reject", args=[comment.pk]),
        reverse("comments_admin:spam", args=[comment.pk]),
        reverse("comments_admin:bulk"),
    ]


def _action_data(comment: Comment) -> dict:
    return {
        "ids": [comment.pk],
        "action": "approve",
        "reason": RejectReason.SPAM,
        "expected": comment.status,
    }


def _order_of(content: str, *texts: str) -> list[int]:
    return [content.index(text) for text in texts]


# --- access -----------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login_page(client, pending):
    for url in [QUEUE, reverse("comments_admin:detail", args=[pending.pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    for url in _action_urls(pending):
        response = client.post(url, _action_data(pending))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert _statuses(pending) == [CommentStatus.PENDING]


def test_admin_users_without_the_permission_get_403(client, editor, pending):
    client.force_login(editor)
    for url in [QUEUE, reverse("comments_admin:detail", args=[pending.pk])]:
        assert client.get(url).status_code == 403
    for url in _action_urls(pending):
        assert client.post(url, _action_data(pending)).status_code == 403
    assert _statuses(pending) == [CommentStatus.PENDING]
    assert not ModerationDecision.objects.exists()


def test_users_without_admin_access_are_turned_away_by_wagtail(client, pending):
    client.force_login(_user("reader"))
    response = client.post(
        reverse("comments_admin:approve", args=[pending.pk]),
        {"expected": pending.status},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert _statuses(pending) == [CommentStatus.PENDING]


def test_moderators_and_superusers_see_the_queue(client, mod_client, pending):
    assert mod_client.get(QUEUE).status_code == 200
    admin = User.objects.create_superuser("root", password="unused-password")
    client.force_login(admin)
    assert client.get(QUEUE).status_code == 200


def test_menu_item_with_pending_count_only_for_moderators(client, mod_client, editor, article):
    make_comment(article)
    make_comment(article)

    assert '"label": "Comments (2)"' in mod_client.get("/admin/").content.decode()
    client.force_login(editor)
    assert '"url": "/admin/comments/"' not in client.get("/admin/").content.decode()


def test_permission_is_offered_on_the_group_edit_screen(client):
    client.force_login(User.objects.create_superuser("root", password="unused-password"))
    group = Group.objects.create(name="Night desk")
    permission = Permission.objects.get(codename="moderate_comment")

    content = client.get(reverse("wagtailusers_groups:edit", args=[group.pk])).content.decode()

    assert re.search(rf'name="permissions"[^>]*value="{permission.pk}"', content)


# --- the listing ------------------------------------------------------------------------------


def test_tabs_show_counts_and_only_their_status(mod_client, article):
    make_comment(article, text="pending one")
    make_comment(article, text="pending two")
    make_comment(article, text="approved one", status=CommentStatus.APPROVED)
    make_comment(article, text="spam one", status=CommentStatus.SPAM)

    content = mod_client.get(QUEUE).content.decode()
    counts = dict(re.findall(r'data-queue-count="(\w+)">([\d,+]+)<', content))
    approved = mod_client.get(QUEUE, {"status": "approved"}).content.decode()

    assert counts == {"pending": "2", "approved": "1", "rejected": "0", "spam": "1"}
    assert "pending one" in content and "pending two" in content
    assert "approved one" not in content and "spam one" not in content
    assert "approved one" in approved and "pending one" not in approved


def test_counts_follow_a_decision_at_once(mod_client, pending, django_capture_on_commit_callbacks):
    mod_client.get(QUEUE)  # counts are now cached
    with django_capture_on_commit_callbacks(execute=True):
        mod_client.post(
            reverse("comments_admin:approve", args=[pending.pk]), {"expected": pending.status}
        )

    content = mod_client.get(QUEUE).content.decode()

    assert 'data-queue-count="pending">0<' in content
    assert 'data-queue-count="approved">1<' in content


def test_default_order_is_highest_risk_then_oldest(mod_client, article):
    now = timezone.now()
    make_comment(article, text="low-risk-old", risk=0.1, created_at=now - timedelta(days=1))
    make_comment(article, text="high-risk-new", risk=0.9, created_at=now - timedelta(minutes=1))
    make_comment(article, text="high-risk-old", risk=0.9, created_at=now - timedelta(hours=1))

    content = mod_client.get(QUEUE).content.decode()
    by_age = mod_client.get(QUEUE, {"order": "age"}).content.decode()

    first, second, third = _order_of(content, "high-risk-old", "high-risk-new", "low-risk-old")
    assert first < second < third
    first, second, third = _order_of(by_age, "low-risk-old", "high-risk-old", "high-risk-new")
    assert first < second < third
    assert "?status=pending&amp;order=age" in content  # one click away


def test_article_filter_shows_the_article_title(mod_client, article):
    other = make_article(title="Lighthouse keeper retires")
    make_comment(article, text="about the harbour")
    make_comment(other, text="about the lighthouse")

    content = mod_client.get(QUEUE, {"article": other.pk}).content.decode()

    assert "about the lighthouse" in content
    assert "about the harbour" not in content
    assert f'<option value="{other.pk}" selected>Lighthouse keeper retires (1 pending)' in content
    assert "Showing comments on <strong>Lighthouse keeper retires</strong>" in content


def test_article_filter_on_an_article_without_pending_comments(mod_client, article):
    make_comment(article, text="old approved", status=CommentStatus.APPROVED)

    content = mod_client.get(QUEUE, {"status": "approved", "article": article.pk}).content
    content = content.decode()

    assert "old approved" in content
    assert f'<option value="{article.pk}" selected>{article.title}</option>' in content


def test_search_in_text_and_name_ignores_case(mod_client, article):
    make_comment(article, text="The FERRY was late", name="Sam")
    make_comment(article, text="Nothing to see", name="Ferryman")
    make_comment(article, text="Unrelated", name="Jo")

    content = mod_client.get(QUEUE, {"q": "ferry"}).content.decode()

    assert "The FERRY was late" in content and "Ferryman" in content
    assert "Unrelated" not in content


def test_keyset_pagination_over_several_pages(mod_client, article):
    now = timezone.now()
    for i in range(120):
        make_comment(article, text=f"comment-{i:03d}.", risk=(i % 3) / 3, created_at=now)

    seen, url, pages = [], QUEUE, 0
    while url:
        content = mod_client.get(url).content.decode()
        seen += re.findall(r"comment-(\d{3})\.", content)
        match = re.search(r'href="([^"]+)" rel="next"', content)
        url = match.group(1).replace("&amp;", "&") if match else None
        assert url is None or "after=" in url
        pages += 1

    expected = Comment.objects.order_by("-risk", "created_at", "pk").values_list("text", flat=True)
    assert pages == 3
    assert seen == [text[len("comment-") : -1] for text in expected]


def test_a_row_shows_everything_a_moderator_needs(mod_client, article):
    verdict = {
        "risk": 0.72,
        "recommendation": "review",
        "categories": ["insult", "spam"],
        "reasons": [
            {
                "check": "offensive",
                "category": "insult",
                "detail": "insulting word",
                "start": 9,
                "end": 14,
            }
        ],
    }
    make_comment(
        article,
        text="You utter idiot",
        name="Kim",
        author_email="kim@example.org",
        risk=0.72,
        screening=verdict,
        created_at=timezone.now() - timedelta(hours=3),
    )
    make_comment(article, text="Never screened", risk=0.0)

    content = mod_client.get(QUEUE).content.decode()

    assert "kim@example.org" in content
    assert f'href="{article.url}" target="_blank" rel="noopener noreferrer"' in content
    assert "3\xa0hours ago</time>" in content
    assert 'value="0.720"' in content and ">0.72<" in content
    assert '<span class="bs-queue__chip">insult</span>' in content
    assert '<span class="bs-queue__chip">spam</span>' in content
    assert "<strong>offensive</strong>: insulting word" in content
    assert (
        'You utter<mark class="bs-queue__match" title="offensive: insulting word"> idio' in content
    )
    assert "Not screened" in content


def test_reasons_are_rendered_from_their_code_on_the_queue_and_the_detail_page(mod_client, article):
    reason = {
        "check": "links_spam",
        "category": "spam",
        "detail": "stored words",
        "code": "spam.repeated_word",
        "params": {"word": "buy"},
        "start": 0,
        "end": 3,
    }
    verdict = {"risk": 0.4, "recommendation": "review", "categories": ["spam"], "reasons": [reason]}
    comment = make_comment(article, text="buy buy buy buy", risk=0.4, screening=verdict)

    queue = mod_client.get(QUEUE).content.decode()
    detail = mod_client.get(reverse("comments_admin:detail", args=[comment.pk])).content.decode()

    assert "<strong>links_spam</strong>: word repeated: &quot;buy&quot;" in queue
    assert 'title="links_spam: word repeated: &quot;buy&quot;"' in queue
    assert "<td>word repeated: &quot;buy&quot;</td>" in detail
    assert "stored words" not in queue + detail


def test_the_queue_loads_its_keyboard_script_and_help(mod_client, pending):
    content = mod_client.get(QUEUE).content.decode()

    assert re.search(r'<script src="[^"]*moderation/admin/queue\.js" defer></script>', content)
    assert "data-queue-help" in content and "<kbd>j</kbd>" in content


def test_reader_input_is_escaped_in_queue_and_detail(mod_client, article):
    comment = make_comment(article, text=f"Hi {XSS} there", name=f"N{XSS}")

    for url in [QUEUE, reverse("comments_admin:detail", args=[comment.pk])]:
        content = mod_client.get(url).content.decode()
        assert f"Hi {XSS_ESCAPED} there" in content
        assert f"N{XSS_ESCAPED}" in content
        assert XSS not in content


def test_highlighted_spans_are_escaped(mod_client, article):
    text = f"Hi {XSS} there"
    bad_detail = '"><img src=x onerror=alert(2)>'
    verdict = {
        "categories": ["<i>cat</i>"],
        "reasons": [
            {"check": "rules", "category": "spam", "detail": bad_detail, "start": 3, "end": 28}
        ],
    }
    comment = make_comment(article, text=text, screening=verdict, risk=0.5)

    for url in [QUEUE, reverse("comments_admin:detail", args=[comment.pk])]:
        content = mod_client.get(url).content.decode()
        assert (
            f'rules: &quot;&gt;&lt;img src=x onerror=alert(2)&gt;">{XSS_ESCAPED}</mark>' in content
        )
        assert "&lt;i&gt;cat&lt;/i&gt;" in content
        assert XSS not in content and "<img src=x" not in content and "<i>cat" not in content


def test_highlight_survives_bad_offsets():
    text = "abcdefghij"
    reasons = [
        {"check": "one", "start": 2, "end": 6},
        {"check": "two", "start": 4, "end": 8},  # overlaps "one"
        {"check": "far", "start": 8, "end": 999},  # past the end: clamped
        {"check": "neg", "start": -5, "end": 1},  # before the start: clamped
        {"check": "backwards", "start": 7, "end": 3},
        {"check": "empty", "start": 5, "end": 5},
        {"check": "whole", "start": 0, "end": 10},  # the comment as a whole: not marked
        {"check": "strings", "start": "1", "end": "3"},
        {"check": "bools", "start": True, "end": 3},
        "not a dict",
    ]

    html = str(highlight(text, {"reasons": reasons}))

    assert html == (
        '<mark class="bs-queue__match" title="neg">a</mark>b'
        '<mark class="bs-queue__match" title="one">cd</mark>'
        '<mark class="bs-queue__match" title="one; two">ef</mark>'
        '<mark class="bs-queue__match" title="two">gh</mark>'
        '<mark class="bs-queue__match" title="far">ij</mark>'
    )
    assert str(highlight("a<b", {"reasons": "junk"})) == "a&lt;b"
    assert str(highlight("a<b", None)) == "a&lt;b"


# --- decisions --------------------------------------------------------------------------------


def test_approve_one(mod_client, moderator, pending):
    response = mod_client.post(
        reverse("comments_admin:approve", args=[pending.pk]),
        {"expected": pending.status, "next": f"{QUEUE}?order=age", "note": "fine"},
    )

    decision = ModerationDecision.objects.get(comment=pending)
    assert response.status_code == 302 and response["Location"] == f"{QUEUE}?order=age"
    assert _message(response) == "Approved 1 comment."
    assert (decision.from_status, decision.to_status) == ("pending", "approved")
    assert (decision.moderator, decision.actor, decision.note) == (moderator, "moira", "fine")
    assert _statuses(pending) == [CommentStatus.APPROVED]


def test_reject_one_with_reason_and_note(mod_client, moderator, pending):
    response = mod_client.post(
        reverse("comments_admin:reject", args=[pending.pk]),
        {"expected": pending.status, "reason": RejectReason.INSULTING, "note": "name-calling"},
    )

    decision = ModerationDecision.objects.get(comment=pending)
    assert response["Location"] == QUEUE
    assert _message(response) == "Rejected 1 comment (Insulting or swearing)."
    assert (decision.from_status, decision.to_status) == ("pending", "rejected")
    assert (decision.reason, decision.note, decision.moderator) == (
        "insulting",
        "name-calling",
        moderator,
    )


def test_mark_one_as_spam(mod_client, moderator, pending):
    response = mod_client.post(
        reverse("comments_admin:spam", args=[pending.pk]),
        {"expected": pending.status},
    )

    decision = ModerationDecision.objects.get(comment=pending)
    assert _message(response) == "Marked 1 comment as spam."
    assert (decision.from_status, decision.to_status, decision.reason) == (
        "pending",
        "spam",
        "spam",
    )
    assert decision.actor == "moira"


@pytest.mark.parametrize(
    ("action", "status", "reason"),
    [
        ("approve", CommentStatus.APPROVED, ""),
        ("reject", CommentStatus.REJECTED, RejectReason.OFF_TOPIC),
        ("spam", CommentStatus.SPAM, RejectReason.SPAM),
    ],
)
def test_bulk_actions(mod_client, moderator, article, action, status, reason):
    chosen = [make_comment(article), make_comment(article)]
    untouched = make_comment(article)

    response = mod_client.post(
        reverse("comments_admin:bulk"),
        {
            "action": action,
            "ids": [c.pk for c in chosen],
            "reason": reason,
            "next": QUEUE,
            "expected": "pending",
        },
    )

    decisions = ModerationDecision.objects.order_by("comment_id")
    assert response.status_code == 302 and response["Location"] == QUEUE
    assert [d.comment_id for d in decisions] == [c.pk for c in chosen]
    assert {(d.from_status, d.to_status, d.reason, d.actor) for d in decisions} == {
        ("pending", status, reason, "moira")
    }
    assert _statuses(*chosen, untouched) == [status, status, CommentStatus.PENDING]


def test_bulk_message_counts_comments_already_decided(mod_client, article):
    fresh = make_comment(article)
    done = make_comment(article, status=CommentStatus.APPROVED)

    response = mod_client.post(
        reverse("comments_admin:bulk"),
        {"action": "approve", "ids": [fresh.pk, done.pk], "expected": "pending"},
    )

    assert _message(response) == (
        f"Approved 1 comment. Comment {done.pk} is approved; it was not changed."
    )


def test_reject_without_a_reason_changes_nothing(mod_client, pending):
    single = mod_client.post(
        reverse("comments_admin:reject", args=[pending.pk]),
        {"expected": pending.status, "note": "x"},
    )
    bulk = mod_client.post(
        reverse("comments_admin:bulk"),
        {"action": "reject", "ids": [pending.pk], "reason": "", "expected": "pending"},
    )
    unknown = mod_client.post(
        reverse("comments_admin:reject", args=[pending.pk]),
        {"reason": "rude", "expected": "pending"},
    )

    assert _message(single) == "Choose a reason for rejecting."
    assert _message(bulk) == "Choose a reason for rejecting."
    assert _message(unknown) == "Choose one of the listed reasons."
    assert single["Location"] == bulk["Location"] == QUEUE
    assert _statuses(pending) == [CommentStatus.PENDING]
    assert not ModerationDecision.objects.exists()


def test_bulk_without_selection_or_with_a_missing_comment_changes_nothing(mod_client, pending):
    base = {"action": "approve", "expected": "pending"}
    empty = mod_client.post(reverse("comments_admin:bulk"), base)
    missing = mod_client.post(
        reverse("comments_admin:bulk"), {**base, "ids": [pending.pk, pending.pk + 99]}
    )
    junk = mod_client.post(reverse("comments_admin:bulk"), {**base, "ids": ["1e3"]})

    assert _message(empty) == "Select at least one comment."
    assert _message(missing) == "A selected comment no longer exists."
    assert _message(junk) == "The selection is not valid; reload the page."
    assert _statuses(pending) == [CommentStatus.PENDING]


def test_csrf_is_enforced(moderator, pending):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)

    for url in _action_urls(pending):
        assert client.post(url, {**_action_data(pending), "reason": "spam"}).status_code == 403
    assert _statuses(pending) == [CommentStatus.PENDING]
    assert not ModerationDecision.objects.exists()


def test_actions_work_with_the_csrf_token_from_the_page(moderator, pending):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    content = client.get(QUEUE).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1)

    response = client.post(
        reverse("comments_admin:approve", args=[pending.pk]),
        {"expected": pending.status, "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302
    assert _statuses(pending) == [CommentStatus.APPROVED]


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/admin/comments/",
        "https:evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
    ],
)
def test_next_never_leaves_the_site(mod_client, pending, next_url):
    for url in _action_urls(pending)[:1] + _action_urls(pending)[3:]:
        response = mod_client.post(url, {**_action_data(pending), "next": next_url})
        assert response["Location"] == QUEUE


def test_next_on_the_site_is_followed(mod_client, pending):
    back = f"{QUEUE}?status=pending&order=age&q=x"
    response = mod_client.post(
        reverse("comments_admin:spam", args=[pending.pk]),
        {"expected": pending.status, "next": back},
    )
    assert response["Location"] == back


def test_get_on_action_urls_changes_nothing(mod_client, pending):
    for url in _action_urls(pending):
        assert mod_client.get(url, _action_data(pending)).status_code == 405
    assert mod_client.post(QUEUE).status_code == 405
    assert _statuses(pending) == [CommentStatus.PENDING]
    assert not ModerationDecision.objects.exists()


# --- query counts -----------------------------------------------------------------------------


def _queries(client, url, params=None) -> int:
    cache.clear()  # the tab counts are cached: measure the page as it is first built
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_queue_query_count_does_not_grow_with_rows(
    mod_client, article, django_assert_max_num_queries
):
    other = make_article(title="Second story")
    first = make_comment(other, text="x first", risk=0.3)  # one row on each page measured
    small = _queries(mod_client, QUEUE)
    small_filtered = _queries(mod_client, QUEUE, {"article": other.pk, "q": "x"})

    for i in range(45):
        make_comment(
            other if i % 2 else article,
            text=f"x {i}",
            risk=i / 50,
            parent=first if i % 5 == 0 else None,
            screening={"categories": ["spam"], "reasons": [{"check": "c", "start": 0, "end": 1}]},
        )
    large = _queries(mod_client, QUEUE)
    large_filtered = _queries(mod_client, QUEUE, {"article": other.pk, "q": "x"})

    assert large == small
    assert large_filtered == small_filtered
    cache.clear()
    with django_assert_max_num_queries(20):
        mod_client.get(QUEUE)


def test_detail_query_count_does_not_grow_with_history(mod_client, moderator, article):
    comment = make_comment(article, parent=make_comment(article))
    url = reverse("comments_admin:detail", args=[comment.pk])
    before = _queries(mod_client, url)
    for to_status in ["approved", "rejected", "approved", "spam"]:
        ModerationDecision.objects.create(
            comment=comment,
            moderator=moderator,
            actor="moira",
            from_status="pending",
            to_status=to_status,
        )

    assert _queries(mod_client, url) == before


# --- the detail page --------------------------------------------------------------------------


def test_detail_page_shows_metadata_and_history(mod_client, moderator, article):
    parent = make_comment(article, text="first!", name="Ann", status=CommentStatus.APPROVED)
    comment = make_comment(
        article,
        text="A reply",
        parent=parent,
        client_ip="203.0.113.9",
        screening={"recommendation": "review", "categories": ["off_topic"], "reasons": []},
    )
    mod_client.post(
        reverse("comments_admin:reject", args=[comment.pk]),
        {
            "expected": comment.status,
            "reason": RejectReason.OFF_TOPIC,
            "note": "not about the story",
        },
    )
    mod_client.post(
        reverse("comments_admin:approve", args=[comment.pk]),
        {"expected": "rejected", "note": "on reflection"},
    )

    content = mod_client.get(reverse("comments_admin:detail", args=[comment.pk])).content.decode()

    assert "A reply" in content
    assert "203.0.113.9" in content
    assert comment.idempotency_key in content
    assert "not posted through the comment form" in content  # stored directly, no notice
    assert f'href="{reverse("comments_admin:detail", args=[parent.pk])}"' in content
    assert '<span class="bs-queue__chip">off_topic</span>' in content
    rows = re.findall(r'<tr class="bs-detail__decision">(.*?)</tr>', content, re.S)
    assert len(rows) == 2
    assert "moira" in rows[0] and "Pending → Rejected" in rows[0] and "Off-topic" in rows[0]
    assert "not about the story" in rows[0]
    assert "Rejected → Approved" in rows[1] and "on reflection" in rows[1]
    # The same actions as in the queue (except the current status), back to this page.
    assert reverse("comments_admin:reject", args=[comment.pk]) in content
    assert reverse("comments_admin:approve", args=[comment.pk]) not in content
    assert f'name="next" value="{reverse("comments_admin:detail", args=[comment.pk])}"' in content


def test_detail_of_a_missing_comment_is_404(mod_client):
    assert mod_client.get(reverse("comments_admin:detail", args=[999999])).status_code == 404


# --- comment settings -------------------------------------------------------------------------


def _settings_form(comment_settings: CommentSettings, **changes) -> dict:
    fields = ["max_length", "reply_depth", "close_after_days", "ip_retention_days", "legal_notice"]
    return {name: getattr(comment_settings, name) for name in fields} | changes


def test_changing_the_legal_notice_raises_its_version(client):
    client.force_login(User.objects.create_superuser("root", password="unused-password"))
    site = Site.objects.get(is_default_site=True)
    comment_settings = CommentSettings.for_site(site)
    url = reverse("wagtailsettings:edit", args=["comments", "commentsettings", site.pk])
    version = comment_settings.notice_version

    unchanged = client.post(url, _settings_form(comment_settings, max_length=800))
    comment_settings.refresh_from_db()
    assert unchanged.status_code == 302
    assert (comment_settings.max_length, comment_settings.notice_version) == (800, version)

    changed = client.post(url, _settings_form(comment_settings, legal_notice="New notice."))
    comment_settings.refresh_from_db()
    assert changed.status_code == 302
    assert comment_settings.legal_notice == "New notice."
    assert comment_settings.notice_version == version + 1
    assert comment_settings.max_length == 800

    # The version is not a form field: a posted value is ignored.
    client.post(url, _settings_form(comment_settings, notice_version=99))
    comment_settings.refresh_from_db()
    assert comment_settings.notice_version == version + 1


# --- deleting commented articles --------------------------------------------------------------


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("root", password="unused-password"))
    return client


def test_an_article_with_comments_cannot_be_deleted(superuser_client, article):
    make_comment(article, status=CommentStatus.REJECTED)
    url = reverse("wagtailadmin_pages:delete", args=[article.pk])
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])

    shown = superuser_client.get(url)
    posted = superuser_client.post(url)

    assert shown.status_code == posted.status_code == 302
    assert shown["Location"] == posted["Location"] == edit_url
    assert "Unpublish it instead" in _message(posted)
    assert Page.objects.filter(pk=article.pk).exists()


def test_the_home_page_above_commented_articles_cannot_be_deleted(superuser_client, article):
    make_comment(article)
    home = article.get_parent()

    response = superuser_client.post(reverse("wagtailadmin_pages:delete", args=[home.pk]))

    assert response.status_code == 302
    assert Page.objects.filter(pk=home.pk).exists()


def test_bulk_delete_refuses_commented_articles(superuser_client, article):
    make_comment(article)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])

    response = superuser_client.post(f"{url}?id={article.pk}&next=/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert "Unpublish it instead" in _message(response)
    assert Page.objects.filter(pk=article.pk).exists()


def test_an_article_without_comments_can_still_be_deleted(superuser_client):
    article = make_article(title="Short-lived story")
    url = reverse("wagtailadmin_pages:delete", args=[article.pk])

    assert superuser_client.get(url).status_code == 200
    superuser_client.post(url)

    assert not Page.objects.filter(pk=article.pk).exists()
