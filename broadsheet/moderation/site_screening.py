"""The site's screening: ``broadsheet.screening`` with what this site knows.

Staff word lists, recent posts, domain lists, the learned model and the screening policy.
``SiteScreener`` is the submission's screener (installed by ``ModerationConfig.ready``).

Invariants:
- A comment is screened before it is stored, so its verdict is written with it in one INSERT
  and the write transaction stays short (screening itself touches no table).
- Screening never publishes on its own unless the site's ``ScreeningPolicy`` says so; every
  status change it makes is a decision by the actor kind "screening", made on PENDING.
- Rescreening locks the comments it changes and never moves one a person has decided.
- A comment's near-duplicate bands (``moderation.waves``) are written with its screening: by
  its INSERT at submission (``stored_with``), in the UPDATE's transaction when rescreened.
- The learned model learns only from moderators' decisions, never from screening's own.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from broadsheet.comments.models import Comment, CommentStatus
from broadsheet.comments.submission.screener import Screened
from broadsheet.core import site_settings
from broadsheet.core.rows import Children
from broadsheet.moderation.models import (
    ActorKind,
    LearnedModelState,
    ModerationDecision,
    RejectReason,
    ScreeningPolicy,
    ScreeningTerm,
    TermSeverity,
)
from broadsheet.moderation.transitions import SCREENING, transition
from broadsheet.moderation.waves import near_band_rows, near_bands_replace, recent_variant_sql
from broadsheet.news.selectors import site_id_for_article
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


def _stamps(loads: dict[str, Callable[[], tuple]]) -> dict[str, tuple]:
    """Change stamps, from the shared cache (one round trip) or else the database (then cached).

    Saving or deleting the source deletes the cached stamp (the receivers below), in every
    process that shares the cache. A change made without signals (a bulk update) is seen
    within ``STAMP_SECONDS``.
    """
    found = cache.get_many(list(loads))
    missing = {key: load() for key, load in loads.items() if found.get(key) is None}
    if missing:
        cache.set_many(missing, STAMP_SECONDS)
    return {**found, **missing}


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


def site_wordlists(stamp: tuple | None = None) -> WordLists:
    """Shipped lists with staff terms applied; recompiled only when the terms change.

    ``stamp``: the terms' change stamp if the caller has read it (``context_for``).
    """
    key = _stamps({_WORDLIST_STAMP: _wordlist_stamp})[_WORDLIST_STAMP] if stamp is None else stamp
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


def learned_model(stamp: tuple | None = None) -> LearnedModel | None:
    """The site's learned model as last saved, loaded once per version (``stamp``: as above)."""
    key = _stamps({_LEARNED_STAMP: _learned_stamp})[_LEARNED_STAMP] if stamp is None else stamp
    if not key:
        return None
    model = _learned.get(key)
    if model is None:
        data = LearnedModelState.objects.values_list("model", flat=True).filter(pk=key[0]).first()
        if data is None:  # deleted since the stamp was read
            cache.delete(_LEARNED_STAMP)
            return None
        try:
            model = LearnedModel.from_bytes(bytes(data))
        except ValueError:
            # An earlier version's format: screen without it until the next training run.
            logger.warning("learned screening model unreadable; run the training task")
            return None
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
   ) AS from_client),
  {variant}
"""


def _history(
    *, duplicate_key: str, client_ip: str | None, near_key: str = ""
) -> tuple[bool, int, bool]:
    """Whether a copy was posted in ``RECENT_WINDOW``; the client's posts in ``CLIENT_WINDOW``;
    whether a comment sharing a near-duplicate band was posted in ``RECENT_WINDOW``.

    One round trip over three indexes (``comment_duplicate``, ``comment_client``,
    ``near_band_recent``). The count stops at ``links_spam.CLIENT_FLOOD``, so a busy address
    costs no more than a calm one (the ORDER BY, the index's own order, makes the scan stop
    there instead of reading every entry).
    """
    if not duplicate_key and not client_ip and not near_key:
        return False, 0, False
    now = timezone.now()
    ops = connection.ops
    recent = ops.adapt_datetimefield_value(now - RECENT_WINDOW)
    variant, bands = recent_variant_sql(near_key)
    params = [
        duplicate_key or None,  # NULL matches nothing: a short text is never a copy
        recent,
        ops.adapt_ipaddressfield_value(client_ip),
        ops.adapt_datetimefield_value(now - CLIENT_WINDOW),
        links_spam.CLIENT_FLOOD,
        *bands,
        recent,
    ]
    table = ops.quote_name(Comment._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_HISTORY_SQL.format(table=table, variant=variant), params)
        copied, from_client, varied = cursor.fetchone()
    return bool(copied), from_client, bool(varied)


def context_for(
    *,
    policy: ScreeningPolicy,
    client_ip: str | None,
    duplicate_key: str = "",
    near_key: str = "",
    with_history: bool = True,
) -> ScreeningContext:
    """What the checks may know of the site: word lists, recent posts, domains, the model.

    With history, one read (``_history``): whether a comment with ``duplicate_key`` was posted
    recently, how many came from ``client_ip``, and whether a variant (a comment sharing a
    band of ``near_key``) was posted recently.
    """
    copied, from_client, varied = False, 0, False
    if with_history:
        copied, from_client, varied = _history(
            duplicate_key=duplicate_key, client_ip=client_ip, near_key=near_key
        )
    stamps = _stamps({_WORDLIST_STAMP: _wordlist_stamp, _LEARNED_STAMP: _learned_stamp})
    return ScreeningContext(
        wordlists=site_wordlists(stamps[_WORDLIST_STAMP]),
        recent_keys=(duplicate_key,) if copied else (),
        recent_near_keys=(near_key,) if varied else (),
        recent_posts_from_client=from_client,
        allowed_domains=policy.allowed,
        blocked_domains=policy.blocked,
        learned=learned_model(stamps[_LEARNED_STAMP]),
        learned_min_decisions=policy.learned_min_decisions,
    )


def screen_submission(
    *, policy: ScreeningPolicy, text: str, name: str, email: str, client_ip: str | None
) -> Screened:
    """Screen a comment about to be stored. Reads only; safe outside the write transaction.

    The text is normalised once: the duplicate key and every check share it.
    """
    inp = ScreeningInput(text=text, name=name, email=email)
    key = links_spam.input_duplicate_key(inp)
    near = inp.near_duplicate_key
    ctx = context_for(policy=policy, client_ip=client_ip, duplicate_key=key, near_key=near)
    return Screened(verdict=pipeline().screen(inp, ctx), duplicate_key=key, near_key=near)


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


def _policy_note(verdict: Verdict) -> str:
    return f"Screening policy: risk {verdict.risk:.2f} ({', '.join(verdict.categories) or 'none'})"


def policy_move(comment_ids: list[int], *, target: str, note: str) -> None:
    """Screening's decision on PENDING comments: a comment that has moved is left alone."""
    reason = RejectReason.SPAM if target == CommentStatus.SPAM else ""
    transition(
        comment_ids=comment_ids,
        to_status=target,
        actor=SCREENING,
        expected=CommentStatus.PENDING,
        reason=reason,
        note=note,
    )


