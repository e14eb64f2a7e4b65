"""Reader comments, the legal notices readers accepted, and the per-site comment rules.

Invariants:
- ``Comment.status`` is the one state field. It is set to PENDING by the submission service;
  every later change goes through ``moderation.transitions`` and writes a decision row in the
  same transaction.
- ``author_name``, ``author_email`` and ``text`` hold exactly what the reader submitted.
- A comment is never deleted by the application: rejected and spam comments are kept.
- ``idempotency_key`` is unique: a retried submission finds the stored comment.
- ``form_token_key`` is unique where set: one form token stores at most one comment, in every
  process (the database's unique index decides, on SQLite and PostgreSQL alike).
- ``LegalNotice`` rows are append-only: a changed notice is a new row with the next version;
  a row a comment points at can never be deleted (``PROTECT``).
- The legal notice exists per language: ``CommentSettings`` holds each language's text,
  version and recorded row (``NOTICE_FIELDS``), each language's versions count on their own,
  and a comment's ``notice`` is the row of the language its article is in.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from broadsheet.comments.default_notices import DEFAULT_LEGAL_NOTICE_TR
from broadsheet.core import rows

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


# Each language's notice in ``CommentSettings``: (text, version, recorded row) field names.
NOTICE_FIELDS: dict[str, tuple[str, str, str]] = {
    "en": ("legal_notice", "notice_version", "current_notice"),
    "tr": ("legal_notice_tr", "notice_version_tr", "current_notice_tr"),
}


@dataclass(frozen=True)
class ShownNotice:
    """The legal notice a form shows in one language: its text and version, and the row of
    that version once recorded (None until then)."""

    language: str
    text: str
    version: int
    notice_id: int | None


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", pgettext_lazy("comment status", "Spam")


class Comment(models.Model):
    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    # The top-level comment of a reply's thread (None for a top-level comment: its own), and
    # when that thread began (its top-level comment's ``created_at``): threads are listed in
    # that order, from one index.
    thread = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    thread_started_at = models.DateTimeField(null=True, blank=True, editable=False)
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
    # A hash of the form token the comment was sent with (``guards.check_form_token``); None
    # for comments not sent through our forms (imported, created by staff tools).
    form_token_key = models.CharField(
        max_length=40, null=True, blank=True, unique=True, editable=False
    )
    # The legal notice the reader was shown with the form (None: not posted through our form,
    # e.g. imported).
    notice = models.ForeignKey(
        "comments.LegalNotice",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    # Screening verdict, stored with the comment so the queue can order by risk.
    risk = models.FloatField(default=0.0)
    screening = models.JSONField(default=dict, blank=True)
    # The text's words as screening normalises them, hashed (``links_spam.duplicate_key``);
    # "" for a short text. Lets screening spot a copy of a recent comment with one lookup.
    duplicate_key = models.CharField(max_length=32, blank=True, default="", editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        # Stored in English; Wagtail's group editor translates the stored name at display.
        permissions = [("moderate_comment", gettext_noop("Can moderate reader comments"))]
        indexes = [
            # The queue: one status, ordered by age or by risk.
            models.Index(fields=["status", "created_at", "id"], name="comment_queue_age"),
            models.Index(fields=["status", "-risk", "created_at", "id"], name="comment_queue_risk"),
            # The article page: one page of the threads with approved comments, in order, read
            # from the index alone (selectors.public_comment_page).
            models.Index(
                "article",
                "status",
                "thread_started_at",
                Coalesce("thread", "id"),
                name="comment_thread_page",
            ),
            models.Index(fields=["client_ip", "created_at"], name="comment_client"),
            # Screening: copies of a recent comment, a commenter's history.
            models.Index(fields=["duplicate_key", "created_at"], name="comment_duplicate"),
            models.Index(fields=["created_at"], name="comment_created"),
            models.Index(fields=["author_email", "status"], name="comment_author_email"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk} by {self.author_name!r} ({self.status})"

    def save(self, *args, **kwargs) -> None:
        self._fill_thread()
        super().save(*args, **kwargs)

    def _fill_thread(self) -> None:
        if self.parent_id is not None and self.thread_id is None:
            self.thread_id = self.parent.thread_root_id
        if self.thread_started_at is None:
            parent = self.parent if self.parent_id is not None else None
            self.thread_started_at = (
                parent.thread_started_at or parent.created_at if parent else self.created_at
            )

    def insert_new(self, children: rows.Children | None = None) -> None:
        """Store this new comment: the row ``save(force_insert=True)`` writes, built faster.

        ``children`` (rows that belong to it, such as its near-duplicate bands) are stored
        with it or not at all (``core.rows.insert``).
        """
        self._fill_thread()
        rows.insert(self, children)

    @property
    def is_public(self) -> bool:
        return self.status == CommentStatus.APPROVED

    @property
    def thread_root_id(self) -> int | None:
        return self.thread_id if self.thread_id is not None else self.pk


class ArticleCommentCount(models.Model):
    """How many approved comments an article has (the count readers see above them).

    Kept by ``moderation.transitions`` in the transaction of every status change; a missing row
    means none. ``comments.counts.recount`` rebuilds rows from the comments themselves (after
    an import, or by ``broadsheet maintenance``).
    """

    article = models.OneToOneField(
        "news.ArticlePage", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    approved = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.approved} approved comments on article {self.article_id}"


class CommentSettingsForm(WagtailAdminModelForm):
    """Comment settings: a changed legal notice becomes a new version, recorded for good.

    The settings row is locked while saving, so two editors saving at once cannot both raise
    the version to the same number, and neither can overwrite the other's version.
    """

    def save(self, commit=True):
        shown = {
            language: names for language, names in NOTICE_FIELDS.items() if names[0] in self.fields
        }
        if not commit or self.instance.pk is None or not shown:
            return super().save(commit=commit)
        new_texts = {
            language: getattr(self.instance, names[0]) for language, names in shown.items()
        }
        user = getattr(self, "for_user", None)
        with transaction.atomic():
            stored = type(self.instance).objects.select_for_update().get(pk=self.instance.pk)
            for text_field, version_field, _ in shown.values():
                setattr(self.instance, text_field, getattr(stored, text_field))
                setattr(self.instance, version_field, getattr(stored, version_field))
            instance = super().save(commit=True)
            for language, text in new_texts.items():
                legal_notice_update(
                    comment_settings=instance,
                    text=text,
                    by=user.get_username() if user is not None else "",
                    language=language,
                )
        return instance


def _notice_panels() -> list[FieldPanel]:
    """The notice of each language the site speaks (``BROADSHEET_LANGUAGE``), its version
    beside it (read only: it is raised when the text changes)."""
    panels = []
    for language in settings.SITE_LANGUAGES:
        text_field, version_field, _row = NOTICE_FIELDS[language]
        panels += [FieldPanel(text_field), FieldPanel(version_field, read_only=True)]
    return panels


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    """Per-site comment rules. Read when a comment is submitted or a page is shown."""

    max_length = models.PositiveIntegerField(
        default=1000, help_text=_("Most characters a comment may have.")
    )
    reply_depth = models.PositiveSmallIntegerField(
        default=2, help_text=_("How deep replies may nest (0: no replies).")
    )
    close_after_days = models.PositiveIntegerField(
        default=30, help_text=_("Close comments this many days after publication (0: never).")
    )
    ip_retention_days = models.PositiveIntegerField(
        default=30, help_text=_("Anonymise commenters' IP addresses after this many days.")
    )
    legal_notice = models.TextField(
        _("legal notice (English)"),
        default=DEFAULT_LEGAL_NOTICE,
        help_text=_("Shown under the form on English pages."),
    )
    notice_version = models.PositiveIntegerField(
        _("version of the English notice"),
        default=1,
        help_text=_("Raised automatically when the legal notice changes."),
    )
    # The recorded row of ``notice_version`` (set when it is first recorded).
    current_notice = models.ForeignKey(
        "comments.LegalNotice",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    legal_notice_tr = models.TextField(
        _("legal notice (Turkish)"),
        default=DEFAULT_LEGAL_NOTICE_TR,
        help_text=_("Shown under the form on Turkish pages."),
    )
    notice_version_tr = models.PositiveIntegerField(
        _("version of the Turkish notice"),
        default=1,
        help_text=_("Raised automatically when the legal notice changes."),
    )
    current_notice_tr = models.ForeignKey(
        "comments.LegalNotice",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    base_form_class = CommentSettingsForm  # records each version of the legal notice
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("max_length"),
                FieldPanel("reply_depth"),
                FieldPanel("close_after_days"),
                FieldPanel("ip_retention_days"),
            ],
            heading=_("Rules"),
        ),
        MultiFieldPanel(_notice_panels(), heading=_("Legal notice under the form")),
    ]

    class Meta:
        verbose_name = _("comment settings")

    def notice(self, language: str | None = None) -> ShownNotice:
        """The notice shown in ``language`` (the site's default language if None)."""
        language = language or settings.LANGUAGE_CODE
        text_field, version_field, row_field = NOTICE_FIELDS[language]
        return ShownNotice(
            language=language,
            text=getattr(self, text_field),
            version=getattr(self, version_field),
            notice_id=getattr(self, f"{row_field}_id"),
        )


class LegalNotice(models.Model):
    """One version of a site's legal notice in one language, exactly as readers were shown it.

    Append-only: rows are created by ``record_legal_notice`` and never updated or deleted.
    """

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    language = models.CharField(max_length=16)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.CharField(
        max_length=150, blank=True, help_text=_("Who saved this version (username).")
    )

    class Meta:
        ordering = ["site", "language", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "language", "version"], name="legal_notice_version"
            )
        ]

    def __str__(self) -> str:
        return f"Legal notice v{self.version} ({self.language})"


