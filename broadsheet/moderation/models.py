"""The moderators' records: decisions, staff screening terms, the screening policy, the model.

Invariants:
- A ``ModerationDecision`` is written for every status change of a comment, in the change's
  transaction (``moderation.transitions``), and never updated or deleted. It names the kind
  of actor (moderator, screening, system, import, reader) and keeps the moderator's username,
  so it survives the deletion of the account.
- The learned model learns only from decisions of ``ActorKind.MODERATOR``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from broadsheet.comments.models import CommentStatus


class RejectReason(models.TextChoices):
    ILLEGAL = "illegal", "Illegal"
    THREATENING = "threatening", "Threatening"
    INSULTING = "insulting", "Insulting or swearing"
    DEROGATORY = "derogatory", "Derogatory"
    DEFAMATORY = "defamatory", "Defamatory"
    VULGAR = "vulgar", "Vulgar or pornographic"
    PERSONAL_DATA = "personal_data", "Personal data"
    SPAM = "spam", "Spam"
    OFF_TOPIC = "off_topic", "Off-topic"


class ActorKind(models.TextChoices):
    MODERATOR = "moderator", "Moderator"
    SCREENING = "screening", "Screening"
    SYSTEM = "system", "System"
    IMPORT = "import", "Import"
    READER = "reader", "Reader"


class ModerationDecision(models.Model):
    """One status change of one comment: who (and what kind of actor), when, from, to, why."""

    comment = models.ForeignKey(
        "comments.Comment", on_delete=models.PROTECT, related_name="decisions"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_kind = models.CharField(max_length=10, choices=ActorKind.choices)
    actor = models.CharField(
        max_length=150, help_text="The moderator's username, kept if the account goes."
    )
    created_at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=10, choices=CommentStatus.choices)
    to_status = models.CharField(max_length=10, choices=CommentStatus.choices)
    reason = models.CharField(max_length=20, choices=RejectReason.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["created_at"], name="decision_created"),
            models.Index(fields=["actor_kind", "created_at"], name="decision_actor_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.actor}: {self.from_status} -> {self.to_status}"


class TermSeverity(models.TextChoices):
    BANNED = "banned", "Banned (recommend reject)"
    SUSPECT = "suspect", "Suspect (recommend review)"
    ALLOWED = "allowed", "Allowed (never flag this phrase)"


class TermCategory(models.TextChoices):
    ILLEGAL = "illegal", "Illegal"
    THREAT = "threat", "Threat"
    INSULT = "insult", "Insult"
    VULGAR = "vulgar", "Vulgar"
    SEXUAL = "sexual", "Sexual"
    HATE = "hate", "Hate"
    DEFAMATION = "defamation", "Defamation"
    PERSONAL_DATA = "personal_data", "Personal data"
    SPAM = "spam", "Spam"
    OFF_TOPIC = "off_topic", "Off-topic"


class ScreeningTerm(models.Model):
    """A word-list entry added by staff on top of the shipped English and Turkish lists.

    ``allowed`` entries remove a shipped term (a local place name, say). Phrases are matched
    after normalisation on word boundaries; ``*`` at the end matches any ending.
    """

    phrase = models.CharField(max_length=200)
    language = models.CharField(max_length=8, default="en", help_text="e.g. en, tr")
    severity = models.CharField(max_length=10, choices=TermSeverity.choices)
    category = models.CharField(max_length=20, choices=TermCategory.choices, blank=True)
    note = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("phrase"),
        FieldPanel("language"),
        FieldPanel("severity"),
        FieldPanel("category"),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["phrase"]
        constraints = [
            models.UniqueConstraint(fields=["phrase", "language"], name="screening_term_unique")
        ]

    def __str__(self) -> str:
        return f"{self.phrase} ({self.get_severity_display()})"


@register_setting(icon="warning")
class ScreeningPolicy(BaseSiteSetting):
    """What screening may do on its own. The default is pure pre-moderation: nothing."""

    auto_approve = models.BooleanField(
        default=False,
        help_text="Publish low-risk comments from commenters (same e-mail address) who already "
        "have enough approved comments. Off: every comment waits for a moderator.",
    )
    auto_approve_min_approved = models.PositiveIntegerField(default=5)
    auto_approve_max_risk = models.FloatField(default=0.15)
    auto_spam = models.BooleanField(
        default=False,
        help_text="Move comments at or above the threshold to the Spam tab (kept, never deleted).",
    )
    auto_spam_threshold = models.FloatField(default=0.95)
    learned_min_decisions = models.PositiveIntegerField(
        default=50, help_text="The learned model takes part once this many decisions exist."
    )
    retrain_every = models.PositiveIntegerField(
        default=25, help_text="Retrain the learned model after this many new decisions."
    )
    allowed_domains = models.TextField(
        blank=True, help_text="One domain a line: links to these never count as spam."
    )
    blocked_domains = models.TextField(
        blank=True, help_text="One domain a line: links to these mark a comment as spam."
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("auto_approve"),
                FieldPanel("auto_approve_min_approved"),
                FieldPanel("auto_approve_max_risk"),
            ],
            heading="Auto-approval (off by default)",
        ),
        MultiFieldPanel(
            [FieldPanel("auto_spam"), FieldPanel("auto_spam_threshold")],
            heading="Auto-spam (off by default)",
        ),
        MultiFieldPanel(
            [FieldPanel("learned_min_decisions"), FieldPanel("retrain_every")],
            heading="Model learned from your decisions",
        ),
        MultiFieldPanel(
            [FieldPanel("allowed_domains"), FieldPanel("blocked_domains")], heading="Links"
        ),
    ]

    class Meta:
        verbose_name = "screening policy"

    @staticmethod
    def _domains(text: str) -> frozenset[str]:
        return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())

    @property
    def allowed(self) -> frozenset[str]:
        return self._domains(self.allowed_domains)

    @property
    def blocked(self) -> frozenset[str]:
        return self._domains(self.blocked_domains)


class LearnedModelState(models.Model):
    """The learned screening model (one row), trained on moderators' decisions."""

    model = models.BinaryField()
    n_seen = models.PositiveIntegerField(default=0)
    trained_through = models.DateTimeField(
        help_text="Decisions up to this time have been learned from."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "learned screening model"

    def __str__(self) -> str:
        return f"Learned model ({self.n_seen} decisions, through {self.trained_through:%Y-%m-%d})"


class CommentNearBand(models.Model):
    """One near-duplicate band of one comment (``screening.nearduplicates``).

    A spam wave is the comments that share a band. Invariants: a comment's rows are its
    current key's bands (at most ``nearduplicates.BANDS``; none for a text too short to
    compare), written in the transaction that stores the comment's screening and replaced
    when it is screened again; ``created_at`` is the comment's, so "variants posted in the
    last hour" is one range of the ``(band, created_at)`` index. Derived data: it goes
    with its comment.
    """

    comment = models.ForeignKey(
        "comments.Comment", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    band = models.CharField(max_length=9)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "band"], name="near_band_comment_band")
        ]
        indexes = [models.Index(fields=["band", "created_at"], name="near_band_recent")]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.band}"
