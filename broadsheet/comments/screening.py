"""Screening of comments: the database side of ``broadsheet.screening``.

Invariants:
- A comment is screened before it is stored, so its verdict is written with it in one INSERT
  and the write transaction stays short (screening itself touches no table).
- Screening never publishes on its own unless the site's ``ScreeningPolicy`` says so; every
  status change it makes is a ``ModerationDecision`` by the actor "screening".
- The learned model learns only from moderators' decisions, never from screening's own.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from broadsheet.comments.models import (
    Comment,
    CommentStatus,
    LearnedModelState,
    ModerationDecision,
    ScreeningPolicy,
    ScreeningTerm,
    TermSeverity,
)
from broadsheet.core import site_settings
from broadsheet.screening import links_spam
from broadsheet.screening.context import ScreeningContext
from broadsheet.screening.learned import LearnedModel
from broadsheet.screening.pipeline import Pipeline, get_pipeline
from broadsheet.screening.types import ScreeningInput, Verdict
from broadsheet.screening.wordlists import Term, WordLists

logger = logging.getLogger(__name__)

RECENT_WINDOW = timedelta(hours=1)
CLIENT_WINDOW = timedelta(minutes=10)

_lock = threading.Lock()
_wordlists: dict[tuple, WordLists] = {}
_learned: dict[object, LearnedModel] = {}


def pipeline() -> Pipeline:
    """The pipeline of the checks listed in ``settings.SCREENING_CHECKS``."""
    checks = getattr(settings, "SCREENING_CHECKS", None)
    return get_pipeline(tuple(checks) if checks else None)


_WORDLIST_STAMP = "screening:stamp:wordlists"
_LEARNED_STAMP = "screening:stamp:learned"
STAMP_SECONDS = 60


def _stamp(key: str, load: Callable[[], tuple]) -> tuple:
    """A change stamp, from the shared cache or else from the database (then cached).

    Saving or deleting the source deletes the cached stamp (the receivers below), in every
    process that shares the cache. A change made without signals (a bulk update) is seen
    within ``STAMP_SECONDS``.
    """
    stamp = cache.get(key)
    if stamp is None:
        stamp = load()
        cache.set(key, stamp, STAMP_SECONDS)
    return stamp


@receiver([post_save, post_delete], sender=ScreeningTerm)
def _terms_changed(**kwargs) -> None:
    cache.delete(_WORDLIST_STAMP)


@receiver([post_save, post_delete], sender=LearnedModelState)
def _learned_changed(**kwargs) -> None:
    cache.delete(_LEARNED_STAMP)


def _wordlist_stamp() -> tuple:
    found = ScreeningTerm.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    return (found["n"], found["last"])


def _learned_stamp() -> tuple:
    row = LearnedModelState.objects.order_by().values_list("pk", "updated_at")[:1]
    return tuple(row[0]) if row else ()


def site_wordlists() -> WordLists:
    """Shipped lists with staff terms applied; recompiled only when the terms change."""
    key = _stamp(_WORDLIST_STAMP, _wordlist_stamp)
    lists = _wordlists.get(key)
    if lists is None:
        terms = list(ScreeningTerm.objects.all())
        allowed = [t.phrase for t in terms if t.severity == TermSeverity.ALLOWED]
        extra = [
            Term(phrase=t.phrase, language=t.language, severity=t.severity, category=t.category)
            for t in terms
            if t.severity != TermSeverity.ALLOWED and t.category
        ]
        lists = WordLists.shipped().without(allowed).merged(extra).warm()
        with _lock:
            _wordlists.clear()
            _wordlists[key] = lists
    return lists


def learned_model() -> LearnedModel | None:
    """The site's learned model as last saved, loaded once per version."""
    key = _stamp(_LEARNED_STAMP, _learned_stamp)
    if not key:
        return None
    model = _learned.get(key)
    if model is None:
        data = LearnedModelState.objects.values_list("model", flat=True).filter(pk=key[0]).first()
        if data is None:  # deleted since the stamp was read
            cache.delete(_LEARNED_STAMP)
            return None
        model = LearnedModel.from_bytes(bytes(data))
        with _lock:
            _learned.clear()
            _learned[key] = model
    return model


_HISTORY_SQL = """
SELECT
  EXISTS (SELECT 1 FROM {table} WHERE duplicate_key = %s AND created_at >= %s),
  (SELECT COUNT(*) FROM (
     SELECT 1 FROM {table} WHERE client_ip = %s AND created_at >= %s
     ORDER BY client_ip, created_at DESC LIMIT %s
   ) AS from_client)
"""


def _history(*, duplicate_key: str, client_ip: str | None) -> tuple[bool, int]:
    """Whether a copy was posted in ``RECENT_WINDOW``; the client's posts in ``CLIENT_WINDOW``.

    One round trip over two indexes (``comment_duplicate``, ``comment_client``). The count
    stops at ``links_spam.CLIENT_FLOOD``, so a busy address costs no more than a calm one (the
    ORDER BY, the index's own order, makes the scan stop there instead of reading every entry).
    """
    if not duplicate_key and not client_ip:
        return False, 0
    now = timezone.now()
    ops = connection.ops
    params = [
        duplicate_key or None,  # NULL matches nothing: a short text is never a copy
        ops.adapt_datetimefield_value(now - RECENT_WINDOW),
        ops.adapt_ipaddressfield_value(client_ip),
        ops.adapt_datetimefield_value(now - CLIENT_WINDOW),
        links_spam.CLIENT_FLOOD,
    ]
    table = ops.quote_name(Comment._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_HISTORY_SQL.format(table=table), params)
        copied, from_client = cursor.fetchone()
    return bool(copied), from_client


