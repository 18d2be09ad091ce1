"""Write operations of the forum app, one module per area. Views, forms, the admin, imports and
tasks call these; each validates everything before it writes and writes in one transaction.

- `forums`: the forum's own facts;
- `members`: seats, people and their terms;
- `meetings`: meetings, agenda, minutes, decisions and attendance;
- `plans`: action plans and initiatives (propose, review, progress);
- `budget`: budget years, allocations and expenses.
"""

from .budget import (
    budget_year_for_date,
    budget_year_save,
    expense_delete,
    expense_mark_spent,
    expense_record,
    expense_update,
)
from .forums import forum_update
from .meetings import (
    AgendaItemInput,
    agenda_save,
    attendance_record,
    meeting_publish,
    meeting_save,
    minutes_save,
)
from .members import membership_save, person_save, seat_save
from .plans import action_plan_save, initiative_propose, initiative_review, initiative_update

__all__ = [
    "AgendaItemInput",
    "action_plan_save",
    "agenda_save",
    "attendance_record",
    "budget_year_for_date",
    "budget_year_save",
    "expense_delete",
    "expense_mark_spent",
    "expense_record",
    "expense_update",
    "forum_update",
    "initiative_propose",
    "initiative_review",
    "initiative_update",
    "meeting_publish",
    "meeting_save",
    "membership_save",
    "minutes_save",
    "person_save",
    "seat_save",
]
