"""Action plans (handlingsplaner) and their initiatives."""

import calendar
import datetime
from decimal import Decimal
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .forums import Forum

#: An action plan covers at most this many months (the terms of reference say two years).
ACTION_PLAN_MAX_MONTHS = 24


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day if that is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def months_spanned(starts_on: datetime.date, ends_on: datetime.date) -> int:
    """How many months a period from `starts_on` to `ends_on` (both included) touches.

    1 Jan 2018 – 31 Dec 2019 is 24 months; 1 Jan 2018 – 1 Jan 2020 is 25.
    """
    months = (ends_on.year - starts_on.year) * 12 + ends_on.month - starts_on.month
    while add_months(starts_on, months) <= ends_on:
        months += 1
    while months > 1 and add_months(starts_on, months - 1) > ends_on:
        months -= 1
    return months


def period_errors(
    *, forum: Forum | None, starts_on: datetime.date | None, ends_on: datetime.date | None
) -> dict:
    """The action-plan period rules, as field errors: shared by `clean()` and the services."""
    errors: dict[str, str | Promise] = {}
    if not (starts_on and ends_on):
        return errors
    if ends_on < starts_on:
        errors["ends_on"] = _("The end date is before the start date.")
        return errors
    months = months_spanned(starts_on, ends_on)
    if months > ACTION_PLAN_MAX_MONTHS:
        errors["ends_on"] = _(
            "An action plan may cover at most two years (24 months); this period covers "
            "%(months)s months."
        ) % {"months": months}
    if forum is not None:
        outside = _("The action plan must lie within the forum's mandate period (%(period)s).") % {
            "period": forum.mandate_display
        }
        if starts_on.year < forum.mandate_start_year or starts_on.year > forum.mandate_end_year:
            errors["starts_on"] = outside
        if ends_on.year > forum.mandate_end_year and "ends_on" not in errors:
            errors["ends_on"] = outside
    return errors


class ActionPlanQuerySet(models.QuerySet):
    def adopted(self) -> Self:
        return self.filter(status=ActionPlan.Status.ADOPTED)

    def covering(self, day: datetime.date) -> Self:
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def ending_within(self, day: datetime.date, days: int) -> Self:
        """Adopted plans that end within `days` days after `day` (for reminders)."""
        return self.adopted().filter(
            ends_on__gte=day, ends_on__lte=day + datetime.timedelta(days=days)
        )


class ActionPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="action_plans"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    history = HistoricalRecords()
    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["forum", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="forum_action_plan_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:plan_detail", kwargs={"forum": self.forum.slug, "pk": self.pk})

    @property
    def period_display(self) -> str:
        return f"{self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"

    def clean(self) -> None:
        super().clean()
        errors = period_errors(
            forum=self.forum if self.forum_id else None,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
        )
        if self.status == self.Status.ADOPTED and not self.adopted_on:
            errors.setdefault("adopted_on", _("Give the date the plan was adopted."))
        if errors:
            raise ValidationError(errors)


class Initiative(models.Model):
    """An initiative in an action plan: proposed by a forum member, approved by the secretariat."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Completed")
        REJECTED = "rejected", _("Rejected")

    #: Statuses that need the standing-committee check to be clear.
    APPROVED_STATUSES = (Status.APPROVED, Status.IN_PROGRESS, Status.DONE)

    class StandingCommittee(models.TextChoices):
        NOT_ASSESSED = "not_assessed", _("Not yet assessed")
        CLEAR = "clear", _("Does not belong to a standing committee")
        BELONGS = "belongs", _("Belongs to a standing committee")

    action_plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="initiatives",
    )
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200)
    goal = models.TextField(_("goal"))
    planned_activities = models.TextField(_("planned activities"), blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    indicators = models.TextField(_("indicators"), blank=True)
    coordination_note = models.TextField(
        _("coordination with other municipal activities"), blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    standing_committee = models.CharField(
        _("standing committee check"),
        max_length=20,
        choices=StandingCommittee.choices,
        default=StandingCommittee.NOT_ASSESSED,
    )
    standing_committee_assessment = models.TextField(_("secretariat's assessment"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed"), null=True, blank=True)
    #: The part of the budget set aside for the initiative (across the plan's years).
    budget = models.DecimalField(
        _("earmarked amount (DKK)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["action_plan", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["approved", "in_progress", "done"])
                | models.Q(standing_committee="clear"),
                name="forum_initiative_approved_only_when_clear",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__gte=0), name="forum_initiative_budget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "forum:initiative_detail",
            kwargs={"forum": self.action_plan.forum.slug, "pk": self.pk},
        )

    @property
    def is_approved(self) -> bool:
        return self.status in self.APPROVED_STATUSES

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.status in self.APPROVED_STATUSES and (
            self.standing_committee != self.StandingCommittee.CLEAR
        ):
            errors["standing_committee"] = (
                _(
                    "An initiative that belongs to a standing committee cannot be approved: "
                    "the forum may not take up such matters."
                )
                if self.standing_committee == self.StandingCommittee.BELONGS
                else _(
                    "Assess whether the initiative belongs to a standing committee before "
                    "approving it."
                )
            )
        if (
            self.standing_committee != self.StandingCommittee.NOT_ASSESSED
            and not self.standing_committee_assessment.strip()
        ):
            errors["standing_committee_assessment"] = _(
                "Write the secretariat's assessment of the standing-committee question."
            )
        if errors:
            raise ValidationError(errors)