def record_legal_notice(
    *, site_id: int, version: int, language: str, text: str, created_by: str = ""
) -> LegalNotice:
    """The notice row for ``(site, language, version)``; created with ``text`` if missing.

    An existing row is returned unchanged, whatever ``text`` says: a version is never
    rewritten.
    """
    notice, _ = LegalNotice.objects.get_or_create(
        site_id=site_id,
        language=language,
        version=version,
        defaults={"text": text, "created_by": created_by[:150]},
    )
    return notice


def legal_notice_update(
    *, comment_settings: CommentSettings, text: str, by: str = "", language: str | None = None
) -> CommentSettings:
    """Change one language's legal notice (the site's default language if None): a changed
    text raises that language's version by one and records it; other languages keep theirs.

    Call inside a transaction holding the settings row's lock (``CommentSettingsForm``).
    """
    language = language or settings.LANGUAGE_CODE
    text_field, version_field, row_field = NOTICE_FIELDS[language]
    old_text = getattr(comment_settings, text_field)
    if text != old_text:
        version = getattr(comment_settings, version_field)
        record_legal_notice(
            site_id=comment_settings.site_id, version=version, language=language, text=old_text
        )
        setattr(comment_settings, text_field, text)
        setattr(comment_settings, version_field, version + 1)
        row = record_legal_notice(
            site_id=comment_settings.site_id,
            version=version + 1,
            language=language,
            text=text,
            created_by=by,
        )
        setattr(comment_settings, row_field, row)
        comment_settings.save(update_fields=[text_field, version_field, row_field])
    return comment_settings
