"""Budget years and expenses.

Every write that can change what is left of a year runs in one transaction that first locks the
budget year's row (`SELECT … FOR UPDATE`; on SQLite the IMMEDIATE transaction takes the write
lock at BEGIN). Two secretariat members recording at the same moment are therefore checked one
after the other: the second sees the first's expense, and an expense that takes the year over its
allocation is refused without a reason and marked when it has one.
"""

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from forum.models import BudgetYear, Expense, Forum, Initiative, Meeting, money_sum
from forum.models.budget import validate_amount
from forum.money import format_dkk
from medborger.history import record_history, save_with_history
from medborger.uploads import clean_filename, generated_name, validate_upload

if TYPE_CHECKING:
    from medborger.models import User

RECEIPT_FOLDER = "forum/receipts"


def _field_error(field: str, error: ValidationError) -> ValidationError:
    return ValidationError({field: error.messages})


def _check_amount(amount: Decimal, *, field: str = "amount") -> None:
    try:
        validate_amount(amount)
    except ValidationError as error:
        raise _field_error(field, error) from error


def budget_year_for_date(*, forum: Forum, date: datetime.date) -> BudgetYear:
    """The forum's budget year that `date` falls in; a field error on `date` if there is none."""
    budget_year = BudgetYear.objects.filter(forum=forum, year=date.year).first()
    if budget_year is None:
        years = list(forum.budget_years.values_list("year", flat=True))
        raise ValidationError(
            {
                "date": _(
                    "There is no budget year for %(year)s. The forum has budget years for: "
                    "%(years)s."
                )
                % {"year": date.year, "years": ", ".join(map(str, years)) or "–"}
            }
        )
    return budget_year


def budget_year_save(
    *,
    forum: Forum,
    year: int,
    allocation: Decimal,
    user: "User",
    note: str = "",
    budget_year: BudgetYear | None = None,
) -> BudgetYear:
    """Create a budget year or change its allocation (kept in the history with who and when)."""
    if allocation is None or allocation < 0:
        raise ValidationError({"allocation": _("The allocation cannot be negative.")})
    if allocation != allocation.quantize(Decimal("0.01")):
        raise ValidationError({"allocation": _("The amount can have at most two decimals (øre).")})
    with transaction.atomic():
        if budget_year is None:
            budget_year = BudgetYear(forum=forum, year=year)
            reason = _("Allocation set to %(amount)s") % {"amount": format_dkk(allocation)}
        else:
            budget_year = BudgetYear.objects.select_for_update().get(pk=budget_year.pk)
            reason = (
                _("Allocation changed from %(old)s to %(new)s")
                % {"old": format_dkk(budget_year.allocation), "new": format_dkk(allocation)}
                if budget_year.allocation != allocation
                else _("Budget year edited")
            )
        budget_year.allocation = allocation
        budget_year.note = note
        return save_with_history(budget_year, user=user, reason=reason)


def _store_receipt(expense: Expense, receipt: UploadedFile) -> None:
    try:
        kind = validate_upload(receipt)
    except ValidationError as error:
        raise _field_error("receipt", error) from error
    expense.receipt.save(generated_name(RECEIPT_FOLDER, kind), receipt, save=False)
    expense.receipt_kind = kind
    assert receipt.name is not None  # an upload has a name
    expense.receipt_name = clean_filename(receipt.name)


def _over_allocation(
    *, locked: BudgetYear, others_total: Decimal, amount: Decimal, reason: str
) -> tuple[bool, str]:
    """Whether the expense takes the year over its allocation, and the reason to keep.

    Raises a field error on `over_allocation_reason` when it does and no reason is given.
    """
    over_by = others_total + amount - locked.allocation
    if over_by <= 0:
        return False, ""
    if not reason:
        raise ValidationError(
            {
                "over_allocation_reason": _(
                    "This expense takes %(year)s over its allocation by %(amount)s "
                    "(allocation %(allocation)s, already used %(used)s). Give a reason to "
                    "record it anyway."
                )
                % {
                    "year": locked.year,
                    "amount": format_dkk(over_by),
                    "allocation": format_dkk(locked.allocation),
                    "used": format_dkk(others_total),
                }
            },
            code="over_allocation",
        )
    return True, reason


def _used(locked: BudgetYear, *, excluding: Expense | None = None) -> Decimal:
    expenses = locked.expenses.all()
    if excluding is not None:
        expenses = expenses.exclude(pk=excluding.pk)
    return expenses.aggregate(total=money_sum("amount"))["total"]


