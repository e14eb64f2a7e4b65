"""comment_submit and the moderation services: the only writers of comments."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from broadsheet.comments import services as comment_services
from broadsheet.comments.errors import CommentError
from broadsheet.comments.models import Comment, CommentSettings, CommentStatus, legal_notice_update
from broadsheet.comments.submission import service as submission
from broadsheet.moderation import services
from broadsheet.moderation.models import ModerationDecision
from tests.comments.helpers import approved, submit
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _refused(code: str, article, **fields) -> CommentError:
    before = Comment.objects.count()
    with pytest.raises(CommentError) as info:
        submit(article, **fields)
    assert info.value.code == code
    assert Comment.objects.count() == before
    return info.value


def test_submit_stores_pending_exactly_as_typed(article):
    text = "  Line one\r\nline two <script>alert('x')</script> & émoji 🗞️\t "
    comment = submit(article, author_name=" Ayşe  Öztürk ", text=text, author_email="a@b.example")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert comment.text == text
    assert comment.author_name == " Ayşe  Öztürk "
    assert comment.author_email == "a@b.example"
    assert (comment.notice.version, comment.notice.text) == (1, comment_notice_text(article))
    assert comment.client_ip == "198.51.100.7"
    assert not comment.decisions.exists()


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"author_name": ""}, "name_required"),
        ({"author_name": "   "}, "name_required"),
        ({"author_name": "n" * 61}, "name_too_long"),
        ({"author_name": "Ann\nSmith"}, "name_invalid_characters"),
        ({"author_name": "Ann\x00"}, "name_invalid_characters"),
        ({"text": ""}, "text_required"),
        ({"text": " \n\t "}, "text_required"),
        ({"text": "x" * 1001}, "text_too_long"),
        ({"text": "bad \x00 byte"}, "text_invalid_characters"),
        ({"text": "bell \x07"}, "text_invalid_characters"),
        ({"text": "lone \ud800 surrogate"}, "text_invalid_characters"),
        ({"author_email": "not-an-address"}, "email_invalid"),
        ({"notice_version": 0}, "notice_version_invalid"),
        ({"notice_version": 2}, "notice_version_invalid"),
        ({"idempotency_key": ""}, "idempotency_key_invalid"),
        ({"idempotency_key": "k" * 65}, "idempotency_key_invalid"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(article, fields, code):
    _refused(code, article, **fields)


def test_limits_count_crlf_as_one_character(article):
    assert submit(article, text="x" * 998 + "\r\n").text.endswith("\r\n")
    _refused("text_too_long", article, text="x" * 1000 + "\r\n")


def test_exactly_the_limits_are_accepted(article):
    comment = submit(article, author_name="n" * 60, text="t" * 1000)
    assert len(comment.text) == 1000


def test_max_length_is_a_site_setting(article):
    site_settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.max_length = 20
    site_settings.save()
    submit(article, text="t" * 20)
    _refused("text_too_long", article, text="t" * 21)


def test_unknown_unpublished_and_closed_articles_are_refused(article):
    error = _refused("article_not_found", article, article_id=999_999)
    assert error.status == 404
    draft = make_article(title="Draft piece", live=False)
    _refused("article_not_found", draft)
    closed = make_article(title="Closed piece", comments_open=False)
    assert _refused("comments_closed", closed).status == 403


def test_articles_behind_a_view_restriction_are_refused(article):
    """A restriction on the article or on any page above it hides it from comments too."""
    PageViewRestriction.objects.create(
        page=article.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    assert _refused("article_not_found", article).status == 404
    PageViewRestriction.objects.all().delete()
    submit(article)
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    _refused("article_not_found", article)


def test_comments_close_automatically_after_the_site_default(article):
    old = make_article(title="Old piece", published=timezone.now() - timedelta(days=31))
    _refused("comments_closed", old)
    site_settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.close_after_days = 0
    site_settings.save()
    assert submit(old).status == CommentStatus.PENDING


def test_replies_need_an_approved_parent_on_the_same_article(article):
    pending = submit(article)
    _refused("parent_invalid", article, parent_id=pending.pk)
    other = approved(make_article(title="Other piece"))
    _refused("parent_invalid", article, parent_id=other.pk)
    _refused("parent_invalid", article, parent_id=987_654)
    parent = approved(article)
    reply = submit(article, parent_id=parent.pk)
    assert reply.parent_id == parent.pk


def test_reply_depth_is_limited_by_the_site_setting(article):
    top = approved(article)
    reply = approved(article, parent_id=top.pk)
    second = approved(article, parent_id=reply.pk)  # default 2: two levels of replies
    _refused("reply_too_deep", article, parent_id=second.pk)
    site_settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.reply_depth = 0
    site_settings.save()
    _refused("reply_too_deep", article, parent_id=top.pk)


def test_same_idempotency_key_stores_one_comment(article):
    first = submission.comment_submit(
        article_id=article.pk,
        author_name="Ann",
        text="Once",
        idempotency_key="k-1",
        notice_version=1,
    )
    again = submission.comment_submit(
        article_id=article.pk,
        author_name="Ann",
        text="Once",
        idempotency_key="k-1",
        notice_version=1,
    )
    assert first.created and not again.created
    assert again.comment.pk == first.comment.pk
    assert Comment.objects.count() == 1
    with pytest.raises(CommentError) as info:
        submission.comment_submit(
            article_id=article.pk,
            author_name="Ann",
            text="Different",
            idempotency_key="k-1",
            notice_version=1,
        )
    assert info.value.status == 409
    assert Comment.objects.get().text == "Once"


def test_a_retry_is_answered_even_after_the_article_closed(article):
    first = submit(article, idempotency_key="k-retry")
    article.comments_open = False
    article.save()
    again = submit(article, idempotency_key="k-retry")  # the same content, the same key
    assert again.pk == first.pk and Comment.objects.count() == 1
    _refused("comments_closed", article)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_submission_reads_twice_and_writes_once(article):
    """The article (with its view restrictions); a recent copy, variant and the client's posts;
    then the comment's INSERT and its near-duplicate bands': on PostgreSQL one statement in
    autocommit, elsewhere two in one transaction.

    The site's rules come from the settings cache (filled by the first submission).
    """
    submit(article, text="The first comment fills the settings cache.")
    with CaptureQueriesContext(connection) as captured:
        submit(article, text="The second comment is one INSERT after two reads.")
    verbs = [q["sql"].split()[0].upper() for q in captured.captured_queries]
    if connection.vendor == "postgresql":
        assert verbs == ["SELECT", "SELECT", "WITH"]
        assert captured.captured_queries[-1]["sql"].startswith("WITH parent AS (INSERT")
    else:  # SQLite shows the transaction's BEGIN and COMMIT
        assert [v for v in verbs if v not in ("BEGIN", "COMMIT")] == ["SELECT", "SELECT"] + [
            "INSERT"
        ] * 2
    assert Comment.objects.count() == 2


def test_every_status_change_writes_a_decision(article, admin_user):
    comment = submit(article)
    services.comment_approve(comment_id=comment.pk, moderator=admin_user, note="fine")
    services.comment_reject(
        comment_id=comment.pk, moderator=admin_user, reason="insulting", note="changed my mind"
    )
    services.comment_mark_spam(comment_id=comment.pk, moderator=admin_user)
    history = list(comment.decisions.values_list("from_status", "to_status", "reason", "actor"))
    assert history == [
        ("pending", "approved", "", admin_user.username),
        ("approved", "rejected", "insulting", admin_user.username),
        ("rejected", "spam", "spam", admin_user.username),
    ]
    comment.refresh_from_db()
    assert comment.status == CommentStatus.SPAM


def test_same_status_again_records_nothing(article, admin_user):
    comment = submit(article)
    services.comment_approve(comment_id=comment.pk, moderator=admin_user)
    again = services.comment_approve(comment_id=comment.pk, moderator=admin_user)
    assert (again.changed, again.unchanged) == ([], [comment.pk])
    assert comment.decisions.count() == 1


def test_reject_needs_a_known_reason(article, admin_user):
    comment = submit(article)
    for reason in ("", "because"):
        with pytest.raises(CommentError):
            services.comment_reject(comment_id=comment.pk, moderator=admin_user, reason=reason)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert not ModerationDecision.objects.exists()


def test_bulk_decisions_are_all_or_nothing(article, admin_user):
    comments = [submit(article) for _ in range(3)]
    ids = [c.pk for c in comments]
    with pytest.raises(CommentError):
        services.comments_approve(comment_ids=[*ids, 999_999], moderator=admin_user)
    assert not ModerationDecision.objects.exists()
    outcome = services.comments_approve(comment_ids=ids, moderator=admin_user)
    assert sorted(outcome.changed) == sorted(ids)
    assert set(Comment.objects.values_list("status", flat=True)) == {CommentStatus.APPROVED}


def comment_notice_text(article) -> str:
    return CommentSettings.for_site(Site.objects.get(is_default_site=True)).legal_notice


def test_ip_addresses_are_anonymised_after_retention(article):
    old = submit(article, client_ip="203.0.113.77")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    recent = submit(article, client_ip="2001:db8:1234:5678::1")
    assert comment_services.comments_anonymise_ips(retention_days=30) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.client_ip == "203.0.113.0" and old.ip_anonymised
    assert recent.client_ip == "2001:db8:1234:5678::1"
    assert comment_services.anonymise_ip("2001:db8:1234:5678::1") == "2001:db8:1234::"


def test_legal_notice_change_raises_its_version():
    site_settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    legal_notice_update(comment_settings=site_settings, text=site_settings.legal_notice)
    assert site_settings.notice_version == 1
    legal_notice_update(comment_settings=site_settings, text="New rules.")
    site_settings.refresh_from_db()
    assert (site_settings.notice_version, site_settings.legal_notice) == (2, "New rules.")
