"""What the offline analysis suggests about a hearing's responses, beside what staff decided.

Suggestions live here and only here: a run replaces them, and never touches a response's own
sections and themes, nor a point's section, which are staff's decisions. Staff's word on a
suggested section (of a response or of a point) is kept in `SectionFeedback`, and the next run
learns from it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .hearings import Hearing, HearingResponse
from .points import Point


class HearingAnalysis(models.Model):
    """The analysis of one hearing: its state, progress, and what spans several responses."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    hearing = models.OneToOneField(
        Hearing, verbose_name=_("hearing"), on_delete=models.CASCADE, related_name="analysis"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(_("progress in per cent"), default=0)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    responses_analysed = models.PositiveIntegerField(_("responses analysed"), default=0)
    #: Suggested themes: [{"id", "words", "references", "typical": [{"reference", "sentence"}]}].
    themes = models.JSONField(_("suggested themes"), default=list, blank=True)
    #: Extractive summaries: {section key: [{"reference", "sentence"}]}.
    section_summaries = models.JSONField(_("summaries by section"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("hearing analysis")
        verbose_name_plural = _("hearing analyses")

    def __str__(self) -> str:
        return str(self.hearing)

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class ResponseAnalysis(models.Model):
    """What the last run suggested about one response."""

    class CampaignKind(models.TextChoices):
        UNIQUE = "unique", _("Unique")
        FORM_LETTER = "form_letter", _("Form letter")
        DUPLICATE = "duplicate", _("Duplicate")

    response = models.OneToOneField(
        HearingResponse,
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="analysis",
    )
    #: The response's `normalised_hash` when it was analysed: a changed text is analysed anew.
    text_hash = models.CharField(max_length=64)
    language = models.CharField(_("language"), max_length=8, blank=True, db_index=True)
    #: [{"key": section key, "confidence": 0..1, "reason": "reference" | "quote" | ...}]
    sections = models.JSONField(_("suggested sections"), default=list, blank=True)
    campaign = models.PositiveIntegerField(_("campaign"), null=True, blank=True, db_index=True)
    campaign_kind = models.CharField(
        _("kind"), max_length=12, choices=CampaignKind.choices, default=CampaignKind.UNIQUE
    )
    theme = models.PositiveIntegerField(_("suggested theme"), null=True, blank=True)
    unusual = models.BooleanField(_("unusual"), default=False)
    off_topic = models.BooleanField(_("off topic"), default=False, db_index=True)
    evidence_rich = models.BooleanField(_("evidence-rich"), default=False, db_index=True)
    analysed_at = models.DateTimeField(_("analysed"), default=timezone.now)

    class Meta:
        verbose_name = _("response analysis")
        verbose_name_plural = _("response analyses")

    def __str__(self) -> str:
        return str(self.response)


class PointAnalysis(models.Model):
    """What the last run suggested about one point's section (its own text, or its response's).

    A point's section is staff's: a run only writes here, and staff accept or correct it with
    `consultation.services.analysis.point_section_decide`. A point made after a run gets its
    suggestion at the next run (the periodic scan queues one for a point without a row here).
    """

    point = models.OneToOneField(
        Point, verbose_name=_("point"), on_delete=models.CASCADE, related_name="analysis"
    )
    #: [{"key": section key, "confidence": 0..1, "reason": "reference" | "staff" | ...}]
    sections = models.JSONField(_("suggested sections"), default=list, blank=True)
    analysed_at = models.DateTimeField(_("analysed"), default=timezone.now)

    class Meta:
        verbose_name = _("point analysis")
        verbose_name_plural = _("point analyses")

    def __str__(self) -> str:
        return str(self.point_id)

    @property
    def best(self) -> dict | None:
        return self.sections[0] if self.sections else None


class SectionFeedback(models.Model):
    """Staff's word on whether a response (or a point) is about a section: kept, and learnt
    from. Exactly one of `response` and `point` is set."""

    response = models.ForeignKey(
        HearingResponse,
        verbose_name=_("response"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="section_feedback",
    )
    point = models.ForeignKey(
        Point,
        verbose_name=_("point"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="section_feedback",
    )
    section_key = models.UUIDField(_("section identity"))
    accepted = models.BooleanField(_("accepted"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("section feedback")
        verbose_name_plural = _("section feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "section_key"],
                condition=Q(point__isnull=True),
                name="consultation_section_feedback_unique",
            ),
            models.UniqueConstraint(
                fields=["point", "section_key"],
                condition=Q(response__isnull=True),
                name="consultation_section_feedback_point_unique",
            ),
            models.CheckConstraint(
                condition=Q(response__isnull=True, point__isnull=False)
                | Q(response__isnull=False, point__isnull=True),
                name="consultation_section_feedback_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response or self.point} · {self.section_key}"
