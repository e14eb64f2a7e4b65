"""Screening inside comment_submit, the site policy, staff word lists and the learned model."""

from __future__ import annotations

import pickle
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from broadsheet.comments.models import Comment, CommentStatus
from broadsheet.moderation import services, training
from broadsheet.moderation import site_screening as screening
from broadsheet.moderation.models import (
    LearnedModelState,
    ModerationDecision,
    ScreeningPolicy,
    ScreeningTerm,
)
from broadsheet.screening import links_spam
from tests.comments.helpers import submit

pytestmark = pytest.mark.django_db


def _policy(**fields) -> ScreeningPolicy:
    policy = ScreeningPolicy.for_site(Site.objects.get(is_default_site=True))
    for name, value in fields.items():
        setattr(policy, name, value)
    policy.save()
    return policy


def test_every_comment_arrives_scored_with_reasons(article):
    text = "You absolute f*cking idiot, watch your back."
    comment = submit(article, text=text)
    assert comment.status == CommentStatus.PENDING  # pure pre-moderation: a human decides
    assert comment.risk >= 0.9
    assert comment.screening["recommendation"] == "reject"
    assert {"threat", "insult"} <= set(comment.screening["categories"])
    for reason in comment.screening["reasons"]:
        assert 0 <= reason["start"] <= reason["end"] <= len(text)
    spans = [text[r["start"] : r["end"]] for r in comment.screening["reasons"]]
    assert any("watch your back" in span.lower() for span in spans)
    assert not ModerationDecision.objects.exists()


def test_ordinary_news_talk_is_low_risk(article):
    comment = submit(article, text="Three people were killed when the town was shelled; awful.")
    assert comment.screening["recommendation"] == "publish"
    assert comment.risk < 0.35


def test_auto_spam_moves_and_records_a_screening_decision(article):
    _policy(auto_spam=True, auto_spam_threshold=0.9, blocked_domains="spam.example\n")
    comment = submit(article, text="BEST CASINO BONUS!!! http://spam.example/win")
    comment.refresh_from_db()
    assert comment.risk >= 0.9
    assert comment.status == CommentStatus.SPAM
    decision = comment.decisions.get()
    assert (decision.actor, decision.moderator, decision.from_status, decision.to_status) == (
        "screening",
        None,
        "pending",
        "spam",
    )
    assert decision.reason == "spam"
    below = submit(article, text="Is the casino on the quay still open?")
    assert below.status == CommentStatus.PENDING


def test_auto_approve_needs_a_trusted_commenter_and_low_risk(article):
    _policy(auto_approve=True, auto_approve_min_approved=2, auto_approve_max_risk=0.2)
    first = submit(article, author_email="regular@example.org", text="Good report.")
    assert first.status == CommentStatus.PENDING
    for text in ("Thanks for this.", "Well explained."):
        old = submit(article, author_email="regular@example.org", text=text)
        services.comment_approve(comment_id=old.pk, moderator=None)
    trusted = submit(article, author_email="Regular@example.org", text="Useful update, thanks.")
    trusted.refresh_from_db()
    assert trusted.status == CommentStatus.APPROVED
    assert trusted.decisions.get().actor == "screening"
    risky = submit(article, author_email="regular@example.org", text="You idiot, shut up.")
    assert risky.status == CommentStatus.PENDING


def test_staff_terms_are_applied_and_rescreening_updates_the_queue(article):
    pending = submit(article, text="The zorblaxian plan is a mistake.")
    assert pending.screening["recommendation"] == "publish"
    ScreeningTerm.objects.create(
        phrase="zorblax*", language="en", severity="banned", category="insult"
    )
    assert screening.rescreen() == 1
    pending.refresh_from_db()
    assert pending.screening["recommendation"] == "reject"
    assert submit(article, text="zorblaxes everywhere").screening["recommendation"] == "reject"


def test_allowed_terms_remove_a_shipped_term(article):
    assert submit(article, text="What an idiot.").risk > 0.35
    ScreeningTerm.objects.create(phrase="idiot", language="en", severity="allowed")
    assert "wordlists" not in {
        r["check"] for r in submit(article, text="What an idiot.").screening["reasons"]
    }


def _decide(article, moderator, texts, *, reject: bool):
    for text in texts:
        comment = submit(article, text=text)
        if reject:
            services.comment_reject(comment_id=comment.pk, moderator=moderator, reason="spam")
        else:
            services.comment_approve(comment_id=comment.pk, moderator=moderator)


def test_learned_model_improves_after_decisions(article, admin_user):
    bad = [f"Visit the qwoppy bazaar number {i} for qwoppy deals" for i in range(30)]
    fine = [f"The council meeting on item {i} was long but useful" for i in range(30)]
    _decide(article, admin_user, bad, reject=True)
    _decide(article, admin_user, fine, reject=False)
    probe = ["qwoppy bazaar opens again, qwoppy deals", "The council meeting ran late"]
    training.train(full=True)
    model = screening.learned_model()
    assert model.n_seen == 60
    p_bad, p_fine = model.predict_proba(probe)
    assert p_bad > 0.7 > p_fine
    _policy(learned_min_decisions=50)
    comment = submit(article, text="qwoppy bazaar now open")
    assert "learned" in {r["check"] for r in comment.screening["reasons"]}


