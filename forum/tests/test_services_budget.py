import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from forum import services
from forum.models import BudgetYear, Expense

from .factories import BudgetYearFactory, ExpenseFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def record(budget_year, user, amount, **kwargs):
    kwargs.setdefault("date", datetime.date(budget_year.year, 5, 1))
    kwargs.setdefault("category", Expense.Category.ACTIVITY)
    kwargs.setdefault("description", "Leje af lokale")
    return services.expense_record(
        budget_year=budget_year, amount=Decimal(amount), user=user, **kwargs
    )


def totals(budget_year):
    return BudgetYear.objects.with_totals().get(pk=budget_year.pk)


def png_upload(name="kvittering.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_it_records_an_expense_within_the_allocation(budget_year, secretary, initiative):
    expense = record(budget_year, secretary, "2500.50", initiative=initiative)

    assert expense.amount == Decimal("2500.50")
    assert expense.recorded_by == secretary and expense.approved_by == secretary
    assert not expense.over_allocation
    assert totals(budget_year).left == Decimal("7499.50")
    history = expense.history.get()
    assert history.history_user == secretary
    assert history.history_change_reason == "Registreret 2.500,50 kr."


def test_committed_and_spent_are_kept_apart(budget_year, secretary):
    record(budget_year, secretary, "1000", status=Expense.Status.COMMITTED)
    record(budget_year, secretary, "250.25", status=Expense.Status.SPENT)

    year = totals(budget_year)
    assert (year.committed, year.spent, year.left) == (
        Decimal("1000.00"),
        Decimal("250.25"),
        Decimal("8749.75"),
    )


def test_an_expense_that_takes_the_year_over_needs_a_reason(budget_year, secretary):
    record(budget_year, secretary, "9000")

    with pytest.raises(ValidationError) as error:
        record(budget_year, secretary, "1500")

    assert error.value.message_dict["over_allocation_reason"] == [
        "Udgiften bringer 2019 over bevillingen med 500,00 kr. (bevilling 10.000,00 kr., "
        "allerede brugt 9.000,00 kr.). Skriv en begrundelse for at registrere den alligevel."
    ]
    assert Expense.objects.count() == 1


def test_with_a_reason_it_is_recorded_and_marked(budget_year, secretary):
    record(budget_year, secretary, "9000")
    over = record(budget_year, secretary, "1500", over_allocation_reason="Ekstra arrangement")

    assert over.over_allocation and over.over_allocation_reason == "Ekstra arrangement"
    assert totals(budget_year).left == Decimal("-500.00")
    assert totals(budget_year).over_allocation_count == 1


def test_an_expense_exactly_up_to_the_allocation_needs_no_reason(budget_year, secretary):
    expense = record(budget_year, secretary, "10000.00", over_allocation_reason="ignoreret")
    assert not expense.over_allocation and expense.over_allocation_reason == ""
    assert totals(budget_year).left == Decimal("0.00")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-100", "Beløbet skal være større end 0 kr."),
        ("0", "Beløbet skal være større end 0 kr."),
        ("12.345", "Beløbet kan højst have to decimaler (øre)."),
    ],
)
def test_it_refuses_negative_and_over_precise_amounts(budget_year, secretary, amount, message):
    with pytest.raises(ValidationError) as error:
        record(budget_year, secretary, amount)
    assert error.value.message_dict["amount"] == [message]
    assert not Expense.objects.exists()


def test_it_refuses_a_date_outside_the_budget_year(budget_year, secretary):
    with pytest.raises(ValidationError) as error:
        record(budget_year, secretary, "100", date=datetime.date(2020, 1, 1))
    assert "date" in error.value.message_dict
    assert not Expense.objects.exists()


def test_a_date_without_a_budget_year_is_refused_with_the_years_there_are(forum, budget_year):
    BudgetYearFactory(forum=forum, year=2018)
    with pytest.raises(ValidationError) as error:
        services.budget_year_for_date(forum=forum, date=datetime.date(2023, 3, 1))
    assert error.value.message_dict["date"] == [
        "Der er intet budgetår for 2023. Forummet har budgetår for: 2018, 2019."
    ]
    assert services.budget_year_for_date(forum=forum, date=datetime.date(2019, 3, 1)) == (
        budget_year
    )


