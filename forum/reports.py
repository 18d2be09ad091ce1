"""What the budget pages and the yearly statement show, aggregated in the database.

Each function runs a fixed number of queries whatever the number of expenses, initiatives or
meetings (the tests pin the counts).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count

from .models import ZERO, BudgetYear, Expense, Forum, Initiative, money_sum
from .models.budget import AllocationUse

COMMITTED, SPENT = Expense.Status.COMMITTED, Expense.Status.SPENT


@dataclass
class Totals(AllocationUse):
    allocation: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO


@dataclass(frozen=True)
class InitiativeTotals:
    pk: int
    title: str
    plan: str
    status: str
    budget: Decimal
    committed: Decimal
    spent: Decimal

    @property
    def left(self) -> Decimal:
        return self.budget - self.committed - self.spent


def initiatives_with_totals(forum: Forum) -> list[InitiativeTotals]:
    """The forum's initiatives with their money over all years (2 queries, plain rows).

    The sums are grouped by the expenses' initiative id alone and joined here, which keeps
    the grouping narrow on every database (SQLite would otherwise group by every column).
    """
    sums = {
        row["initiative_id"]: row
        for row in Expense.objects.filter(budget_year__forum=forum, initiative__isnull=False)
        .values("initiative_id")
        .annotate(
            committed=money_sum("amount", status=COMMITTED),
            spent=money_sum("amount", status=SPENT),
        )
        .order_by()
    }
    rows = (
        Initiative.objects.filter(action_plan__forum=forum)
        .order_by("action_plan__starts_on", "title")
        .values_list("pk", "title", "action_plan__title", "status", "budget")
    )
    return [
        InitiativeTotals(
            pk=pk,
            title=title,
            plan=plan,
            status=status,
            budget=budget,
            committed=sums.get(pk, {}).get("committed", ZERO),
            spent=sums.get(pk, {}).get("spent", ZERO),
        )
        for pk, title, plan, status, budget in rows
    ]


@dataclass
class BudgetOverview:
    years: list[BudgetYear]
    initiatives: list[InitiativeTotals]
    total: Totals

    @property
    def current_year(self) -> BudgetYear | None:
        return self.years[-1] if self.years else None


def budget_overview(forum: Forum) -> BudgetOverview:
    """Per year and per initiative: allocated (or earmarked), committed, spent, left. 3 queries."""
    years = list(forum.budget_years.with_totals().order_by("year"))
    initiatives = initiatives_with_totals(forum)
    total = Totals(
        allocation=sum((y.allocation for y in years), ZERO),
        committed=sum((y.committed for y in years), ZERO),
        spent=sum((y.spent for y in years), ZERO),
    )
    return BudgetOverview(years=years, initiatives=initiatives, total=total)


@dataclass
class StatementRow:
    label: str
    committed: Decimal
    spent: Decimal
    count: int
    url: str = ""

    @property
    def total(self) -> Decimal:
        return self.committed + self.spent


@dataclass
class YearStatement:
    budget_year: BudgetYear
    by_category: list[StatementRow] = field(default_factory=list)
    by_initiative: list[StatementRow] = field(default_factory=list)
    over_allocation: list[Expense] = field(default_factory=list)

    @property
    def totals(self) -> Totals:
        year = self.budget_year
        return Totals(allocation=year.allocation, committed=year.committed, spent=year.spent)


def _grouped(expenses, *keys):
    return (
        expenses.values(*keys)
        .annotate(
            committed=money_sum("amount", status=COMMITTED),
            spent=money_sum("amount", status=SPENT),
            count=Count("pk"),
        )
        .order_by(*keys)
    )


def year_statement(budget_year: BudgetYear, *, no_initiative_label: str) -> YearStatement:
    """The yearly statement: allocation, expenses by category and by initiative, what is left,
    and the expenses that went over the allocation with their reasons. 3 queries; the budget
    year must come from `BudgetYear.objects.with_totals()`."""
    expenses = Expense.objects.filter(budget_year=budget_year)
    categories = {row["category"]: row for row in _grouped(expenses, "category")}
    by_category = [
        StatementRow(
            label=str(label),
            committed=categories.get(value, {}).get("committed", ZERO),
            spent=categories.get(value, {}).get("spent", ZERO),
            count=categories.get(value, {}).get("count", 0),
        )
        for value, label in Expense.Category.choices
    ]
    by_initiative = [
        StatementRow(
            label=row["initiative__title"] or no_initiative_label,
            committed=row["committed"],
            spent=row["spent"],
            count=row["count"],
        )
        for row in _grouped(expenses, "initiative__title", "initiative_id")
    ]
    # Expenses without an initiative last, after the initiatives in alphabetical order.
    by_initiative.sort(key=lambda row: (row.label == no_initiative_label, row.label.lower()))
    over = list(
        expenses.filter(over_allocation=True)
        .select_related("recorded_by", "approved_by")
        .order_by("date", "pk")
    )
    return YearStatement(
        budget_year=budget_year,
        by_category=by_category,
        by_initiative=by_initiative,
        over_allocation=over,
    )
