"""Reader comments and the audit trail of every moderation decision.

Invariants:
- ``Comment.status`` is the one state field; it changes only in ``comments.services`` and every
  change writes a ``ModerationDecision`` row in the same transaction.
- ``author_name``, ``author_email`` and ``text`` hold exactly what the reader submitted.
- A comment is never deleted by the application: rejected and spam comments are kept.
- ``idempotency_key`` is unique: a retried submission finds the stored comment.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from broadsheet.comments.admin_forms import CommentSettingsForm

DEFAULT_LEGAL_NOTICE = (
    "Comments are read by an editor before they are published. By posting you accept that you "
    "are legally responsible for what you write. We will not publish, and you may be held "
    "liable for, comments that are criminal or incite crime; threaten, harass or intimidate; "
    "are offensive, insulting or use abusive language; are derogatory or hateful towards any "
    "person or group; are defamatory; are vulgar, pornographic or indecent; reveal personal "
    "data or violate anyone's privacy or personality rights; or are otherwise damaging, such "
    "as spam, advertising or fraud. We keep your IP address for a limited time to deal with "
    "abuse and share it only when the law requires."
)


class CommentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    SPAM = "spam", "Spam"


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


class Comment(models.Model):
    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    author_name = models.CharField(max_length=60)
    author_email = models.EmailField(max_length=254, blank=True)
    text = models.TextField()
    status = models.CharField(
        max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    ip_anonymised = models.BooleanField(default=False)
    idempotency_key = models.CharField(max_length=64, unique=True)
    notice_version = models.PositiveIntegerField()
    # Screening verdict, stored with the comment so the queue can order by risk.
    risk = models.FloatField(default=0.0)
    screening = models.JSONField(default=dict, blank=True)
    # The text's words as screening normalises them, hashed (``links_spam.duplicate_key``);
    # "" for a short text. Lets screening spot a copy of a recent comment with one lookup.
    duplicate_key = models.CharField(max_length=32, blank=True, default="", editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        permissions = [("moderate_comment", "Can moderate reader comments")]
        indexes = [
            # The queue: one status, ordered by age or by risk.
            models.Index(fields=["status", "created_at", "id"], name="comment_queue_age"),
            models.Index(fields=["status", "-risk", "created_at", "id"], name="comment_queue_risk"),
            # The article page: one article's approved (id, parent) pairs, oldest first, read
            # from the index alone (selectors._threads).
            models.Index(
                fields=["article", "status", "created_at", "id", "parent"], name="comment_thread"
            ),
            models.Index(fields=["client_ip", "created_at"], name="comment_client"),
            # Screening: copies of a recent comment, a commenter's history.
            models.Index(fields=["duplicate_key", "created_at"], name="comment_duplicate"),
            models.Index(fields=["created_at"], name="comment_created"),
            models.Index(fields=["author_email", "status"], name="comment_author_email"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} by {self.author_name!r} ({self.status})"

    @property
    def is_public(self) -> bool:
        return self.status == CommentStatus.APPROVED


class ModerationDecision(models.Model):
    """One status change of one comment: who (a moderator, or screening), when, from, to, why."""

    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="decisions")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor = models.CharField(max_length=150, help_text="Username, or 'screening'.")
    created_at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=10, choices=CommentStatus.choices)
    to_status = models.CharField(max_length=10, choices=CommentStatus.choices)
    reason = models.CharField(max_length=20, choices=RejectReason.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["created_at"], name="decision_created")]

    def __str__(self) -> str:
        return f"{self.actor}: {self.from_status} -> {self.to_status}"


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    """Per-site comment rules. Read when a comment is submitted or a page is shown."""

    max_length = models.PositiveIntegerField(
        default=1000, help_text="Most characters a comment may have."
    )
    reply_depth = models.PositiveSmallIntegerField(
        default=2, help_text="How deep replies may nest (0: no replies)."
    )
    close_after_days = models.PositiveIntegerField(
        default=30, help_text="Close comments this many days after publication (0: never)."
    )
    ip_retention_days = models.PositiveIntegerField(
        default=30, help_text="Anonymise commenters' IP addresses after this many days."
    )
    legal_notice = models.TextField(default=DEFAULT_LEGAL_NOTICE)
    notice_version = models.PositiveIntegerField(
        default=1, help_text="Raised automatically when the legal notice changes."
    )

    base_form_class = CommentSettingsForm  # a changed legal notice raises notice_version
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("max_length"),
                FieldPanel("reply_depth"),
                FieldPanel("close_after_days"),
                FieldPanel("ip_retention_days"),
            ],
            heading="Rules",
        ),
        MultiFieldPanel(
            [FieldPanel("legal_notice"), FieldPanel("notice_version", read_only=True)],
            heading="Legal notice under the form",
        ),
    ]

    class Meta:
        verbose_name = "comment settings"


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
