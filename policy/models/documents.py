"""Documents and their versions.

A version is immutable once written: its sections are rows of their own, so viewing, comparing
and exporting an old version reads exactly what was saved. Saving, restoring and freezing happen
in `policy.services`, never by editing rows in place.
"""

import uuid
from typing import Self

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

#: KLE journal number: subject (00.01.00), facet (A30), serial number, two-digit year.
journal_number_validator = RegexValidator(
    r"^\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d{1,6}-\d{2}$",
    message=_("The journal number must have the KLE form 00.01.00-A30-1-18."),
)


class DocumentQuerySet(models.QuerySet):
    def with_current_version(self) -> Self:
        return self.select_related("current_version", "current_version__author")

    def public(self) -> Self:
        """Documents with a version citizens may read (adopted, or in hearing)."""
        return self.filter(
            models.Q(status=Document.Status.ADOPTED, current_version__isnull=False)
            | models.Q(status=Document.Status.IN_HEARING, hearing_version__isnull=False)
        )


class Document(models.Model):
    class Kind(models.TextChoices):
        POLICY = "policy", _("Policy")
        TERMS_OF_REFERENCE = "terms_of_reference", _("Terms of reference")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        STEERING_REVIEW = "steering_review", _("For review by the steering group")
        APPROVED_FOR_HEARING = "approved_for_hearing", _("Approved for hearing")
        IN_HEARING = "in_hearing", _("In hearing")
        PROCESSED_AFTER_HEARING = "processed_after_hearing", _("Processed after hearing")
        ADOPTED = "adopted", _("Adopted")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.POLICY)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    case_officer_name = models.CharField(_("case officer"), max_length=200, blank=True)
    case_officer_phone = models.CharField(_("case officer's phone"), max_length=40, blank=True)
    case_officer_email = models.EmailField(_("case officer's e-mail"), blank=True)
    journal_number = models.CharField(
        _("journal number"), max_length=40, blank=True, validators=[journal_number_validator]
    )
    document_date = models.DateField(_("date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.DRAFT
    )
    #: The newest version; saves compare against its number to detect edit conflicts.
    current_version = models.ForeignKey(
        "policy.DocumentVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    #: The version the steering group approved for hearing: only this version can go to
    #: hearing. Saving a newer version sends the document back for approval and clears it.
    approved_version = models.ForeignKey(
        "policy.DocumentVersion",
        verbose_name=_("version approved for hearing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved for hearing"), null=True, blank=True)
    #: The version frozen when the document went to hearing; public while it is in hearing.
    hearing_version = models.ForeignKey(
        "policy.DocumentVersion",
        verbose_name=_("hearing version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    #: The version frozen when the document was adopted; public from then on.
    adopted_version = models.ForeignKey(
        "policy.DocumentVersion",
        verbose_name=_("adopted version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def approval_display(self) -> str:
        """ "Approved for hearing: version 4, 12 January 2027, the steering group" (or "")."""
        if self.approved_version_id is None or self.approved_at is None:
            return ""
        return _("Approved for hearing: version %(number)s, %(date)s, %(body)s") % {
            "number": self.approved_version.number if self.approved_version else "",
            "date": formats.date_format(timezone.localtime(self.approved_at), "DATE_FORMAT"),
            "body": _("the steering group"),
        }

    @property
    def public_version_id(self) -> int | None:
        """The version citizens may read: the adopted one, or the hearing one during a hearing."""
        if self.status == self.Status.ADOPTED:
            # A document entered as adopted without the workflow (the importer's terms of
            # reference, adopted before they came here; the admin cannot set the status): its
            # current version is the adopted text. In the workflow only the city council's
            # recorded decision adopts (policy.services.process.decision_record).
            return self.adopted_version_id or self.current_version_id
        if self.status == self.Status.IN_HEARING:
            return self.hearing_version_id
        return None


class DocumentVersion(models.Model):
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version number"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="document_versions",
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    label = models.CharField(_("label"), max_length=200, blank=True)
    change_note = models.TextField(_("change note"), blank=True)
    restored_from = models.ForeignKey(
        "self",
        verbose_name=_("restored from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="restorations",
    )
    #: Set when the version goes to hearing or is adopted; a frozen version is never edited,
    #: only succeeded by a new one.
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)
    frozen_reason = models.CharField(_("frozen because"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="policy_version_number_unique"
            ),
        ]

    def __str__(self) -> str:
        name = _("%(title)s, version %(number)s") % {
            "title": self.document.title,
            "number": self.number,
        }
        return f"{name} ({self.label})" if self.label else name

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class Section(models.Model):
    """One section of one version: a heading and sanitised rich text.

    `key` identifies the same section across versions, so that a comparison can tell a renamed
    or moved section from a removed one plus an added one.
    """

    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    key = models.UUIDField(_("section identity"), default=uuid.uuid4)
    position = models.PositiveIntegerField(_("position"))
    heading = models.CharField(_("heading"), max_length=300)
    body = models.TextField(_("text"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="policy_section_position_unique"
            ),
            models.UniqueConstraint(fields=["version", "key"], name="policy_section_key_unique"),
        ]

    def __str__(self) -> str:
        return self.heading

    @property
    def anchor(self) -> str:
        """A fragment id that stays the same for this section in every version."""
        return f"afsnit-{self.key.hex[:12]}"


class DocumentTransition(models.Model):
    """One step of a document's workflow: who moved it from which status to which, and why."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(_("from"), max_length=30, choices=Document.Status.choices)
    to_status = models.CharField(_("to"), max_length=30, choices=Document.Status.choices)
    #: The document's current version when the step was taken (the frozen one for hearing and
    #: adoption).
    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transitions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="document_transitions",
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["document", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.document}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class ReviewCommentQuerySet(models.QuerySet):
    def open(self) -> Self:
        return self.filter(resolved_at__isnull=True)

    def resolved(self) -> Self:
        return self.filter(resolved_at__isnull=False)


class ReviewComment(models.Model):
    """An internal comment on one section of one version, by a steering- or project-group member.

    `section_key` repeats the section's identity so that an open comment can be shown next to the
    same section in later versions (and in the editor).
    """

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="comments"
    )
    section_key = models.UUIDField(_("section identity"), db_index=True)
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="review_comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="review_comments",
    )
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolved_review_comments",
    )
    resolution_note = models.TextField(_("resolution"), blank=True)

    history = HistoricalRecords()
    objects = ReviewCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["document", "resolved_at"])]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