def test_it_stores_a_receipt_under_a_generated_name(budget_year, secretary, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    expense = record(budget_year, secretary, "100", receipt=png_upload("Bon fra Netto.png"))

    assert expense.receipt.name.startswith("forum/receipts/")
    assert "Netto" not in expense.receipt.name
    assert expense.receipt_name == "Bon fra Netto.png"
    assert expense.receipt_kind == "png"
    assert (tmp_path / expense.receipt.name).is_file()


def test_a_receipt_that_is_not_what_it_claims_is_refused(
    budget_year, secretary, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("kvittering.pdf", b"MZ\x90\x00 not a pdf at all")
    with pytest.raises(ValidationError) as error:
        record(budget_year, secretary, "100", receipt=fake)
    assert "receipt" in error.value.message_dict
    assert not Expense.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_changing_an_amount_is_kept_in_the_history_with_who_and_when(
    budget_year, secretary, make_user
):
    expense = record(budget_year, secretary, "1000")
    colleague = make_user("Sekretariat", username="kollega")

    services.expense_update(
        expense=expense,
        user=colleague,
        date=expense.date,
        amount=Decimal("1250.75"),
        category=expense.category,
        description=expense.description,
        status=expense.status,
    )

    latest, first = expense.history.order_by("-history_date", "-history_id")[:2]
    assert (first.amount, latest.amount) == (Decimal("1000.00"), Decimal("1250.75"))
    assert latest.history_user == colleague
    assert latest.history_change_reason == "Beløb ændret fra 1.000,00 kr. til 1.250,75 kr."
    assert totals(budget_year).spent == Decimal("1250.75")


def test_raising_an_amount_over_the_allocation_needs_a_reason(budget_year, secretary):
    expense = record(budget_year, secretary, "9000")
    arguments = {
        "expense": expense,
        "user": secretary,
        "date": expense.date,
        "category": expense.category,
        "description": expense.description,
        "status": expense.status,
    }
    with pytest.raises(ValidationError) as error:
        services.expense_update(amount=Decimal("10000.01"), **arguments)
    assert "over_allocation_reason" in error.value.message_dict
    expense.refresh_from_db()
    assert expense.amount == Decimal("9000.00")

    services.expense_update(
        amount=Decimal("10000.01"), over_allocation_reason="Aftalt", **arguments
    )
    expense.refresh_from_db()
    assert expense.over_allocation and expense.over_allocation_reason == "Aftalt"

    services.expense_update(amount=Decimal("9500"), **arguments)
    expense.refresh_from_db()
    assert not expense.over_allocation and expense.over_allocation_reason == ""


def test_a_committed_expense_is_marked_as_paid(budget_year, secretary):
    expense = record(budget_year, secretary, "400", status=Expense.Status.COMMITTED)
    services.expense_mark_spent(expense=expense, user=secretary)

    year = totals(budget_year)
    assert (year.committed, year.spent) == (Decimal("0.00"), Decimal("400.00"))
    assert expense.history.latest().history_change_reason == "Markeret som betalt"


def test_an_expense_belongs_to_an_initiative_or_a_meeting_not_both(
    budget_year, secretary, initiative, forum
):
    meeting = MeetingFactory(forum=forum)
    with pytest.raises(ValidationError) as error:
        record(budget_year, secretary, "100", initiative=initiative, meeting=meeting)
    assert "meeting" in error.value.message_dict


def test_changing_the_allocation_is_kept_in_the_history(forum, secretary):
    year = services.budget_year_save(
        forum=forum, year=2020, allocation=Decimal("150000"), user=secretary
    )
    services.budget_year_save(
        forum=forum, year=2020, allocation=Decimal("175000.00"), user=secretary, budget_year=year
    )
    reasons = list(
        year.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons == [
        "Bevilling sat til 150.000,00 kr.",
        "Bevilling ændret fra 150.000,00 kr. til 175.000,00 kr.",
    ]


@pytest.mark.parametrize(
    ("year", "allocation", "field"),
    [(2017, "1000", "year"), (2020, "-1", "allocation"), (2020, "10.001", "allocation")],
)
def test_a_budget_year_outside_the_mandate_or_with_a_bad_allocation_is_refused(
    forum, secretary, year, allocation, field
):
    with pytest.raises(ValidationError) as error:
        services.budget_year_save(
            forum=forum, year=year, allocation=Decimal(allocation), user=secretary
        )
    assert field in error.value.message_dict
    assert not BudgetYear.objects.exists()


def test_other_expenses_in_the_year_count_towards_the_limit(budget_year, secretary):
    ExpenseFactory(budget_year=budget_year, amount=Decimal("9999.99"))
    with pytest.raises(ValidationError):
        record(budget_year, secretary, "0.02")
    record(budget_year, secretary, "0.01")
    assert totals(budget_year).left == Decimal("0.00")
