"""The forum's data: the forum itself, its members, meetings, action plans and budget."""

from .budget import ZERO, BudgetYear, Expense, money_sum
from .forums import Forum
from .meetings import AgendaItem, Attendance, Meeting
from .members import Membership, Person, Seat
from .plans import ACTION_PLAN_MAX_MONTHS, ActionPlan, Initiative, months_spanned, period_errors

__all__ = [
    "ACTION_PLAN_MAX_MONTHS",
    "ZERO",
    "ActionPlan",
    "AgendaItem",
    "Attendance",
    "BudgetYear",
    "Expense",
    "Forum",
    "Initiative",
    "Meeting",
    "Membership",
    "Person",
    "Seat",
    "money_sum",
    "months_spanned",
    "period_errors",
]
