"""The only writers of comments. Every status change writes a ``ModerationDecision``.

Invariants:
- ``comment_submit`` stores the comment as PENDING with its screening verdict in one INSERT;
  when the site's screening policy moves it, the INSERT and the decision share a transaction
  and side effects run after commit.
- The same idempotency key stores one comment; a retry gets the stored comment back.
- Text, name and e-mail are stored exactly as submitted; nothing is trimmed or rewritten.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from broadsheet.comments import events, selectors
from broadsheet.comments import screening as comment_screening
from broadsheet.comments.models import (
    Comment,
    CommentSettings,
    CommentStatus,
    ModerationDecision,
    RejectReason,
    ScreeningPolicy,
)
from broadsheet.comments.validation import CommentError, check_email, check_name, check_text
from broadsheet.core import site_settings
from broadsheet.news.models import ArticlePage

SCREENING_ACTOR = "screening"
IDEMPOTENCY_KEY_MAX = 64


@dataclass(frozen=True)
class SubmitResult:
    comment: Comment
    created: bool


def _check_article(article: ArticlePage | None, comment_settings: CommentSettings) -> ArticlePage:
    if article is None:
        raise CommentError("article_not_found", "This article does not exist.", status=404)
    if not article.comments_accepting(close_after_days=comment_settings.close_after_days):
        raise CommentError("comments_closed", "Comments on this article are closed.", status=403)
    return article


def _check_parent(
    parent_id: int | None, *, article: ArticlePage, comment_settings: CommentSettings
) -> Comment | None:
    if parent_id is None:
        return None
    parent = Comment.objects.filter(pk=parent_id).select_related("parent").first()
    if parent is None or parent.article_id != article.pk or not parent.is_public:
        raise CommentError(
            "parent_invalid", "The comment you are replying to cannot be found.", "parent"
        )
    if selectors.comment_depth(parent) + 1 > comment_settings.reply_depth:
        raise CommentError("reply_too_deep", "Replies cannot be nested this deeply.", "parent")
    return parent


def _check_key(key: str) -> None:
    if not key or len(key) > IDEMPOTENCY_KEY_MAX or not key.isascii() or not key.isprintable():
        raise CommentError(
            "idempotency_key_invalid",
            "The form is incomplete; please reload the page and try again.",
        )


def _same_submission(comment: Comment, **fields) -> bool:
    return all(getattr(comment, name) == value for name, value in fields.items())


def comment_submit(
    *,
    article_id: int,
    author_name: str,
    text: str,
    idempotency_key: str,
    notice_version: int,
    author_email: str = "",
    parent_id: int | None = None,
    client_ip: str | None = None,
) -> SubmitResult:
    """Store a reader's comment as PENDING, screened, in one INSERT.

    Raises ``CommentError`` (nothing stored) for any refused input. A second call with the
    same ``idempotency_key`` and the same content returns the first comment with
    ``created=False``; the same key with different content is refused with a 409. The key is
    looked up only when the new comment cannot be stored (refused, or the key is taken), so
    a retry is answered even if the article has closed since.
    """
    _check_key(idempotency_key)
    fields = {
        "article_id": article_id,
        "author_name": author_name,
        "text": text,
        "author_email": author_email,
        "parent_id": parent_id,
    }
    try:
        comment = _store_new(
            idempotency_key=idempotency_key,
            notice_version=notice_version,
            client_ip=client_ip,
            **fields,
        )
    except (CommentError, IntegrityError):
        # A retry (possibly concurrent) of a stored submission: answer as the first time.
        existing = Comment.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return _replay(existing, fields)
    return SubmitResult(comment=comment, created=True)


def _store_new(
    *,
    article_id: int,
    author_name: str,
    text: str,
    author_email: str,
    parent_id: int | None,
    idempotency_key: str,
    notice_version: int,
    client_ip: str | None,
) -> Comment:
    check_name(author_name)
    check_email(author_email)
    article = selectors.public_article(article_id)
    site_id = selectors.site_id_for_article(article)
    rules, policy = site_settings.for_site_id(site_id, CommentSettings, ScreeningPolicy)
    check_text(text, max_length=rules.max_length)
    article = _check_article(article, rules)
    parent = _check_parent(parent_id, article=article, comment_settings=rules)
    if not 1 <= notice_version <= rules.notice_version:
        raise CommentError(
            "notice_version_invalid", "The form is out of date; please reload the page."
        )
    # Screening reads only, so it runs before the write and keeps the write short.
    screened = comment_screening.screen_submission(
        policy=policy, text=text, name=author_name, email=author_email, client_ip=client_ip
    )
    verdict = screened.verdict
    comment = Comment(
        article=article,
        parent=parent,
        author_name=author_name,
        author_email=author_email,
        text=text,
        client_ip=client_ip,
        idempotency_key=idempotency_key,
        notice_version=notice_version,
        risk=verdict.risk,
        screening=verdict.to_dict(),
        duplicate_key=screened.duplicate_key,
    )
    target = comment_screening.policy_target(comment, verdict, policy)
    if target is None and not transaction.get_connection().in_atomic_block:
        # Pure pre-moderation: one INSERT in autocommit, nothing else to keep consistent.
        # (Inside a caller's transaction, the savepoint below keeps a refused INSERT from
        # spoiling it.)
        comment.save(force_insert=True)
    else:
        with transaction.atomic():
            comment.save(force_insert=True)
            if target is not None:
                _policy_move(comment, target, verdict)
    return comment


def _replay(existing: Comment, fields: dict) -> SubmitResult:
    if not _same_submission(existing, **fields):
        raise CommentError(
            "idempotency_conflict",
            "This form was already used for a different comment; please reload the page.",
            status=409,
        )
    return SubmitResult(comment=existing, created=False)


def apply_screening_policy(comment: Comment, verdict, policy) -> ModerationDecision | None:
    """Let the site's screening policy move a pending comment (auto-spam, auto-approve).

    Under pure pre-moderation (the default policy) this never changes anything. A move is a
    decision by "screening", with the verdict's risk in the note.
    """
    target = comment_screening.policy_target(comment, verdict, policy)
    if target is None:
        return None
    return _policy_move(comment, target, verdict)


def _policy_move(comment: Comment, target: str, verdict) -> ModerationDecision | None:
    reason = RejectReason.SPAM if target == CommentStatus.SPAM else ""
    note = f"Screening policy: risk {verdict.risk:.2f} ({', '.join(verdict.categories) or 'none'})"
    return _change_status(comment, to_status=target, moderator=None, reason=reason, note=note)


def _change_status(
    comment: Comment,
    *,
    to_status: str,
    moderator: AbstractBaseUser | None,
    reason: str = "",
    note: str = "",
    now: datetime | None = None,
) -> ModerationDecision | None:
    """Move one locked comment to ``to_status``; returns the decision, or None if no change."""
    if comment.status == to_status:
        return None
    now = now or timezone.now()
    decision = ModerationDecision.objects.create(
        comment=comment,
        moderator=moderator,
        actor=moderator.get_username() if moderator is not None else SCREENING_ACTOR,
        created_at=now,
        from_status=comment.status,
        to_status=to_status,
        reason=reason,
        note=note,
    )
    was_public = comment.is_public
    comment.status = to_status
    comment.status_changed_at = now
    comment.save(update_fields=["status", "status_changed_at"])
    if was_public or comment.is_public:
        article_id = comment.article_id
        transaction.on_commit(lambda: events.public_comments_changed(article_id))
    decision_id = decision.pk
    transaction.on_commit(lambda: events.decision_recorded(decision_id))
    return decision


def _moderate(
    comment_ids: Iterable[int],
    *,
    to_status: str,
    moderator: AbstractBaseUser | None,
    reason: str = "",
    note: str = "",
) -> list[ModerationDecision]:
    if reason and reason not in RejectReason.values:
        raise CommentError("reason_invalid", "Unknown reason.", "reason")
    ids = sorted(set(comment_ids))
    with transaction.atomic():
        # Lock the rows so two moderators deciding at once leave a consistent history.
        comments = list(Comment.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        if len(comments) != len(ids):
            raise CommentError(
                "comment_not_found", "A selected comment no longer exists.", status=404
            )
        decisions = []
        for comment in comments:
            decision = _change_status(
                comment, to_status=to_status, moderator=moderator, reason=reason, note=note
            )
            if decision is not None:
                decisions.append(decision)
    return decisions


def comment_approve(*, comment_id: int, moderator: AbstractBaseUser | None, note: str = ""):
    return comments_approve(comment_ids=[comment_id], moderator=moderator, note=note)


def comment_reject(
    *, comment_id: int, moderator: AbstractBaseUser | None, reason: str, note: str = ""
):
    return comments_reject(comment_ids=[comment_id], moderator=moderator, reason=reason, note=note)


def comment_mark_spam(*, comment_id: int, moderator: AbstractBaseUser | None, note: str = ""):
    return comments_mark_spam(comment_ids=[comment_id], moderator=moderator, note=note)


def comments_approve(
    *, comment_ids: Iterable[int], moderator: AbstractBaseUser | None, note: str = ""
) -> list[ModerationDecision]:
    """Publish the comments. Approving an approved comment records nothing."""
    return _moderate(comment_ids, to_status=CommentStatus.APPROVED, moderator=moderator, note=note)


def comments_reject(
    *,
    comment_ids: Iterable[int],
    moderator: AbstractBaseUser | None,
    reason: str,
    note: str = "",
) -> list[ModerationDecision]:
    """Refuse the comments with one of ``RejectReason``; they are kept, never deleted."""
    if not reason:
        raise CommentError("reason_required", "Choose a reason for rejecting.", "reason")
    return _moderate(
        comment_ids, to_status=CommentStatus.REJECTED, moderator=moderator, reason=reason, note=note
    )


def comments_mark_spam(
    *, comment_ids: Iterable[int], moderator: AbstractBaseUser | None, note: str = ""
) -> list[ModerationDecision]:
    """Move the comments to the Spam tab (kept, never deleted)."""
    return _moderate(
        comment_ids,
        to_status=CommentStatus.SPAM,
        moderator=moderator,
        reason=RejectReason.SPAM,
        note=note,
    )


def anonymise_ip(address: str) -> str:
    """Zero the host part: /24 for IPv4, /48 for IPv6."""
    ip = ipaddress.ip_address(address)
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def comments_anonymise_ips(*, retention_days: int, now: datetime | None = None) -> int:
    """Anonymise the client IPs of comments older than ``retention_days``; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=retention_days)
    count = 0
    stale = Comment.objects.filter(
        created_at__lt=cutoff, ip_anonymised=False, client_ip__isnull=False
    )
    for pk, address in stale.values_list("pk", "client_ip").iterator():
        Comment.objects.filter(pk=pk).update(client_ip=anonymise_ip(address), ip_anonymised=True)
        count += 1
    return count


def articles_close_expired_comments(*, close_after_days: int, now: datetime | None = None) -> int:
    """Switch ``comments_open`` off on live articles published more than N days ago.

    Readers are refused by age anyway (``ArticlePage.comments_accepting``); switching the flag
    records the closure for editors and purges the cached pages that still show the form.
    """
    if not close_after_days:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=close_after_days)
    expired = list(
        ArticlePage.objects.live().filter(comments_open=True, first_published_at__lt=cutoff)
    )
    if expired:
        ArticlePage.objects.filter(pk__in=[a.pk for a in expired]).update(comments_open=False)
        for article in expired:
            article_id = article.pk
            transaction.on_commit(lambda a=article_id: events.public_comments_changed(a))
    return len(expired)


def legal_notice_update(*, comment_settings: CommentSettings, text: str) -> CommentSettings:
    """Change the legal notice; a changed text raises ``notice_version`` by one."""
    if text != comment_settings.legal_notice:
        comment_settings.legal_notice = text
        comment_settings.notice_version += 1
        comment_settings.save(update_fields=["legal_notice", "notice_version"])
    return comment_settings