def context_for(
    *,
    policy: ScreeningPolicy,
    client_ip: str | None,
    duplicate_key: str = "",
    with_history: bool = True,
) -> ScreeningContext:
    """What the checks may know of the site: word lists, recent posts, domains, the model.

    With history, one read (``_history``): whether a comment with ``duplicate_key`` was posted
    recently, and how many came from ``client_ip``.
    """
    copied, from_client = False, 0
    if with_history:
        copied, from_client = _history(duplicate_key=duplicate_key, client_ip=client_ip)
    return ScreeningContext(
        wordlists=site_wordlists(),
        recent_keys=(duplicate_key,) if copied else (),
        recent_posts_from_client=from_client,
        allowed_domains=policy.allowed,
        blocked_domains=policy.blocked,
        learned=learned_model(),
        learned_min_decisions=policy.learned_min_decisions,
    )


@dataclass(frozen=True)
class Screened:
    verdict: Verdict
    duplicate_key: str


def screen_submission(
    *, policy: ScreeningPolicy, text: str, name: str, email: str, client_ip: str | None
) -> Screened:
    """Screen a comment about to be stored. Reads only; safe outside the write transaction.

    The text is normalised once: the duplicate key and every check share it.
    """
    inp = ScreeningInput(text=text, name=name, email=email)
    key = links_spam.input_duplicate_key(inp)
    ctx = context_for(policy=policy, client_ip=client_ip, duplicate_key=key)
    return Screened(verdict=pipeline().screen(inp, ctx), duplicate_key=key)


def policy_target(comment: Comment, verdict: Verdict, policy: ScreeningPolicy) -> str | None:
    """The status the site's policy moves a pending comment to, or None to leave it pending."""
    if comment.status != CommentStatus.PENDING:
        return None
    if policy.auto_spam and verdict.risk >= policy.auto_spam_threshold:
        return CommentStatus.SPAM
    if (
        policy.auto_approve
        and comment.author_email
        and verdict.recommendation == "publish"
        and verdict.risk <= policy.auto_approve_max_risk
    ):
        approved = Comment.objects.filter(
            author_email__iexact=comment.author_email, status=CommentStatus.APPROVED
        )[: policy.auto_approve_min_approved].count()
        if approved >= policy.auto_approve_min_approved:
            return CommentStatus.APPROVED
    return None


def rescreen(*, status: str = CommentStatus.PENDING, batch_size: int = 500) -> int:
    """Screen every comment in ``status`` again (after word lists or policy change).

    Applies the site policy to pending comments as a new submission would. Returns how many
    comments were screened.
    """
    from broadsheet.comments.services import apply_screening_policy

    policy = site_settings.setting_for_site_id(ScreeningPolicy)
    ctx = context_for(policy=policy, client_ip=None, with_history=False)
    done = 0
    last_pk = 0
    while True:
        batch = list(
            Comment.objects.filter(status=status, pk__gt=last_pk).order_by("pk")[:batch_size]
        )
        if not batch:
            return done
        verdicts = pipeline().screen_many(
            [ScreeningInput(text=c.text, name=c.author_name, email=c.author_email) for c in batch],
            ctx,
        )
        with transaction.atomic():
            for comment, verdict in zip(batch, verdicts, strict=True):
                comment.risk = verdict.risk
                comment.screening = verdict.to_dict()
            Comment.objects.bulk_update(batch, ["risk", "screening"])
            for comment, verdict in zip(batch, verdicts, strict=True):
                apply_screening_policy(comment, verdict, policy)
        done += len(batch)
        last_pk = batch[-1].pk


# --- the learned model ------------------------------------------------------------------------

LABELS = {CommentStatus.APPROVED: 0, CommentStatus.REJECTED: 1, CommentStatus.SPAM: 1}


def _human_decisions():
    return ModerationDecision.objects.filter(moderator__isnull=False, to_status__in=list(LABELS))


def train(*, full: bool = False, now=None) -> LearnedModelState:
    """Learn from moderators' decisions: all of them (``full``) or those since the last run.

    A comment decided more than once counts with its latest decision.
    """
    now = now or timezone.now()
    state = LearnedModelState.objects.first()
    decisions = _human_decisions().filter(created_at__lte=now)
    if state is not None and not full:
        decisions = decisions.filter(created_at__gt=state.trained_through)
    latest: dict[int, tuple[str, str]] = {}
    for comment_id, to_status, text in decisions.order_by("created_at", "pk").values_list(
        "comment_id", "to_status", "comment__text"
    ):
        latest[comment_id] = (to_status, text)
    texts = [text for _, text in latest.values()]
    labels = [LABELS[status] for status, _ in latest.values()]
    if full or state is None:
        model = LearnedModel.new()
        if texts and len(set(labels)) == 2:
            model.fit(texts, labels)
        elif texts:
            model.partial_fit(texts, labels)
    else:
        model = LearnedModel.from_bytes(bytes(state.model))
        model.partial_fit(texts, labels)
    if state is None:
        state = LearnedModelState(trained_through=now)
    state.model = model.to_bytes()
    state.n_seen = model.n_seen
    state.trained_through = now
    state.save()
    return state


def decision_recorded(decision_id: int) -> None:
    """After a moderator's decision: retrain once ``retrain_every`` new decisions exist."""
    decision = ModerationDecision.objects.filter(pk=decision_id, moderator__isnull=False).first()
    if decision is None:
        return
    policy = site_settings.setting_for_site_id(ScreeningPolicy)
    state = LearnedModelState.objects.only("trained_through").first()
    pending = _human_decisions()
    if state is not None:
        pending = pending.filter(created_at__gt=state.trained_through)
    if pending[: policy.retrain_every].count() >= policy.retrain_every:
        from broadsheet.comments.tasks import retrain_screening

        retrain_screening.enqueue()
