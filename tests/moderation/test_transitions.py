"""Status changes after storage: constant queries per batch, stale rows reported, actors kept."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from broadsheet.comments.models import Comment, CommentStatus
from broadsheet.core import events
from broadsheet.moderation import services, training
from broadsheet.moderation.events import DecisionsRecorded
from broadsheet.moderation.models import (
    ActorKind,
    LearnedModelState,
    ModerationDecision,
    RejectReason,
    ScreeningPolicy,
)
from broadsheet.moderation.site_screening import policy_move
from tests.factories import make_article
from tests.moderation.test_selectors import make_comment

pytestmark = pytest.mark.django_db

SIZES = (5, 50, 500)
# Locking read, INSERT ... SELECT of the decisions, UPDATE of the comments, upsert of the
# articles' approved counts, and the savepoint around them (SAVEPOINT + RELEASE: the test
# runs inside pytest-django's transaction).
SERVICE_QUERIES = 6


def _user(username: str) -> User:
    user = User.objects.create_user(username, password="unused-password")
    user.groups.add(Group.objects.get(name="Comment moderators"))
    return user


@pytest.fixture
def moderator(db) -> User:
    return _user("moira")


@pytest.fixture
def colleague(db) -> User:
    return _user("ayse")


def _pending(articles, count: int) -> list[int]:
    """``count`` pending comments spread over ``articles``; their ids."""
    now = timezone.now()
    rows = [
        Comment(
            article=articles[n % len(articles)],
            author_name=f"Reader {n}",
            text=f"Comment number {n}",
            status=CommentStatus.PENDING,
            risk=0.0,
            screening={},
            created_at=now,
            idempotency_key=f"test-{uuid.uuid4().hex}",
        )
        for n in range(count)
    ]
    Comment.objects.bulk_create(rows)
    ids = list(
        Comment.objects.filter(idempotency_key__in=[r.idempotency_key for r in rows]).values_list(
            "pk", flat=True
        )
    )
    assert len(ids) == count
    return ids


def _decisions(pk: int) -> list[ModerationDecision]:
    return list(ModerationDecision.objects.filter(comment_id=pk).order_by("created_at", "pk"))


@pytest.fixture
def articles(article):
    return [article, make_article(title="Second article"), make_article(title="Third article")]


# --- queries do not grow with the batch -------------------------------------------------------


def test_bulk_approve_through_the_service_runs_the_same_queries_for_5_50_500(articles, moderator):
    counts = {}
    for size in SIZES:
        ids = _pending(articles, size)
        with CaptureQueriesContext(connection) as queries:
            outcome = services.comments_approve(
                comment_ids=ids, moderator=moderator, expected="pending"
            )
        counts[size] = len(queries)
        assert sorted(outcome.changed) == sorted(ids)
        assert not outcome.stale and not outcome.unchanged
        assert Comment.objects.filter(pk__in=ids, status=CommentStatus.APPROVED).count() == size
        assert ModerationDecision.objects.filter(comment_id__in=ids).count() == size
    assert counts[5] == counts[50] == counts[500], counts
    assert counts[5] == SERVICE_QUERIES, [q["sql"][:80] for q in queries.captured_queries]


def test_bulk_approve_with_its_after_commit_work_stays_constant(
    articles, moderator, django_capture_on_commit_callbacks, settings
):
    """The subscribers (purge, queue counts, retraining) run once per batch, whatever its size.

    ``retrain_every=1`` makes every batch retrain the learned model, so each measured batch
    does the same after-commit work; a first batch warms the settings cache and creates the
    model's row. The cache is this process's own: other suites on this machine flush the
    shared Redis test database, which would drop the cached settings between batches.
    """
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-transitions-after-commit",
        }
    }
    policy = ScreeningPolicy.for_site(Site.objects.get(is_default_site=True))
    policy.retrain_every = 1
    policy.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.comments_approve(comment_ids=_pending(articles, 1), moderator=moderator)
    assert LearnedModelState.objects.count() == 1
    counts = {}
    for size in SIZES:
        ids = _pending(articles, size)
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True) as callbacks,
        ):
            services.comments_approve(comment_ids=ids, moderator=moderator, expected="pending")
        assert len(callbacks) == 1
        counts[size] = len(queries)
    assert counts[5] == counts[50] == counts[500], counts
    assert counts[5] == SERVICE_QUERIES + AFTER_COMMIT_QUERIES, [
        q["sql"][:80] for q in queries.captured_queries
    ]
    assert LearnedModelState.objects.get().n_seen == 1 + sum(SIZES)


# After commit: the articles' paths (purge), the default site and the model's state
# (retraining due?), the count of new decisions, then training: the state, the decisions
# with their texts, the state's UPDATE.
AFTER_COMMIT_QUERIES = 7


def test_bulk_approve_through_the_admin_view_runs_the_same_queries_for_5_50_500(
    client, articles, moderator
):
    client.force_login(moderator)
    counts = {}
    for size in SIZES:
        ids = _pending(articles, size)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                reverse("comments_admin:bulk"),
                {"action": "approve", "ids": ids, "expected": "pending"},
            )
        assert response.status_code == 302
        counts[size] = len(queries)
        assert Comment.objects.filter(pk__in=ids, status=CommentStatus.APPROVED).count() == size
        messages = [str(m).strip() for m in get_messages(response.wsgi_request)]
        assert messages[-1] == f"Approved {size} comments."
    assert counts[5] == counts[50] == counts[500], counts
    assert counts[5] == VIEW_QUERIES, [q["sql"][:80] for q in queries.captured_queries]


# The session, the user, the user's and the group's permissions, Wagtail's user profile, and
# the service's 6.
VIEW_QUERIES = 5 + SERVICE_QUERIES


# --- rows that moved are reported, not changed -------------------------------------------------


def test_bulk_approve_leaves_comments_another_moderator_rejected(article, moderator, colleague):
    ids = _pending([article], 6)
    moved = ids[1::2]
    rejected = services.comments_reject(
        comment_ids=moved, moderator=colleague, reason=RejectReason.INSULTING, expected="pending"
    )
    assert sorted(rejected.changed) == sorted(moved)
    decided_at = {d.comment_id: d.created_at for d in ModerationDecision.objects.all()}

    outcome = services.comments_approve(comment_ids=ids, moderator=moderator, expected="pending")

    still_pending = [pk for pk in ids if pk not in moved]
    assert sorted(outcome.changed) == sorted(still_pending)
    assert outcome.unchanged == []
    assert sorted(s.comment_id for s in outcome.stale) == sorted(moved)
    for stale in outcome.stale:
        assert stale.status == CommentStatus.REJECTED
        assert stale.actor == "ayse"
        assert stale.actor_kind == ActorKind.MODERATOR
        assert stale.reason == RejectReason.INSULTING
        assert stale.at == decided_at[stale.comment_id]
    for pk in moved:
        assert Comment.objects.get(pk=pk).status == CommentStatus.REJECTED
        (only,) = _decisions(pk)
        assert (only.actor, only.to_status) == ("ayse", CommentStatus.REJECTED)
    for pk in still_pending:
        assert Comment.objects.get(pk=pk).status == CommentStatus.APPROVED
        (only,) = _decisions(pk)
        assert (only.actor, only.from_status, only.to_status) == (
            "moira",
            CommentStatus.PENDING,
            CommentStatus.APPROVED,
        )


def test_bulk_view_reports_the_moved_comments(client, article, moderator, colleague):
    fresh, moved = _pending([article], 2)
    services.comment_reject(
        comment_id=moved, moderator=colleague, reason=RejectReason.DEFAMATORY, expected="pending"
    )
    client.force_login(moderator)
    response = client.post(
        reverse("comments_admin:bulk"),
        {"action": "approve", "ids": [fresh, moved], "expected": "pending"},
    )
    (decision,) = _decisions(moved)
    at = timezone.localtime(decision.created_at).strftime("%H:%M")
    text = [str(m).strip() for m in get_messages(response.wsgi_request)][-1]
    assert text == (
        f"Approved 1 comment. Comment {moved} was already rejected as defamatory by ayse "
        f"at {at}; it was not changed."
    )
    assert Comment.objects.get(pk=moved).status == CommentStatus.REJECTED
    assert Comment.objects.get(pk=fresh).status == CommentStatus.APPROVED


# --- who decided ----------------------------------------------------------------------------


def test_each_decision_names_its_actor_kind_and_actor(article, moderator):
    by_moderator, by_system, by_screening = (make_comment(article) for _ in range(3))
    services.comment_approve(comment_id=by_moderator.pk, moderator=moderator)
    services.comment_reject(comment_id=by_system.pk, moderator=None, reason=RejectReason.OFF_TOPIC)
    policy_move([by_screening.pk], target=CommentStatus.SPAM, note="Screening policy: test")

    (mod,) = _decisions(by_moderator.pk)
    assert (mod.actor_kind, mod.actor, mod.moderator_id) == ("moderator", "moira", moderator.pk)
    (system,) = _decisions(by_system.pk)
    assert (system.actor_kind, system.actor, system.moderator_id) == ("system", "system", None)
    assert system.reason == RejectReason.OFF_TOPIC
    (screening,) = _decisions(by_screening.pk)
    assert (screening.actor_kind, screening.actor, screening.moderator_id) == (
        "screening",
        "screening",
        None,
    )
    assert screening.to_status == CommentStatus.SPAM
    assert screening.reason == RejectReason.SPAM


def test_deleting_the_moderator_keeps_the_decision_and_its_training_value(article, moderator):
    by_moderator, by_system, by_screening = (make_comment(article) for _ in range(3))
    services.comment_reject(
        comment_id=by_moderator.pk, moderator=moderator, reason=RejectReason.INSULTING
    )
    services.comment_reject(comment_id=by_system.pk, moderator=None, reason=RejectReason.SPAM)
    policy_move([by_screening.pk], target=CommentStatus.SPAM, note="Screening policy: test")
    assert list(training._human_decisions().values_list("comment_id", flat=True)) == [
        by_moderator.pk
    ]

    moderator.delete()

    (kept,) = _decisions(by_moderator.pk)
    assert kept.moderator_id is None
    assert (kept.actor, kept.actor_kind) == ("moira", ActorKind.MODERATOR)
    assert kept.to_status == CommentStatus.REJECTED
    assert Comment.objects.get(pk=by_moderator.pk).status == CommentStatus.REJECTED
    # Only the moderator's decision teaches the model, with or without the account.
    assert list(training._human_decisions().values_list("comment_id", flat=True)) == [
        by_moderator.pk
    ]
    assert ModerationDecision.objects.count() == 3


# --- back to the queue --------------------------------------------------------------------------


def test_return_to_pending_through_the_service(article, moderator):
    comment = make_comment(article)
    services.comment_approve(comment_id=comment.pk, moderator=moderator, expected="pending")
    refused = services.comments_return_to_pending(
        comment_ids=[comment.pk], moderator=moderator, expected="pending"
    )
    assert refused.changed == [] and [s.comment_id for s in refused.stale] == [comment.pk]
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.APPROVED

    outcome = services.comments_return_to_pending(
        comment_ids=[comment.pk], moderator=moderator, expected="approved"
    )

    assert outcome.changed == [comment.pk]
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.PENDING
    first, second = _decisions(comment.pk)
    assert (first.from_status, first.to_status) == ("pending", "approved")
    assert (second.from_status, second.to_status) == ("approved", "pending")
    assert (second.actor_kind, second.actor) == ("moderator", "moira")


def test_return_to_pending_through_the_action_url(client, article, moderator):
    comment = make_comment(article)
    services.comment_approve(comment_id=comment.pk, moderator=moderator, expected="pending")
    client.force_login(moderator)

    response = client.post(
        reverse("comments_admin:pending", args=[comment.pk]),
        {"expected": "approved", "note": "needs a second look"},
    )

    assert response.status_code == 302
    assert [str(m).strip() for m in get_messages(response.wsgi_request)][-1] == (
        "Returned 1 comment to pending."
    )
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.PENDING
    _, back = _decisions(comment.pk)
    assert (back.from_status, back.to_status, back.actor, back.note) == (
        "approved",
        "pending",
        "moira",
        "needs a second look",
    )


def test_return_to_pending_url_refuses_a_stale_expected_status(client, article, moderator):
    comment = make_comment(article)
    client.force_login(moderator)
    response = client.post(
        reverse("comments_admin:pending", args=[comment.pk]), {"expected": "approved"}
    )
    assert response.status_code == 302
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.PENDING
    assert not ModerationDecision.objects.exists()


# --- one event per batch, after commit -------------------------------------------------------


@pytest.fixture
def recorded():
    seen: list[DecisionsRecorded] = []

    def record(event: DecisionsRecorded) -> None:
        seen.append(event)

    events.subscribe(DecisionsRecorded, record)
    yield seen
    events._subscribers[DecisionsRecorded].remove(record)


def test_one_event_per_batch_after_commit(
    articles, moderator, recorded, django_capture_on_commit_callbacks
):
    ids = sorted(_pending(articles, 3))
    with django_capture_on_commit_callbacks(execute=True):
        services.comments_approve(comment_ids=ids, moderator=moderator, expected="pending")
        assert recorded == []  # not before the commit

    (event,) = recorded
    assert event.comment_ids == tuple(ids)
    assert event.to_status == CommentStatus.APPROVED
    assert event.actor_kind == ActorKind.MODERATOR
    assert event.article_ids == tuple(sorted(a.pk for a in articles))
    assert event.public_article_ids == event.article_ids


def test_no_event_when_nothing_changes(
    article, moderator, recorded, django_capture_on_commit_callbacks
):
    ids = _pending([article], 2)
    services.comments_approve(comment_ids=ids, moderator=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.comments_approve(comment_ids=ids, moderator=moderator)
    assert sorted(outcome.unchanged) == sorted(ids)
    assert recorded == []


def test_a_rolled_back_batch_dispatches_no_event(
    article, moderator, recorded, django_capture_on_commit_callbacks
):
    ids = _pending([article], 3)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.comments_approve(comment_ids=ids, moderator=moderator, expected="pending")
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert recorded == []
    assert Comment.objects.filter(pk__in=ids, status=CommentStatus.PENDING).count() == 3
    assert not ModerationDecision.objects.exists()
