"""Two secretariat members recording expenses at the same moment, on two connections.

The service locks the budget year row (SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE
transactions take the write lock at BEGIN), so the second recording sees the first: an
overspend is never let through without a reason, and exactly the expense that crosses the
allocation is marked.
"""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from forum import services
from forum.models import BudgetYear, Expense

from .factories import BudgetYearFactory, ForumFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(*calls):
    """Run the calls in threads (one database connection each) that start at the same moment;
    return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - handed back to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def recorder(budget_year, user, amount, reason=""):
    def call():
        return services.expense_record(
            budget_year=budget_year,
            date=datetime.date(budget_year.year, 6, 1),
            amount=Decimal(amount),
            category=Expense.Category.ACTIVITY,
            description=f"Samtidig udgift {amount}",
            user=user,
            over_allocation_reason=reason,
        )

    return call


def test_two_recordings_that_together_overspend_are_never_both_let_through(make_user):
    first, second = make_user("Sekretariat"), make_user("Sekretariat")
    forum = ForumFactory()
    for year in (2018, 2019, 2020, 2021):
        budget_year = BudgetYearFactory(forum=forum, year=year, allocation=Decimal("1000.00"))

        results = run_together(
            recorder(budget_year, first, "600.00"), recorder(budget_year, second, "600.00")
        )

        recorded = [r for r in results if isinstance(r, Expense)]
        refused = [r for r in results if isinstance(r, ValidationError)]
        assert len(recorded) == 1 and len(refused) == 1, results
        assert "over_allocation_reason" in refused[0].message_dict
        year_totals = BudgetYear.objects.with_totals().get(pk=budget_year.pk)
        assert year_totals.spent == Decimal("600.00")
        assert year_totals.left == Decimal("400.00")


def test_concurrent_recordings_keep_the_totals_and_mark_exactly_the_overspend(make_user):
    users = [make_user("Sekretariat"), make_user("Sekretariat")]
    budget_year = BudgetYearFactory(forum=ForumFactory(), year=2019, allocation=Decimal("1500.00"))
    for _round in range(10):
        run_together(
            *(
                recorder(budget_year, user, "100.00", reason="Aftalt med centerchefen")
                for user in users
            )
        )

    year = BudgetYear.objects.with_totals().get(pk=budget_year.pk)
    assert Expense.objects.filter(budget_year=budget_year).count() == 20
    assert year.spent == Decimal("2000.00")
    # 15 expenses fit within 1.500,00 kr.; each of the other 5 took the year (further) over.
    assert year.over_allocation_count == 5
    assert not Expense.objects.filter(over_allocation=True, over_allocation_reason="").exists()
