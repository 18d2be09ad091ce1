import datetime
from decimal import Decimal

import pytest

from .factories import (
    ActionPlanFactory,
    BudgetYearFactory,
    ForumFactory,
    InitiativeFactory,
)


@pytest.fixture
def forum(db):
    return ForumFactory(slug="medborgerforum-2018-2021")


@pytest.fixture
def budget_year(forum):
    """2019 with an allocation of 10.000,00 kr. and nothing used yet."""
    return BudgetYearFactory(forum=forum, year=2019, allocation=Decimal("10000.00"))


@pytest.fixture
def plan(forum):
    return ActionPlanFactory(forum=forum)


@pytest.fixture
def initiative(plan):
    return InitiativeFactory(action_plan=plan, title="Frivillig i Ishøj", theme="Frivillighed")


@pytest.fixture
def day():
    return datetime.date(2019, 5, 1)
