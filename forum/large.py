"""Benchmark data for a `seed_large` command (each app's `large.seed(size=...)`): grows the
demo forum to the sizes the forum issue names, so that its pages are measured at that size.

Rows are bulk-inserted by `forum.scale` (no history, no over-allocation checks): this is load
for measurements, not anybody's bookkeeping.
"""

from .models import Expense, Forum, Initiative
from .scale import grow, large_forum

DEMO_SLUG = "medborgerforum-2018-2021"
SIZES = {
    "small": {"initiatives": 10, "meetings": 10, "expenses": 10},
    "large": {"initiatives": 200, "meetings": 100, "expenses": 5000},
}


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
