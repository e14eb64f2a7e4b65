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
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from broadsheet.comments.models import CommentStatus


class RejectReason(models.TextChoices):
    ILLEGAL = "illegal", _("Illegal")
    THREATENING = "threatening", _("Threatening")
    INSULTING = "insulting", _("Insulting or swearing")
    DEROGATORY = "derogatory", _("Derogatory")
    DEFAMATORY = "defamatory", _("Defamatory")
    VULGAR = "vulgar", _("Vulgar or pornographic")
    PERSONAL_DATA = "personal_data", _("Personal data")
    SPAM = "spam", _("Spam")
    OFF_TOPIC = "off_topic", _("Off-topic")


class ActorKind(models.TextChoices):
    MODERATOR = "moderator", _("Moderator")
    SCREENING = "screening", _("Screening")
    SYSTEM = "system", _("System")
    IMPORT = "import", _("Import")
    READER = "reader", _("Reader")


class ModerationDecision(models.Model):
    """One status change of one comment: who (and what kind of actor), when, from, to, why."""

    comment = models.ForeignKey(
        "comments.Comment",
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("comment"),
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("moderator"),
    )
    actor_kind = models.CharField(_("kind of actor"), max_length=10, choices=ActorKind.choices)
    actor = models.CharField(
        _("actor"),
        max_length=150,
        help_text=_("The moderator's username, kept if the account goes."),
    )
    created_at = models.DateTimeField(_("decided at"), default=timezone.now)
    from_status = models.CharField(_("from status"), max_length=10, choices=CommentStatus.choices)
    to_status = models.CharField(_("to status"), max_length=10, choices=CommentStatus.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=RejectReason.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["created_at"], name="decision_created"),
            models.Index(fields=["actor_kind", "created_at"], name="decision_actor_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.actor}: {self.from_status} -> {self.to_status}"


class TermSeverity(models.TextChoices):
    BANNED = "banned", _("Banned (recommend reject)")
    SUSPECT = "suspect", _("Suspect (recommend review)")
    ALLOWED = "allowed", _("Allowed (never flag this phrase)")


class TermCategory(models.TextChoices):
    ILLEGAL = "illegal", _("Illegal")
    THREAT = "threat", _("Threat")
    INSULT = "insult", _("Insult")
    VULGAR = "vulgar", _("Vulgar")
    SEXUAL = "sexual", _("Sexual")
    HATE = "hate", _("Hate")
    DEFAMATION = "defamation", _("Defamation")
    PERSONAL_DATA = "personal_data", _("Personal data")
    SPAM = "spam", _("Spam")
    OFF_TOPIC = "off_topic", _("Off-topic")


class ScreeningTerm(models.Model):
    """A word-list entry added by staff on top of the shipped English and Turkish lists.

    ``allowed`` entries remove a shipped term (a local place name, say). Phrases are matched
    after normalisation on word boundaries; ``*`` at the end matches any ending.
    """

    phrase = models.CharField(_("phrase"), max_length=200)
    language = models.CharField(
        _("language"), max_length=8, default="en", help_text=_("e.g. en, tr")
    )
    severity = models.CharField(_("severity"), max_length=10, choices=TermSeverity.choices)
    category = models.CharField(
        _("category"), max_length=20, choices=TermCategory.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("phrase"),
        FieldPanel("language"),
        FieldPanel("severity"),
        FieldPanel("category"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("screening term")
        verbose_name_plural = _("screening terms")
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
        _("auto-approve"),
        default=False,
        help_text=_(
            "Publish low-risk comments from commenters (same e-mail address) who already "
            "have enough approved comments. Off: every comment waits for a moderator."
        ),
    )
    auto_approve_min_approved = models.PositiveIntegerField(
        _("approved comments needed"), default=5
    )
    auto_approve_max_risk = models.FloatField(_("highest risk to auto-approve"), default=0.15)
    auto_spam = models.BooleanField(
        _("auto-spam"),
        default=False,
        help_text=_(
            "Move comments at or above the threshold to the Spam tab (kept, never deleted)."
        ),
    )
    auto_spam_threshold = models.FloatField(_("auto-spam threshold"), default=0.95)
    learned_min_decisions = models.PositiveIntegerField(
        _("decisions before the learned model takes part"),
        default=50,
        help_text=_("The learned model takes part once this many decisions exist."),
    )
    retrain_every = models.PositiveIntegerField(
        _("retrain every"),
        default=25,
        help_text=_("Retrain the learned model after this many new decisions."),
    )
    allowed_domains = models.TextField(
        _("allowed domains"),
        blank=True,
        help_text=_("One domain a line: links to these never count as spam."),
    )
    blocked_domains = models.TextField(
        _("blocked domains"),
        blank=True,
        help_text=_("One domain a line: links to these mark a comment as spam."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("auto_approve"),
                FieldPanel("auto_approve_min_approved"),
                FieldPanel("auto_approve_max_risk"),
            ],
            heading=_("Auto-approval (off by default)"),
        ),
        MultiFieldPanel(
            [FieldPanel("auto_spam"), FieldPanel("auto_spam_threshold")],
            heading=_("Auto-spam (off by default)"),
        ),
        MultiFieldPanel(
            [FieldPanel("learned_min_decisions"), FieldPanel("retrain_every")],
            heading=_("Model learned from your decisions"),
        ),
        MultiFieldPanel(
            [FieldPanel("allowed_domains"), FieldPanel("blocked_domains")], heading=_("Links")
        ),
    ]

    class Meta:
        verbose_name = _("screening policy")
        verbose_name_plural = _("screening policies")

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

    model = models.BinaryField(_("model"))
    n_seen = models.PositiveIntegerField(_("decisions learned from"), default=0)
    trained_through = models.DateTimeField(
        _("trained through"), help_text=_("Decisions up to this time have been learned from.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("learned screening model")
        verbose_name_plural = _("learned screening models")

    def __str__(self) -> str:
        return _("Learned model (%(count)s decisions, through %(date)s)") % {
            "count": self.n_seen,
            "date": f"{self.trained_through:%Y-%m-%d}",
        }


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