class SiteScreener:
    """The submission's screener with this site's lists, history, model and policy."""

    settings_models: tuple[type, ...] = (ScreeningPolicy,)

    def screen(
        self, *, settings: tuple, text: str, name: str, email: str, client_ip: str | None
    ) -> Screened:
        (policy,) = settings
        return screen_submission(
            policy=policy, text=text, name=name, email=email, client_ip=client_ip
        )

    def stored_with(self, comment: Comment, screened: Screened) -> Children | None:
        return near_band_rows(created_at=comment.created_at, near_key=screened.near_key)

    def placement(
        self, comment: Comment, screened: Screened, *, settings: tuple
    ) -> Callable[[Comment], None] | None:
        (policy,) = settings
        target = policy_target(comment, screened.verdict, policy)
        if target is None:
            return None
        note = _policy_note(screened.verdict)

        def place(stored: Comment) -> None:
            # In the INSERT's transaction: the policy's move commits with it.
            policy_move([stored.pk], target=target, note=note)

        return place


def rescreen(*, status: str = CommentStatus.PENDING, batch_size: int = 500) -> int:
    """Screen every comment in ``status`` again (after word lists or policy change).

    Each batch is screened without locks, then its comments still in ``status`` are locked and
    updated; the policy of each comment's site moves pending ones as a new submission would,
    except comments a moderator has decided on before (returned to pending, say). Returns how
    many comments were screened.
    """
    done = 0
    last_pk = 0
    while True:
        batch = list(
            Comment.objects.filter(status=status, pk__gt=last_pk)
            .select_related("article")
            .only(*_RESCREEN_FIELDS)
            .order_by("pk")[:batch_size]
        )
        if not batch:
            return done
        _rescreen_batch(batch, status=status)
        done += len(batch)
        last_pk = batch[-1].pk


_RESCREEN_FIELDS = (
    "pk",
    "status",
    "created_at",
    "text",
    "author_name",
    "author_email",
    "article__path",
    "article__depth",
    "article__url_path",
)


def _rescreen_batch(batch: list[Comment], *, status: str) -> None:
    by_site: dict[int, list[Comment]] = defaultdict(list)
    for comment in batch:
        by_site[site_id_for_article(comment.article)].append(comment)
    verdicts: dict[int, Verdict] = {}
    policies: dict[int, ScreeningPolicy] = {}
    near_keys: dict[int, str] = {}
    for site_id, comments in by_site.items():
        policy = site_settings.setting_for_site_id(ScreeningPolicy, site_id)
        ctx = context_for(policy=policy, client_ip=None, with_history=False)
        inputs = [
            ScreeningInput(text=c.text, name=c.author_name, email=c.author_email) for c in comments
        ]
        # Before screen_many, which drops each input's normalisation when it is done.
        links_spam.fill_near_duplicate_keys(inputs)
        for comment, inp in zip(comments, inputs, strict=True):
            near_keys[comment.pk] = inp.near_duplicate_key
        for comment, verdict in zip(comments, pipeline().screen_many(inputs, ctx), strict=True):
            verdicts[comment.pk] = verdict
            policies[comment.pk] = policy
    with transaction.atomic():
        locked = list(
            Comment.objects.select_for_update()
            .filter(pk__in=list(verdicts), status=status)
            .only("pk", "status", "created_at", "author_email", "risk", "screening")
            .order_by("pk")
        )
        for comment in locked:
            comment.risk = verdicts[comment.pk].risk
            comment.screening = verdicts[comment.pk].to_dict()
        Comment.objects.bulk_update(locked, ["risk", "screening"])
        near_bands_replace((c.pk, c.created_at, near_keys[c.pk]) for c in locked)
        if status != CommentStatus.PENDING:
            return
        decided = set(
            ModerationDecision.objects.filter(
                comment_id__in=[c.pk for c in locked], actor_kind=ActorKind.MODERATOR
            ).values_list("comment_id", flat=True)
        )
        moves: dict[tuple[str, str], list[int]] = defaultdict(list)
        for comment in locked:
            if comment.pk in decided:
                continue
            verdict = verdicts[comment.pk]
            target = policy_target(comment, verdict, policies[comment.pk])
            if target is not None:
                moves[(target, _policy_note(verdict))].append(comment.pk)
        for (target, note), ids in moves.items():
            policy_move(ids, target=target, note=note)