def test_a_model_saved_in_the_old_pickle_format_is_not_loaded_but_retrained(article, admin_user):
    _decide(article, admin_user, [f"qwoppy deal {i}" for i in range(4)], reject=True)
    _decide(article, admin_user, [f"useful meeting {i}" for i in range(4)], reject=False)
    old = pickle.dumps({"format": 1, "classifier": None, "n_seen": 3})
    LearnedModelState.objects.create(model=old, n_seen=3, trained_through=timezone.now())
    assert screening.learned_model() is None  # screening goes on without it
    assert submit(article, text="qwoppy deal again").screening["reasons"] is not None
    state = training.train()  # incremental, but the saved model is unreadable: all decisions
    assert state.n_seen == 8 and LearnedModelState.objects.count() == 1
    assert screening.learned_model().n_seen == 8


def test_retraining_starts_after_enough_new_decisions(
    article, admin_user, django_capture_on_commit_callbacks
):
    _policy(retrain_every=3)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(article, admin_user, ["spam one", "spam two"], reject=True)
    assert not LearnedModelState.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        _decide(article, admin_user, ["fine three"], reject=False)
    assert LearnedModelState.objects.get().n_seen == 3


def test_screening_queries_do_not_grow_with_history(article):
    for i in range(5):
        submit(article, text=f"earlier comment {i}")
    with CaptureQueriesContext(connection) as few:
        submit(article, text="one more")
    for i in range(30):
        submit(article, text=f"much later comment {i}", client_ip="203.0.113.50")
    with CaptureQueriesContext(connection) as many:
        submit(article, text="and another")
    assert len(many) == len(few)


def _copy_found(comment) -> bool:
    return any(r["detail"] == "same text posted recently" for r in comment.screening["reasons"])


def test_a_copy_of_a_comment_from_the_last_hour_is_flagged(article):
    text = "Visit my channel for the best football predictions every single weekend"
    first = submit(article, text=text)
    assert len(first.duplicate_key) == 32 and not _copy_found(first)
    copy = submit(article, text=text.upper() + "!!!", client_ip="203.0.113.9")
    assert copy.duplicate_key == first.duplicate_key and _copy_found(copy)
    assert not _copy_found(submit(article, text=text + " and more", client_ip="203.0.113.10"))
    Comment.objects.update(created_at=timezone.now() - screening.RECENT_WINDOW - timedelta(1))
    assert not _copy_found(submit(article, text=text, client_ip="203.0.113.11"))


def test_a_clients_recent_posts_are_counted_up_to_the_flood_mark(article):
    flood = links_spam.CLIENT_FLOOD
    for i in range(flood + 3):
        submit(article, text=f"Comment number {i} from one address", client_ip="2001:db8::7")
    assert screening._history(duplicate_key="", client_ip="2001:db8::7") == (False, flood, False)
    assert screening._history(duplicate_key="", client_ip="2001:db8::8") == (False, 0, False)
    flagged = submit(article, text="And one more from the same address", client_ip="2001:db8::7")
    assert any(r["detail"].startswith(f"{flood} or more") for r in flagged.screening["reasons"])
    Comment.objects.update(created_at=timezone.now() - screening.CLIENT_WINDOW - timedelta(1))
    assert screening._history(duplicate_key="", client_ip="2001:db8::7") == (False, 0, False)


def test_short_texts_are_never_called_copies(article):
    assert submit(article, text="Well said!").duplicate_key == ""
    assert not _copy_found(submit(article, text="Well said!"))


def test_staff_edit_terms_in_the_admin_and_the_queue_is_rescreened(
    article, admin_client, django_capture_on_commit_callbacks
):
    pending = submit(article, text="Another flumpish idea from the council.")
    assert pending.screening["recommendation"] == "publish"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/snippets/moderation/screeningterm/add/",
            {"phrase": "flumpish", "language": "en", "severity": "banned", "category": "insult"},
        )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.screening["recommendation"] == "reject"


def test_rescreen_button_in_the_queue(article, admin_client):
    pending = submit(article, text="A snurfle of a budget.")
    ScreeningTerm.objects.create(phrase="snurfle", severity="suspect", category="insult")
    response = admin_client.post("/admin/comments/rescreen/", {"next": "/admin/comments/"})
    assert response.status_code == 302 and response["Location"] == "/admin/comments/"
    pending.refresh_from_db()
    assert pending.screening["recommendation"] == "review"
    assert admin_client.get("/admin/comments/rescreen/").status_code == 405
