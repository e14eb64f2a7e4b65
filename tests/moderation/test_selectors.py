"""The moderators' queue selectors: order, filters, keyset pagination, counts."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.comments.models import Comment, CommentStatus
from broadsheet.moderation import selectors
from broadsheet.moderation.selectors import QueueCursor, moderation_queue
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def make_comment(
    article,
    *,
    text: str = "A comment",
    name: str = "Reader",
    status: str = CommentStatus.PENDING,
    risk: float = 0.0,
    screening: dict | None = None,
    created_at=None,
    **fields,
) -> Comment:
    """A stored comment as a test fixture (the services are tested elsewhere)."""
    return Comment.objects.create(
        article=article,
        author_name=name,
        text=text,
        status=status,
        risk=risk,
        screening=screening or {},
        created_at=created_at or timezone.now(),
        idempotency_key=f"test-{uuid.uuid4().hex}",
        **fields,
    )


def _walk(**kwargs) -> list[Comment]:
    """Every row of the queue, page by page, following the cursors."""
    seen, after = [], None
    for _ in range(100):
        page = moderation_queue(after=after, **kwargs)
        seen += page.rows
        after = page.next_cursor
        if after is None:
            return seen
    raise AssertionError("the cursor never ended")


def test_risk_order_highest_first_then_oldest_then_id(article):
    now = timezone.now()
    low_old = make_comment(article, risk=0.1, created_at=now - timedelta(hours=5))
    high_new = make_comment(article, risk=0.9, created_at=now - timedelta(minutes=1))
    high_old = make_comment(article, risk=0.9, created_at=now - timedelta(hours=2))
    same_time_a = make_comment(article, risk=0.5, created_at=now - timedelta(hours=1))
    same_time_b = make_comment(article, risk=0.5, created_at=now - timedelta(hours=1))
    make_comment(article, risk=1.0, status=CommentStatus.APPROVED)

    page = moderation_queue(status=CommentStatus.PENDING, order="risk")

    assert [c.pk for c in page.rows] == [
        high_old.pk,
        high_new.pk,
        same_time_a.pk,
        same_time_b.pk,
        low_old.pk,
    ]
    assert page.next_cursor is None


def test_age_order_oldest_first(article):
    now = timezone.now()
    newer = make_comment(article, risk=0.9, created_at=now - timedelta(minutes=5))
    oldest = make_comment(article, risk=0.0, created_at=now - timedelta(days=2))
    middle = make_comment(article, risk=0.5, created_at=now - timedelta(hours=3))

    rows = moderation_queue(status=CommentStatus.PENDING, order="age").rows

    assert [c.pk for c in rows] == [oldest.pk, middle.pk, newer.pk]


@pytest.mark.parametrize("order", ["risk", "age"])
def test_keyset_pagination_visits_every_row_once_in_order(article, order):
    now = timezone.now()
    # Ties on purpose: a few risk levels, and several rows sharing one timestamp.
    for i in range(23):
        make_comment(
            article,
            text=f"row {i}",
            risk=[0.0, 0.25, 0.25, 0.8][i % 4],
            created_at=now - timedelta(minutes=i // 3),
        )

    walked = _walk(status=CommentStatus.PENDING, order=order, limit=4)
    expected = list(
        Comment.objects.filter(status=CommentStatus.PENDING).order_by(
            *(["-risk"] if order == "risk" else []), "created_at", "pk"
        )
    )

    assert [c.pk for c in walked] == [c.pk for c in expected]


def test_last_full_page_has_no_next_cursor(article):
    for _ in range(4):
        make_comment(article)

    first = moderation_queue(status=CommentStatus.PENDING, limit=2)
    second = moderation_queue(status=CommentStatus.PENDING, limit=2, after=first.next_cursor)

    assert first.next_cursor is not None
    assert len(second.rows) == 2
    assert second.next_cursor is None


def test_filters_by_article_and_search_across_pages(article):
    other = make_article(title="Another story")
    for i in range(5):
        make_comment(article, text=f"About the HARBOUR wall {i}")
        make_comment(other, text=f"About the harbour too {i}")
        make_comment(article, text=f"Unrelated {i}", name="Harbour Fan" if i == 0 else "Reader")

    by_article = _walk(status=CommentStatus.PENDING, article_id=article.pk, limit=3)
    searched = _walk(status=CommentStatus.PENDING, article_id=article.pk, query="harbour", limit=2)

    assert {c.article_id for c in by_article} == {article.pk}
    assert len(by_article) == 10
    # Case-insensitive, in the text or in the name.
    assert len(searched) == 6
    assert all("harbour" in (c.text + c.author_name).lower() for c in searched)


def test_malformed_cursor_starts_at_the_first_page(article):
    make_comment(article)
    for junk in [
        "",
        "x",
        "1,2",
        "nan,2026-01-01T00:00:00Z,1",
        "0.5,yesterday,1",
        "0.5,2026-01-01,1",
    ]:
        page = moderation_queue(status=CommentStatus.PENDING, after=junk)
        assert len(page.rows) == 1, junk


def test_cursor_round_trip():
    cursor = QueueCursor(risk=0.1 + 0.2, created_at=timezone.now(), pk=42)

    assert QueueCursor.decode(cursor.encode()) == cursor
    assert "+" not in cursor.encode()  # safe in a query string as it is


def test_unknown_status_or_order_is_refused():
    with pytest.raises(ValueError):
        moderation_queue(status="deleted")
    with pytest.raises(ValueError):
        moderation_queue(status=CommentStatus.PENDING, order="random")


def test_a_page_takes_at_most_two_queries_and_rows_carry_their_article(
    article, django_assert_max_num_queries
):
    for i in range(12):
        make_comment(article, risk=i / 20)
    first = moderation_queue(status=CommentStatus.PENDING, limit=5)

    with django_assert_max_num_queries(2):
        page = moderation_queue(status=CommentStatus.PENDING, limit=5, after=first.next_cursor)
        titles = [c.article.title for c in page.rows]

    assert titles == [article.title] * 5


def test_counts_per_status_are_cached_and_invalidated(article, django_assert_num_queries):
    make_comment(article)
    make_comment(article)
    make_comment(article, status=CommentStatus.SPAM)

    assert selectors.queue_counts() == {"pending": 2, "approved": 0, "rejected": 0, "spam": 1}
    make_comment(article)
    with django_assert_num_queries(0):
        assert selectors.queue_counts()["pending"] == 2  # still the cached count
    selectors.queue_counts_invalidate()
    assert selectors.queue_counts()["pending"] == 3


def test_counts_stop_at_the_cap(article, monkeypatch):
    monkeypatch.setattr(selectors, "QUEUE_COUNT_CAP", 3)
    for _ in range(6):
        make_comment(article)

    assert selectors.queue_counts()["pending"] == 4  # "more than 3"


def test_pending_articles_most_pending_first(article):
    other = make_article(title="Another story")
    make_comment(article)
    for _ in range(3):
        make_comment(other)
    make_comment(article, status=CommentStatus.APPROVED)

    assert selectors.queue_pending_articles() == [
        {"id": other.pk, "title": "Another story", "pending": 3},
        {"id": article.pk, "title": article.title, "pending": 1},
    ]


def test_decisions_of_one_comment_oldest_first(article):
    comment = make_comment(article)
    assert list(selectors.comment_decisions(comment_id=comment.pk)) == []
    assert selectors.comment_for_moderation(comment_id=comment.pk) == comment
    assert selectors.comment_for_moderation(comment_id=comment.pk + 1000) is None
