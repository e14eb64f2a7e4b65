"""Submitting a comment: the one place a comment is created.

Invariants:
- ``comment_submit`` stores the comment as PENDING with its screening verdict in one INSERT,
  with the rows screening keeps beside it (``screener.stored_with``) or not at all; when the
  site's screening policy moves it (``screener.placement``), the INSERT and the decision
  share a transaction and side effects run after commit.
- The same idempotency key stores one comment; a retry gets the stored comment back.
- One form token stores one comment (``form_token_key`` is unique): the token sent again with
  the comment's own key is that comment's retry; with any other key it is refused
  (``form_token_used``, 409), whichever process the second request reaches. A refusal stores
  nothing, so it leaves the token unused for the reader's corrected form.
- Text, name and e-mail are stored exactly as submitted; nothing is trimmed or rewritten.
- The comment points at the legal notice version the reader was shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from broadsheet.comments import notices, selectors
from broadsheet.comments.errors import CommentError
from broadsheet.comments.models import Comment, CommentSettings
from broadsheet.comments.submission import screener
from broadsheet.comments.submission.validation import check_email, check_name, check_text
from broadsheet.core import site_settings
from broadsheet.news.commenting import CommentableArticle, commentable_article

IDEMPOTENCY_KEY_MAX = 64


@dataclass(frozen=True)
class SubmitResult:
    comment: Comment
    created: bool


def _check_article(
    article: CommentableArticle | None, comment_settings: CommentSettings
) -> CommentableArticle:
    if article is None:
        raise CommentError("article_not_found", _("This article does not exist."), status=404)
    if not article.comments_accepting(close_after_days=comment_settings.close_after_days):
        raise CommentError("comments_closed", _("Comments on this article are closed."), status=403)
    return article


def _check_parent(
    parent_id: int | None, *, article: CommentableArticle, comment_settings: CommentSettings
) -> Comment | None:
    if parent_id is None:
        return None
    parent = Comment.objects.filter(pk=parent_id).select_related("parent").first()
    if parent is None or parent.article_id != article.pk or not parent.is_public:
        raise CommentError(
            "parent_invalid", _("The comment you are replying to cannot be found."), "parent"
        )
    if selectors.comment_depth(parent) + 1 > comment_settings.reply_depth:
        raise CommentError("reply_too_deep", _("Replies cannot be nested this deeply."), "parent")
    return parent


def _check_key(key: str) -> None:
    if not key or len(key) > IDEMPOTENCY_KEY_MAX or not key.isascii() or not key.isprintable():
        raise CommentError(
            "idempotency_key_invalid",
            _("The form is incomplete; please reload the page and try again."),
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
    form_token_key: str | None = None,
) -> SubmitResult:
    """Store a reader's comment as PENDING, screened, in one INSERT.

    Raises ``CommentError`` (nothing stored) for any refused input. A second call with the
    same ``idempotency_key`` and the same content returns the first comment with
    ``created=False``; the same key with different content is refused with a 409. The key is
    looked up only when the new comment cannot be stored (refused, or the key is taken), so
    a retry is answered even if the article has closed since. ``form_token_key`` (from
    ``guards.check_form_token``) binds the form token to this comment; None for callers that
    are not reader forms.
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
            form_token_key=form_token_key,
            **fields,
        )
    except (CommentError, IntegrityError):
        # A retry (possibly concurrent) of a stored submission: answer as the first time.
        existing = Comment.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            if form_token_key is not None and _token_used(form_token_key):
                raise _token_used_error() from None
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
    form_token_key: str | None,
) -> Comment:
    check_name(author_name)
    check_email(author_email)
    article = commentable_article(article_id)
    site_id = article.site_id if article is not None else site_settings.default_site_id()
    screening = screener.current()
    rules, *extra = site_settings.for_site_id(site_id, CommentSettings, *screening.settings_models)
    check_text(text, max_length=rules.max_length)
    article = _check_article(article, rules)
    parent = _check_parent(parent_id, article=article, comment_settings=rules)
    # The notice of the article's language: the one its page showed.
    language = article.language
    if not 1 <= notice_version <= rules.notice(language).version:
        raise CommentError(
            "notice_version_invalid", _("The form is out of date; please reload the page.")
        )
    notice_id = notices.notice_id(
        site_id=site_id, version=notice_version, rules=rules, language=language
    )
    # Screening reads only, so it runs before the write and keeps the write short.
    screened = screening.screen(
        settings=tuple(extra), text=text, name=author_name, email=author_email, client_ip=client_ip
    )
    verdict = screened.verdict
    comment = Comment(
        article_id=article.id,
        parent=parent,
        author_name=author_name,
        author_email=author_email,
        text=text,
        client_ip=client_ip,
        idempotency_key=idempotency_key,
        form_token_key=form_token_key,
        notice_id=notice_id,
        risk=verdict.risk,
        screening=verdict.to_dict(),
        duplicate_key=screened.duplicate_key,
    )
    children = screening.stored_with(comment, screened)
    place = screening.placement(comment, screened, settings=tuple(extra))
    if place is None and not transaction.get_connection().in_atomic_block:
        # Pure pre-moderation: the comment and its bands, nothing else to keep consistent
        # (one statement in autocommit on PostgreSQL). Inside a caller's transaction, the
        # savepoint below keeps a refused INSERT from spoiling it.
        comment.insert_new(children)
    else:
        with transaction.atomic():
            comment.insert_new(children)
            if place is not None:
                place(comment)
    return comment


def _token_used(key: str) -> bool:
    return Comment.objects.filter(form_token_key=key).exists()


def _token_used_error() -> CommentError:
    return CommentError(
        "form_token_used",
        _("This form has already sent a comment; please reload the page to write another."),
        status=409,
    )


def _replay(existing: Comment, fields: dict) -> SubmitResult:
    if not _same_submission(existing, **fields):
        raise CommentError(
            "idempotency_conflict",
            _("This form was already used for a different comment; please reload the page."),
            status=409,
        )
    return SubmitResult(comment=existing, created=False)
