import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from forum.models import (
    ActionPlan,
    Attendance,
    BudgetYear,
    Expense,
    Forum,
    Initiative,
    Meeting,
    Membership,
    Person,
    Seat,
)

pytestmark = pytest.mark.django_db

MODELS = [
    Seat,
    Person,
    Membership,
    Meeting,
    Attendance,
    ActionPlan,
    Initiative,
    BudgetYear,
    Expense,
]


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_demo_is_idempotent():
    seed()
    first = counts()
    seed()
    assert counts() == first
    assert all(first.values())


def test_the_demo_forum_has_members_meetings_a_plan_and_a_budget():
    seed()
    forum = Forum.objects.get(slug="medborgerforum-2018-2021")
    assert forum.seats.count() >= 8
    assert Membership.objects.filter(seat__forum=forum, role="chair").count() == 1
    assert Membership.objects.filter(seat__forum=forum, role="substitute").exists()
    assert Person.objects.get(forum=forum, user__username="forummedlem")
    meetings = forum.meetings.all()
    assert meetings.filter(minutes_published_at__isnull=False).count() >= 2
    assert all("<script" not in m.minutes for m in meetings)

    plan = forum.action_plans.get()
    assert (plan.starts_on.year, plan.ends_on.year) == (2018, 2019)
    assert plan.initiatives.filter(theme="Frivillighed").exists()
    flagged = plan.initiatives.get(standing_committee="belongs")
    assert flagged.status == "rejected"

    years = {y.year: y for y in forum.budget_years.with_totals()}
    assert sorted(years) == [2018, 2019, 2020, 2021]
    assert any(y.is_close_to_limit for y in years.values())
    assert not any(y.is_over for y in years.values())
    assert all(isinstance(y.allocation, Decimal) for y in years.values())
    assert Expense.objects.filter(budget_year__forum=forum).count() >= 15
    assert Expense.objects.filter(status="committed").exists()