def expense_record(
    *,
    budget_year: BudgetYear,
    date: datetime.date,
    amount: Decimal,
    category: str,
    description: str,
    user: "User",
    status: str = Expense.Status.SPENT,
    initiative: Initiative | None = None,
    meeting: Meeting | None = None,
    approved_by: "User | None" = None,
    receipt: UploadedFile | None = None,
    over_allocation_reason: str = "",
) -> Expense:
    """Record an expense (committed or spent) against a budget year.

    If the year's committed plus spent amounts would exceed its allocation, a reason is
    required and the expense is marked as over the allocation.
    """
    _check_amount(amount)
    if date.year != budget_year.year:
        raise ValidationError(
            {
                "date": _("The date must lie in %(year)s, the expense's budget year.")
                % {"year": budget_year.year}
            }
        )
    with transaction.atomic():
        locked = (
            BudgetYear.objects.select_for_update().select_related("forum").get(pk=budget_year.pk)
        )
        over, reason = _over_allocation(
            locked=locked,
            others_total=_used(locked),
            amount=amount,
            reason=over_allocation_reason.strip(),
        )
        expense = Expense(
            budget_year=locked,
            date=date,
            amount=amount,
            category=category,
            status=status,
            initiative=initiative,
            meeting=meeting,
            description=description.strip(),
            approved_by=approved_by or user,
            recorded_by=user,
            over_allocation=over,
            over_allocation_reason=reason,
        )
        expense.full_clean()
        if receipt:
            _store_receipt(expense, receipt)
        history_reason = _("Recorded %(amount)s") % {"amount": format_dkk(amount)}
        try:
            return save_with_history(expense, user=user, reason=history_reason)
        except BaseException:
            if expense.receipt:
                expense.receipt.delete(save=False)
            raise


def expense_update(
    *,
    expense: Expense,
    user: "User",
    date: datetime.date,
    amount: Decimal,
    category: str,
    description: str,
    status: str,
    initiative: Initiative | None = None,
    meeting: Meeting | None = None,
    approved_by: "User | None" = None,
    receipt: UploadedFile | None = None,
    over_allocation_reason: str = "",
) -> Expense:
    """Change an expense within its budget year; amount changes go into the history."""
    _check_amount(amount)
    with transaction.atomic():
        locked = BudgetYear.objects.select_for_update().get(pk=expense.budget_year_id)
        current = Expense.objects.select_for_update().get(pk=expense.pk)
        if date.year != locked.year:
            raise ValidationError(
                {
                    "date": _(
                        "The date must lie in %(year)s, the expense's budget year. To move an "
                        "expense to another year, record it there instead."
                    )
                    % {"year": locked.year}
                }
            )
        kept_reason = current.over_allocation_reason if current.over_allocation else ""
        over, reason = _over_allocation(
            locked=locked,
            others_total=_used(locked, excluding=current),
            amount=amount,
            reason=over_allocation_reason.strip() or kept_reason,
        )
        old_amount = current.amount
        current.date = date
        current.amount = amount
        current.category = category
        current.description = description.strip()
        current.status = status
        current.initiative = initiative
        current.meeting = meeting
        current.approved_by = approved_by or current.approved_by or user
        current.over_allocation = over
        current.over_allocation_reason = reason
        current.full_clean()
        # A replaced receipt's file is kept: the history still points at it.
        if receipt:
            _store_receipt(current, receipt)
        history_reason = (
            _("Amount changed from %(old)s to %(new)s")
            % {"old": format_dkk(old_amount), "new": format_dkk(amount)}
            if old_amount != amount
            else _("Expense edited")
        )
        return save_with_history(current, user=user, reason=history_reason)


def expense_mark_spent(*, expense: Expense, user: "User") -> Expense:
    """A committed expense has been paid: it moves from committed to spent."""
    with transaction.atomic():
        BudgetYear.objects.select_for_update().only("pk").get(pk=expense.budget_year_id)
        current = Expense.objects.select_for_update().get(pk=expense.pk)
        if current.status == Expense.Status.SPENT:
            return current
        current.status = Expense.Status.SPENT
        return save_with_history(current, user=user, reason=_("Marked as paid"))


def expense_delete(*, expense: Expense, user: "User") -> BudgetYear:
    """Remove an expense recorded by mistake. The history keeps it, with who and when."""
    with transaction.atomic():
        locked = BudgetYear.objects.select_for_update().get(pk=expense.budget_year_id)
        current = Expense.objects.select_for_update().get(pk=expense.pk)
        record_history(current, user=user, reason=_("Expense deleted"))
        current.delete()
        return locked
