"""A forum at the size the speed goals name (4 budget years, 5,000 expenses, 200 initiatives,
100 meetings): `seed(size=...)` for the `seed_large` command grows the demo forum to that size;
`large_forum` and `grow` serve the benchmark (`bench/forum_budget.py`) and the query-count tests.
Rows are bulk-inserted (no history rows, no over-allocation checks): this is load for
measurements, not a record of anybody's work."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from .models import ActionPlan, BudgetYear, Expense, Forum, Initiative, Meeting

START_YEAR = 2018
CATEGORIES = [c.value for c in Expense.Category]
STATUSES = [Expense.Status.SPENT] * 3 + [Expense.Status.COMMITTED]
DEMO_SLUG = "medborgerforum-2018-2021"
SIZES = {
    "small": {"initiatives": 10, "meetings": 10, "expenses": 10},
    "large": {"initiatives": 200, "meetings": 100, "expenses": 5000},
}


def large_forum(slug: str = "stort-forum", *, years: int = 4) -> Forum:
    """A forum with `years` budget years and one action plan per two years (get or create)."""
    forum, _created = Forum.objects.get_or_create(
        slug=slug,
        defaults={
            "name": "Stort forum",
            "mandate_start_year": START_YEAR,
            "mandate_end_year": START_YEAR + years - 1,
            "secretariat_unit": "Center for Kultur og Fritid",
            "purpose": "Et forum med mange data til målinger.",
        },
    )
    for offset in range(years):
        BudgetYear.objects.get_or_create(
            forum=forum,
            year=START_YEAR + offset,
            defaults={"allocation": Decimal("2500000.00")},
        )
    for offset in range(0, years, 2):
        ActionPlan.objects.get_or_create(
            forum=forum,
            starts_on=datetime.date(START_YEAR + offset, 1, 1),
            defaults={
                "title": f"Handlingsplan {START_YEAR + offset}–{START_YEAR + offset + 1}",
                "ends_on": datetime.date(START_YEAR + min(offset + 1, years - 1), 12, 31),
                "status": ActionPlan.Status.ADOPTED,
                "adopted_on": datetime.date(START_YEAR + offset, 1, 1),
            },
        )
    return forum


def grow(forum: Forum, *, initiatives: int = 0, meetings: int = 0, expenses: int = 0) -> None:
    """Bring the forum up to at least this many initiatives, meetings and expenses."""
    rng = random.Random(forum.pk)
    plans = list(forum.action_plans.order_by("starts_on"))
    have = Initiative.objects.filter(action_plan__forum=forum).count()
    Initiative.objects.bulk_create(
        Initiative(
            action_plan=plans[n % len(plans)],
            title=f"Initiativ {n + 1}",
            theme=["Frivillighed", "Fællesskab", "Unge", "Inklusion"][n % 4],
            goal="Et mål, der kan måles.",
            status=Initiative.Status.APPROVED,
            standing_committee=Initiative.StandingCommittee.CLEAR,
            standing_committee_assessment="Ligger inden for forummets opgaver.",
            budget=Decimal("10000.00"),
        )
        for n in range(have, initiatives)
    )
    have = forum.meetings.count()
    first = timezone.make_aware(datetime.datetime(START_YEAR, 1, 10, 17, 0))
    Meeting.objects.bulk_create(
        Meeting(
            forum=forum,
            title=f"Forummøde {n + 1}",
            starts_at=first + datetime.timedelta(days=14 * n),
            place="Rådhuset",
        )
        for n in range(have, meetings)
    )
    have = Expense.objects.filter(budget_year__forum=forum).count()
    if have >= expenses:
        return
    years = list(forum.budget_years.order_by("year"))
    initiative_ids = list(
        Initiative.objects.filter(action_plan__forum=forum).values_list("pk", flat=True)
    )
    meeting_ids = list(forum.meetings.values_list("pk", flat=True))
    rows = []
    for n in range(have, expenses):
        year = years[n % len(years)]
        category = CATEGORIES[n % 3]
        rows.append(
            Expense(
                budget_year=year,
                date=datetime.date(year.year, 1 + n % 12, 1 + n % 28),
                amount=Decimal(rng.randrange(100, 200000)) / 100,
                category=category,
                status=STATUSES[n % 4],
                initiative_id=(
                    initiative_ids[n % len(initiative_ids)]
                    if category == "activity" and initiative_ids
                    else None
                ),
                meeting_id=(
                    meeting_ids[n % len(meeting_ids)]
                    if category == "meeting" and meeting_ids
                    else None
                ),
                description=f"Udgift {n + 1}",
            )
        )
    Expense.objects.bulk_create(rows, batch_size=1000)


def seed(*, size: str) -> str:
    forum = Forum.objects.filter(slug=DEMO_SLUG).first() or large_forum()
    if not forum.action_plans.exists() or not forum.budget_years.exists():
        forum = large_forum()
    grow(forum, **SIZES[size])
    expenses = Expense.objects.filter(budget_year__forum=forum).count()
    initiatives = Initiative.objects.filter(action_plan__forum=forum).count()
    return (
        f"{forum.name}: {forum.budget_years.count()} budget years, {expenses} expenses, "
        f"{initiatives} initiatives, {forum.meetings.count()} meetings"
    )
