"""The yearly allocation and the expenses against it. Amounts are exact DKK with øre (Decimal).

Totals are never stored: pages aggregate them in the database (`BudgetYearQuerySet.with_totals`),
so they cannot drift from the expenses. Recording an expense locks its budget year row
(`forum.services.expense_record`) so that two people recording at once are checked one after the
other against what is left.
"""

from decimal import Decimal
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, Round
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .forums import Forum
from .meetings import Meeting
from .plans import Initiative

ZERO = Decimal("0.00")
#: Large enough for any sum of amounts; the output type of every money aggregate.
MONEY_TOTAL: models.DecimalField = models.DecimalField(max_digits=16, decimal_places=2)


def money_sum(path: str, **conditions: Any) -> Coalesce:
    """SUM of a money column (0.00 when there is nothing), optionally filtered.

    Rounded to øre in the database: PostgreSQL sums NUMERIC exactly, but SQLite (the embedded
    default) sums in floating point, and the rounding brings its result back to exact øre.
    """
    total = models.Sum(path, filter=models.Q(**conditions) if conditions else None)
    return Coalesce(
        Round(total, 2, output_field=MONEY_TOTAL),
        models.Value(ZERO, output_field=MONEY_TOTAL),
        output_field=MONEY_TOTAL,
    )


def validate_amount(value: Decimal) -> None:
    """An amount in DKK: more than zero, at most two decimals (øre)."""
    if value is None:
        return
    if value <= 0:
        raise ValidationError(_("The amount must be greater than 0 kr."), code="not_positive")
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(
            _("The amount can have at most two decimals (øre)."), code="too_precise"
        )


class AllocationUse:
    """What is used and left of an allocation, for anything with `allocation`, `committed`
    and `spent` (a budget year with its totals, a statement's totals)."""

    allocation: Decimal
    committed: Decimal
    spent: Decimal

    @property
    def used(self) -> Decimal:
        return self.committed + self.spent

    @property
    def left(self) -> Decimal:
        return self.allocation - self.used


class BudgetYearQuerySet(models.QuerySet):
    def with_totals(self) -> Self:
        """Annotate `committed`, `spent` and `over_allocation_count` in one query."""
        return self.annotate(
            committed=money_sum("expenses__amount", expenses__status=Expense.Status.COMMITTED),
            spent=money_sum("expenses__amount", expenses__status=Expense.Status.SPENT),
            over_allocation_count=models.Count(
                "expenses", filter=models.Q(expenses__over_allocation=True)
            ),
        )


class BudgetYear(AllocationUse, models.Model):
    """A calendar year's allocation (bevilling) for the forum's activities and meetings."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="budget_years"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    allocation = models.DecimalField(_("allocation (DKK)"), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = BudgetYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget year")
        verbose_name_plural = _("budget years")
        ordering = ["forum", "year"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "year"], name="forum_budget_year_unique"),
            models.CheckConstraint(
                condition=models.Q(allocation__gte=0), name="forum_allocation_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.forum} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("forum:budget_year", kwargs={"forum": self.forum.slug, "year": self.year})

    # The properties below (and `used` and `left`) need `with_totals()`.

    @property
    def is_over(self) -> bool:
        return self.left < 0

    @property
    def used_percent(self) -> int:
        if not self.allocation:
            return 100 if self.used else 0
        return int(self.used * 100 / self.allocation)

    @property
    def is_close_to_limit(self) -> bool:
        """At least 90 % used but not over: the dashboard warns about it."""
        return not self.is_over and self.used_percent >= 90

    def clean(self) -> None:
        super().clean()
        forum = self.forum if self.forum_id else None
        if (
            forum
            and self.year
            and not (forum.mandate_start_year <= self.year <= forum.mandate_end_year)
        ):
            raise ValidationError(
                {
                    "year": _("The year must lie within the forum's mandate period (%(period)s).")
                    % {"period": forum.mandate_display}
                }
            )


class ExpenseQuerySet(models.QuerySet):
    def for_list(self) -> Self:
        return self.select_related(
            "budget_year__forum", "initiative", "meeting", "approved_by", "recorded_by"
        )


class Expense(models.Model):
    class Category(models.TextChoices):
        ACTIVITY = "activity", _("Activity")
        MEETING = "meeting", _("Meeting")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        COMMITTED = "committed", _("Committed (planned, not yet paid)")
        SPENT = "spent", _("Spent (paid)")

    budget_year = models.ForeignKey(
        BudgetYear,
        verbose_name=_("budget year"),
        on_delete=models.PROTECT,
        related_name="expenses",
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount (DKK)"), max_digits=12, decimal_places=2, validators=[validate_amount]
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SPENT
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenses",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expenses",
    )
    description = models.CharField(_("description"), max_length=300)
    #: Stored under a generated name; handed out only by a permission-checking view.
    receipt = models.FileField(_("receipt"), upload_to="", max_length=200, blank=True)
    receipt_kind = models.CharField(max_length=10, blank=True)
    receipt_name = models.CharField(_("receipt file name"), max_length=150, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    #: Set when this expense took its year over the allocation; the reason is then required.
    over_allocation = models.BooleanField(_("over the allocation"), default=False)
    over_allocation_reason = models.TextField(_("reason for exceeding the allocation"), blank=True)

    history = HistoricalRecords()
    objects = ExpenseQuerySet.as_manager()

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["budget_year", "-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="forum_expense_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(initiative__isnull=True) | models.Q(meeting__isnull=True),
                name="forum_expense_initiative_or_meeting",
            ),
            models.CheckConstraint(
                condition=models.Q(over_allocation=False) | ~models.Q(over_allocation_reason=""),
                name="forum_expense_over_allocation_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["budget_year", "status"]),
            # The year page lists the newest expenses first, a page at a time.
            models.Index(fields=["budget_year", "date", "id"], name="forum_expense_year_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.description}"

    def get_absolute_url(self) -> str:
        return reverse(
            "forum:expense_detail",
            kwargs={"forum": self.budget_year.forum.slug, "pk": self.pk},
        )

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str | Promise] = {}
        budget_year = self.budget_year if self.budget_year_id else None
        if budget_year and self.date and self.date.year != budget_year.year:
            errors["date"] = _("The date must lie in %(year)s, the expense's budget year.") % {
                "year": budget_year.year
            }
        if self.initiative_id and self.meeting_id:
            errors["meeting"] = _("Choose an initiative or a meeting, not both.")
        if budget_year:
            if (
                self.initiative_id
                and self.initiative is not None
                and self.initiative.action_plan.forum_id != budget_year.forum_id
            ):
                errors["initiative"] = _("The initiative belongs to another forum.")
            if (
                self.meeting_id
                and self.meeting is not None
                and self.meeting.forum_id != budget_year.forum_id
            ):
                errors["meeting"] = _("The meeting belongs to another forum.")
        if self.over_allocation and not self.over_allocation_reason.strip():
            errors["over_allocation_reason"] = _(
                "Give a reason for exceeding the year's allocation."
            )
        if errors:
            raise ValidationError(errors)
