"""Points: each thing someone asked for in a hearing, its disposition and the change it led to.

A point is about one section of the hearing's version (by the section's `key`, which survives
versions) or about the document as a whole. Every input channel becomes points of the same
kind: a response (one point per section it names, or split by staff into passages), an event's
input note and a steering-group review comment. A copy-paste campaign is one point on its
original response, counted with its copies. Points are written only through
`consultation.services.points`.
"""

import secrets
import uuid
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def new_feedback_token() -> str:
    return secrets.token_urlsafe(32)


class PointQuerySet(models.QuerySet):
    def active(self) -> Self:
        """Points not merged into another one: what staff decide and the report lists."""
        return self.filter(merged_into__isnull=True)

    def undecided(self) -> Self:
        return self.active().filter(disposition="")

    def decided(self) -> Self:
        return self.active().exclude(disposition="")

    def open_for_section(self, key: uuid.UUID) -> Self:
        return self.undecided().filter(section_key=key)


class Point(models.Model):
    class Source(models.TextChoices):
        RESPONSE = "response", _("Hearing response")
        EVENT_NOTE = "event_note", _("Input from an event")
        REVIEW_COMMENT = "review_comment", _("Steering group review")

    class Disposition(models.TextChoices):
        MET = "met", _("Met")
        PARTLY_MET = "partly_met", _("Partly met")
        NOT_MET = "not_met", _("Not met")
        NOTED = "noted", _("Noted")

    #: Dispositions that promise a change: they need a linked change or a stated reason.
    CHANGING = (Disposition.MET, Disposition.PARTLY_MET)

    hearing = models.ForeignKey(
        "consultation.Hearing",
        verbose_name=_("hearing"),
        on_delete=models.CASCADE,
        related_name="points",
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    response = models.ForeignKey(
        "consultation.HearingResponse",
        verbose_name=_("response"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="points",
    )
    event_note = models.OneToOneField(
        "consultation.EventNote",
        verbose_name=_("input from an event"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="point",
    )
    review_comment = models.OneToOneField(
        "policy.ReviewComment",
        verbose_name=_("review comment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="point",
    )
    #: The section of the hearing version it is about; empty: the document as a whole.
    section_key = models.UUIDField(_("section identity"), null=True, blank=True, db_index=True)
    #: The section's heading in the hearing version (kept if a later version drops it).
    section_heading = models.CharField(_("section"), max_length=300, blank=True)
    #: The part of the response this point covers: [passage_start, passage_end) of its text.
    passage_start = models.PositiveIntegerField(null=True, blank=True)
    passage_end = models.PositiveIntegerField(null=True, blank=True)
    #: What was said, as staff quote it (the passage, the note or the comment).
    text = models.TextField(_("what was said"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )
    theme = models.ForeignKey(
        "consultation.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="points",
    )

    summary = models.TextField(_("summary"), blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    disposition = models.CharField(
        _("disposition"), max_length=20, choices=Disposition.choices, blank=True, db_index=True
    )
    reason = models.TextField(_("reason"), blank=True)
    #: Why a met point has no linked change (the change is elsewhere, e.g. in another plan).
    change_elsewhere = models.TextField(_("where the change is made instead"), blank=True)
    #: Wording proposed for the section, which the coordinator may accept into the draft.
    proposed_wording = models.TextField(_("proposed wording"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    #: Optimistic lock: every save increments it; a save based on an older value is refused.
    lock_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    history = HistoricalRecords()
    objects = PointQuerySet.as_manager()

    class Meta:
        verbose_name = _("point")
        verbose_name_plural = _("points")
        ordering = ["hearing", "pk"]
        indexes = [models.Index(fields=["hearing", "disposition"], name="consult_point_disp")]
        constraints = [
            models.CheckConstraint(
                condition=Q(disposition="") | ~Q(reason=""),
                name="consultation_point_disposition_has_reason",
            ),
            models.CheckConstraint(
                condition=(
                    Q(source="response", response__isnull=False)
                    | Q(source="event_note", event_note__isnull=False)
                    | Q(source="review_comment", review_comment__isnull=False)
                ),
                name="consultation_point_source_present",
            ),
            models.CheckConstraint(
                condition=Q(passage_start__isnull=True)
                | Q(passage_end__gt=models.F("passage_start")),
                name="consultation_point_passage_order",
            ),
        ]

    def __str__(self) -> str:
        return self.summary[:60] or self.text[:60] or f"#{self.pk}"

    def clean(self) -> None:
        super().clean()
        if self.disposition and not self.reason.strip():
            raise ValidationError({"reason": _("Give the reason for the disposition.")})

    @property
    def is_decided(self) -> bool:
        return bool(self.disposition)

    @property
    def is_whole_document(self) -> bool:
        return self.section_key is None


class PointChange(models.Model):
    """A point answered by an edit: the version that changed the section because of it."""

    point = models.ForeignKey(
        Point, verbose_name=_("point"), on_delete=models.CASCADE, related_name="changes"
    )
    version = models.ForeignKey(
        "policy.DocumentVersion",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="point_changes",
    )
    section_key = models.UUIDField(_("section identity"), null=True, blank=True)
    #: The point's proposed wording was accepted into this version.
    accepted_wording = models.BooleanField(_("proposed wording accepted"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("linked change")
        verbose_name_plural = _("linked changes")
        ordering = ["version", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["point", "version"], name="consultation_pointchange_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.point_id} → {self.version_id}"


class ResponseFeedback(models.Model):
    """What the respondent gets back: the unguessable address of a page about their response
    and whether they declined the e-mail. The e-mail speaks the response's `language`."""

    response = models.OneToOneField(
        "consultation.HearingResponse",
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    token = models.CharField(max_length=64, unique=True, default=new_feedback_token)
    declined = models.BooleanField(_("declined the e-mail about the outcome"), default=False)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback to a respondent")
        verbose_name_plural = _("feedback to respondents")

    def __str__(self) -> str:
        return str(self.response_id)


class HearingOutcome(models.Model):
    """The publication of the hearing's report (høringsnotat) and with it the feedback.

    Issue 18 adds `Hearing.report_published_at`; until the branches meet this row holds it.
    """

    hearing = models.OneToOneField(
        "consultation.Hearing",
        verbose_name=_("hearing"),
        on_delete=models.CASCADE,
        related_name="outcome",
    )
    #: The version that answered the hearing (the draft after it).
    answering_version = models.ForeignKey(
        "policy.DocumentVersion",
        verbose_name=_("answering version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    report_published_at = models.DateTimeField(_("report published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hearing outcome")
        verbose_name_plural = _("hearing outcomes")

    def __str__(self) -> str:
        return str(self.hearing)


class ConsultedParty(models.Model):
    """One of the revision's stakeholders in a hearing's report, matched to its response."""

    hearing = models.ForeignKey(
        "consultation.Hearing",
        verbose_name=_("hearing"),
        on_delete=models.CASCADE,
        related_name="consulted_parties",
    )
    stakeholder = models.ForeignKey(
        "policy.Stakeholder",
        verbose_name=_("stakeholder"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    response = models.ForeignKey(
        "consultation.HearingResponse",
        verbose_name=_("response"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("consulted party")
        verbose_name_plural = _("consulted parties")
        ordering = ["hearing", "stakeholder__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["hearing", "stakeholder"], name="consultation_consulted_party_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.stakeholder_id)


class ReportVersion(models.Model):
    """A numbered version of a hearing's høringsnotat, kept as it was generated (never
    overwritten). It goes with the draft to the bodies that treat it after the hearing: their
    decisions name both (`DecisionReport`)."""

    hearing = models.ForeignKey(
        "consultation.Hearing",
        verbose_name=_("hearing"),
        on_delete=models.CASCADE,
        related_name="report_versions",
    )
    number = models.PositiveIntegerField(_("number"))
    #: The draft's version the report describes as the resulting wording.
    answering_version = models.ForeignKey(
        "policy.DocumentVersion",
        verbose_name=_("answering version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    #: The report as generated (the HTML form of the høringsnotat).
    html = models.TextField(_("report"))
    points_count = models.PositiveIntegerField(_("points"), default=0)
    #: The version published with the hearing's conclusion.
    published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("hearing report version")
        verbose_name_plural = _("hearing report versions")
        ordering = ["hearing", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["hearing", "number"], name="consultation_reportversion_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hearing_id}: {self.number}"


class DecisionReport(models.Model):
    """The høringsnotat version a body's decision treated together with the draft's version."""

    decision = models.OneToOneField(
        "policy.Decision",
        verbose_name=_("decision"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    report_version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("hearing report version"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )

    class Meta:
        verbose_name = _("hearing report treated")
        verbose_name_plural = _("hearing reports treated")

    def __str__(self) -> str:
        return f"{self.decision_id} → {self.report_version_id}"
