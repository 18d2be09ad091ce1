import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from forum.models import (
    ActionPlan,
    BudgetYear,
    Expense,
    Initiative,
    Membership,
    months_spanned,
)

from .factories import (
    ActionPlanFactory,
    ExpenseFactory,
    ForumFactory,
    InitiativeFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2018, 1, 1), D(2018, 1, 31), 1),
        (D(2018, 1, 1), D(2019, 12, 31), 24),
        (D(2018, 1, 1), D(2020, 1, 1), 25),
        (D(2018, 1, 1), D(2020, 1, 31), 25),
        (D(2018, 6, 1), D(2020, 5, 31), 24),
        (D(2018, 6, 15), D(2020, 6, 14), 24),
        (D(2018, 6, 15), D(2020, 6, 15), 25),
        (D(2019, 1, 31), D(2019, 2, 27), 1),
    ],
)
def test_months_spanned_counts_the_months_a_period_touches(start, end, months):
    assert months_spanned(start, end) == months


def test_an_action_plan_of_25_months_is_invalid():
    plan = ActionPlan(
        forum=ForumFactory(),
        title="For lang",
        starts_on=D(2018, 1, 1),
        ends_on=D(2020, 1, 31),
    )
    with pytest.raises(ValidationError) as error, translation.override("da"):
        plan.full_clean()
    assert error.value.message_dict["ends_on"] == [
        "En handlingsplan kan højst dække to år (24 måneder); denne periode dækker 25 måneder."
    ]


def test_an_action_plan_outside_the_mandate_is_invalid():
    plan = ActionPlan(
        forum=ForumFactory(), title="For sent", starts_on=D(2021, 6, 1), ends_on=D(2022, 5, 31)
    )
    with pytest.raises(ValidationError) as error, translation.override("da"):
        plan.full_clean()
    assert error.value.message_dict["ends_on"] == [
        "Handlingsplanen skal ligge inden for forummets mandatperiode (2018–2021)."
    ]


def test_the_database_refuses_an_action_plan_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPlanFactory(starts_on=D(2019, 1, 1), ends_on=D(2018, 12, 31))


def test_the_database_refuses_an_approved_initiative_that_belongs_to_a_standing_committee():
    with pytest.raises(IntegrityError), transaction.atomic():
        InitiativeFactory(
            status=Initiative.Status.APPROVED,
            standing_committee=Initiative.StandingCommittee.BELONGS,
        )


def test_clean_refuses_an_approved_initiative_that_was_never_assessed():
    initiative = InitiativeFactory.build(
        action_plan=ActionPlanFactory(),
        status=Initiative.Status.APPROVED,
        standing_committee=Initiative.StandingCommittee.NOT_ASSESSED,
        standing_committee_assessment="",
    )
    with pytest.raises(ValidationError) as error:
        initiative.full_clean()
    assert "standing_committee" in error.value.message_dict


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-1.00")])
def test_the_database_refuses_an_amount_that_is_not_positive(amount):
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpenseFactory(amount=amount)


def test_the_database_refuses_an_expense_over_the_allocation_without_a_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpenseFactory(over_allocation=True, over_allocation_reason="")


def test_an_expense_dated_outside_its_budget_year_is_invalid():
    expense = ExpenseFactory.build(budget_year=ExpenseFactory().budget_year, date=D(2020, 1, 1))
    with pytest.raises(ValidationError) as error, translation.override("da"):
        expense.full_clean()
    assert error.value.message_dict["date"] == [
        "Datoen skal ligge i 2019, som er udgiftens budgetår."
    ]


def test_a_term_must_lie_within_the_mandate_and_end_after_it_starts():
    term = MembershipFactory.build(
        seat=MembershipFactory().seat, starts_on=D(2017, 12, 1), ends_on=D(2017, 11, 1)
    )
    term.person = MembershipFactory(seat=term.seat).person
    with pytest.raises(ValidationError) as error:
        term.full_clean()
    assert set(error.value.message_dict) >= {"starts_on", "ends_on"}


def test_terms_answer_who_sits_on_a_day_and_who_ends_soon():
    early = MembershipFactory(starts_on=D(2018, 3, 1), ends_on=D(2019, 12, 31))
    late = MembershipFactory(starts_on=D(2020, 1, 1), ends_on=D(2021, 12, 31))
    assert list(Membership.objects.active_on(D(2019, 6, 1))) == [early]
    assert list(Membership.objects.active_on(D(2020, 6, 1))) == [late]
    assert list(Membership.objects.ending_within(D(2019, 11, 15), 60)) == [early]
    assert list(Membership.objects.ending_within(D(2019, 9, 1), 60)) == []


def test_expense_amounts_are_stored_exactly():
    expense = ExpenseFactory(amount=Decimal("0.10"))
    ExpenseFactory(budget_year=expense.budget_year, amount=Decimal("0.20"))
    expense.refresh_from_db()
    assert expense.amount == Decimal("0.10")
    year = BudgetYear.objects.with_totals().get(pk=expense.budget_year_id)
    assert year.spent == Decimal("0.30")
    assert year.left == Decimal("9999.70")
    assert Expense.objects.count() == 2


def test_adopted_plans_ending_soon_are_found_for_reminders():
    plan = ActionPlanFactory(starts_on=D(2018, 6, 1), ends_on=D(2019, 12, 31))
    ActionPlanFactory(
        forum=plan.forum, starts_on=D(2020, 1, 1), ends_on=D(2021, 12, 31), status="draft"
    )
    assert list(ActionPlan.objects.ending_within(D(2019, 11, 15), 60)) == [plan]
    assert list(ActionPlan.objects.ending_within(D(2019, 9, 1), 60)) == []


@pytest.mark.parametrize(
    ("used", "percent", "close", "over"),
    [("7999.99", 79, False, False), ("9000", 90, True, False), ("10000.01", 100, False, True)],
)
def test_a_budget_year_tells_how_much_is_used(used, percent, close, over):
    expense = ExpenseFactory(
        amount=Decimal(used), over_allocation=Decimal(used) > 10000, over_allocation_reason="Aftalt"
    )
    year = BudgetYear.objects.with_totals().get(pk=expense.budget_year_id)
    assert (year.used_percent, year.is_close_to_limit, year.is_over) == (percent, close, over)
