"""Two deciders on one comment: the second is told what happened, never undoes the first."""

from __future__ import annotations

from datetime import UTC

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from broadsheet.comments.models import Comment, CommentStatus
from broadsheet.moderation import services, site_screening
from broadsheet.moderation.models import ActorKind, ModerationDecision, ScreeningPolicy
from tests.moderation.test_selectors import make_comment

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/"


def _moderator(username: str) -> User:
    user = User.objects.create_user(username, password="unused-password")
    user.groups.add(Group.objects.get(name="Comment moderators"))
    return user


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _message(response) -> str:
    return [str(message).strip() for message in get_messages(response.wsgi_request)][-1]


def _decisions(comment: Comment) -> list[ModerationDecision]:
    return list(ModerationDecision.objects.filter(comment_id=comment.pk))


def test_the_second_moderator_is_refused_and_told_who_decided(article):
    ayse, bora = _moderator("ayse"), _moderator("bora")
    client_a, client_b = _signed_in(ayse), _signed_in(bora)
    comment = make_comment(article, text="The councillor takes bribes", name="Pat")
    for client in (client_a, client_b):
        page = client.get(QUEUE)
        assert page.status_code == 200
        assert "The councillor takes bribes" in page.content.decode()

    rejected = client_a.post(
        reverse("comments_admin:reject", args=[comment.pk]),
        {"expected": "pending", "reason": "defamatory"},
    )
    assert rejected.status_code == 302
    assert _message(rejected) == "Rejected 1 comment (Defamatory)."
    (decision,) = _decisions(comment)
    at = timezone.localtime(decision.created_at).strftime("%H:%M")

    approved = client_b.post(
        reverse("comments_admin:approve", args=[comment.pk]), {"expected": "pending"}
    )

    assert approved.status_code == 302
    text = _message(approved)
    assert f"already rejected as defamatory by ayse at {at}" in text
    assert text == (
        f"Comment {comment.pk} was already rejected as defamatory by ayse at {at}; "
        "it was not changed."
    )
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.REJECTED
    (only,) = _decisions(comment)
    assert (only.actor, only.actor_kind, only.to_status, only.reason) == (
        "ayse",
        ActorKind.MODERATOR,
        CommentStatus.REJECTED,
        "defamatory",
    )
    # B's queue no longer lists it as pending; the rejected tab does.
    assert "The councillor takes bribes" not in client_b.get(QUEUE).content.decode()
    assert (
        "The councillor takes bribes" in client_b.get(f"{QUEUE}?status=rejected").content.decode()
    )


def test_the_message_uses_the_current_time_zone(article, settings):
    settings.TIME_ZONE = "Europe/Istanbul"  # UTC+3 all year
    ayse, bora = _moderator("ayse"), _moderator("bora")
    comment = make_comment(article)
    _signed_in(ayse).post(
        reverse("comments_admin:reject", args=[comment.pk]),
        {"expected": "pending", "reason": "defamatory"},
    )
    (decision,) = _decisions(comment)
    with timezone.override("Europe/Istanbul"):
        at = timezone.localtime(decision.created_at).strftime("%H:%M")
    assert at != decision.created_at.astimezone(UTC).strftime("%H:%M")

    response = _signed_in(bora).post(
        reverse("comments_admin:approve", args=[comment.pk]), {"expected": "pending"}
    )

    assert f"already rejected as defamatory by ayse at {at};" in _message(response)


# --- screening racing a moderator ---------------------------------------------------------


@pytest.fixture
def eager_spam_policy(db) -> ScreeningPolicy:
    """Screening moves every pending comment it screens to Spam (risk >= 0)."""
    policy = ScreeningPolicy.for_site(Site.objects.get(is_default_site=True))
    policy.auto_spam = True
    policy.auto_spam_threshold = 0.0
    policy.save()
    return policy


def test_without_a_race_the_rescreen_moves_the_comment_to_spam(article, eager_spam_policy):
    """The control: the policy below really would move the comment."""
    comment = make_comment(article, text="Lovely harbour photos")
    assert site_screening.rescreen() == 1
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.SPAM
    (decision,) = _decisions(comment)
    assert decision.actor_kind == ActorKind.SCREENING


def test_a_rescreen_racing_a_moderators_approval_leaves_the_approval(
    article, eager_spam_policy, monkeypatch
):
    moira = _moderator("moira")
    comment = make_comment(article, text="Lovely harbour photos")
    real = site_screening.pipeline()

    class ModeratorDecidesWhileScreening:
        """Screening is slow; a moderator approves the comment meanwhile."""

        def screen_many(self, inputs, ctx):
            inputs = list(inputs)
            services.comment_approve(comment_id=comment.pk, moderator=moira, expected="pending")
            return real.screen_many(inputs, ctx)

    monkeypatch.setattr(site_screening, "pipeline", ModeratorDecidesWhileScreening)

    assert site_screening.rescreen() == 1

    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.APPROVED
    (decision,) = _decisions(comment)
    assert (decision.actor_kind, decision.actor, decision.to_status) == (
        ActorKind.MODERATOR,
        "moira",
        CommentStatus.APPROVED,
    )


def test_a_comment_returned_to_pending_is_never_moved_by_the_policy(article, eager_spam_policy):
    moira = _moderator("moira")
    returned = make_comment(article, text="Second look please")
    untouched = make_comment(article, text="Never decided")
    services.comment_approve(comment_id=returned.pk, moderator=moira, expected="pending")
    services.comments_return_to_pending(
        comment_ids=[returned.pk], moderator=moira, expected="approved"
    )

    assert site_screening.rescreen() == 2

    assert Comment.objects.get(pk=returned.pk).status == CommentStatus.PENDING
    assert [(d.actor_kind, d.to_status) for d in _decisions(returned)] == [
        (ActorKind.MODERATOR, CommentStatus.APPROVED),
        (ActorKind.MODERATOR, CommentStatus.PENDING),
    ]
    # The policy was on: the comment nobody decided went to Spam in the same rescreen.
    assert Comment.objects.get(pk=untouched.pk).status == CommentStatus.SPAM
    assert [d.actor_kind for d in _decisions(untouched)] == [ActorKind.SCREENING]
    # The returned comment was still screened again (its verdict is fresh).
    assert Comment.objects.get(pk=returned.pk).screening
