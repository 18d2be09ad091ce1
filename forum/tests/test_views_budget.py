import csv
import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forum import large as scale
from forum import services
from forum.models import BudgetYear, Expense
from medborger.testing.queries import assert_constant_queries

from .factories import BudgetYearFactory, ExpenseFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def url(name, forum, **kwargs):
    return reverse(f"forum:{name}", kwargs={"forum": forum.slug, **kwargs})


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def post_expense(client, forum, **data):
    fields = {
        "date": "2019-05-10",
        "amount": "1.250,50",
        "status": Expense.Status.SPENT,
        "category": Expense.Category.ACTIVITY,
        "description": "Frivilligtræf",
        "initiative": "",
        "meeting": "",
        "approved_by": "",
        "over_allocation_reason": "",
        **data,
    }
    return client.post(url("expense_create", forum), fields)


def test_the_budget_page_shows_allocated_committed_spent_and_left(
    secretary_client, forum, budget_year, initiative
):
    ExpenseFactory(budget_year=budget_year, amount=Decimal("2000"), initiative=initiative)
    ExpenseFactory(
        budget_year=budget_year, amount=Decimal("500.25"), status=Expense.Status.COMMITTED
    )

    response = secretary_client.get(url("budget", forum))

    page = text(response)
    assert response.status_code == 200
    row = re.search(r'<tr data-year="2019">(.*?)</tr>', page).group(1)
    assert re.findall(r'<td class="text-end[^"]*">([^<]+)</td>', row) == [
        "10.000,00",
        "500,25",
        "2.000,00",
        "7.499,75",
    ]
    initiative_row = re.search(rf'<tr data-initiative="{initiative.pk}">(.*?)</tr>', page)
    assert "2.000,00" in initiative_row.group(1) and "3.000,00" in initiative_row.group(1)
    assert '<svg class="budget-chart-svg"' in page and 'role="img"' in page
    assert "7.499,75 kr. tilbage" in page


def test_the_chart_marks_a_year_over_its_allocation_in_words(secretary_client, forum, budget_year):
    ExpenseFactory(
        budget_year=budget_year,
        amount=Decimal("10500"),
        over_allocation=True,
        over_allocation_reason="Aftalt",
    )
    page = text(secretary_client.get(url("budget", forum)))
    assert "500,00 kr. over bevillingen" in page
    assert "Over bevillingen" in page


@pytest.fixture
def large_forum(db):
    """A forum whose `grow(n)` brings it to n expenses, n/5 initiatives, n/10 meetings."""
    forum = scale.large_forum()

    def grow(n):
        scale.grow(forum, initiatives=n // 5, meetings=n // 10, expenses=n)

    forum.grow = grow
    return forum


def test_the_budget_page_query_count_does_not_grow_with_the_data(secretary_client, large_forum):
    queries = assert_constant_queries(
        secretary_client, url("budget", large_forum), grow=large_forum.grow
    )
    # session, user with their roles, forum, budget years with their totals, the initiatives'
    # sums grouped by initiative, the initiatives with their action plans: six, whatever
    # the number of rows.
    assert queries == 6


def test_the_statement_query_count_does_not_grow_with_the_data(secretary_client, large_forum):
    queries = assert_constant_queries(
        secretary_client,
        url("statement", large_forum, year=scale.START_YEAR),
        grow=large_forum.grow,
    )
    # session, user with their roles, budget year with forum and totals, by category, by initiative,
    # the expenses over the allocation.
    assert queries == 6


def test_the_year_page_query_count_does_not_grow_with_the_data(secretary_client, large_forum):
    queries = assert_constant_queries(
        secretary_client,
        url("budget_year", large_forum, year=scale.START_YEAR),
        grow=large_forum.grow,
    )
    # session, user with their roles, budget year, count and page of expenses, allocation history.
    assert queries == 6


def test_recording_an_expense_changes_what_is_left(
    secretary_client, secretary, forum, budget_year, initiative
):
    response = post_expense(secretary_client, forum, initiative=initiative.pk)

    assert response.status_code == 302
    assert response.url == url("budget", forum)
    expense = Expense.objects.get()
    assert (expense.amount, expense.initiative, expense.recorded_by) == (
        Decimal("1250.50"),
        initiative,
        secretary,
    )
    assert BudgetYear.objects.with_totals().get(pk=budget_year.pk).left == Decimal("8749.50")
    page = text(secretary_client.get(response.url))
    assert "Udgiften er registreret. Der er 8.749,50 kr. tilbage af 2019." in page


def test_an_overspend_asks_for_a_reason_next_to_the_field(secretary_client, forum, budget_year):
    ExpenseFactory(budget_year=budget_year, amount=Decimal("9000"))

    response = post_expense(secretary_client, forum, amount="1500")

    page = text(response)
    assert response.status_code == 200
    assert 'id="id_over_allocation_reason_error"' in page
    assert "Udgiften bringer 2019 over bevillingen med 500,00 kr." in page
    assert Expense.objects.count() == 1

    response = post_expense(
        secretary_client, forum, amount="1500", over_allocation_reason="Ekstra arrangement"
    )
    assert response.status_code == 302
    assert Expense.objects.filter(over_allocation=True).count() == 1
    assert "2019 er nu 500,00 kr. over bevillingen." in text(secretary_client.get(response.url))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"amount": "-100"}, "amount", "Beløbet skal være større end 0 kr."),
        ({"amount": "12,345"}, "amount", "Beløbet kan højst have to decimaler (øre)."),
        ({"amount": "tolv"}, "amount", "Skriv beløbet som et tal, for eksempel 1.250,50."),
        (
            {"date": "2023-02-01"},
            "date",
            "Der er intet budgetår for 2023. Forummet har budgetår for: 2019.",
        ),
        ({"date": ""}, "date", "Dette felt er påkrævet."),
    ],
)
def test_bad_input_gets_a_danish_message_next_to_the_field_and_saves_nothing(
    secretary_client, forum, budget_year, data, field, message
):
    response = post_expense(secretary_client, forum, **data)

    page = text(response)
    assert response.status_code == 200
    error = re.search(rf'<div id="id_{field}_error" class="invalid-feedback">(.*?)</div>', page)
    assert error and message in error.group(1)
    assert not Expense.objects.exists()


def test_a_receipt_is_validated_by_content_and_handed_out_to_the_secretariat_only(
    secretary_client, forum_member_client, forum, budget_year, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("bon.pdf", b"not a pdf")
    response = secretary_client.post(
        url("expense_create", forum),
        {
            "date": "2019-05-10",
            "amount": "100",
            "status": "spent",
            "category": "other",
            "description": "Kaffe",
            "receipt": fake,
        },
    )
    assert response.status_code == 200
    assert "Filens indhold er ikke" in text(response)
    assert not Expense.objects.exists()

    pdf = SimpleUploadedFile("bon.pdf", b"%PDF-1.4\n%%EOF")
    response = secretary_client.post(
        url("expense_create", forum),
        {
            "date": "2019-05-10",
            "amount": "100",
            "status": "spent",
            "category": "other",
            "description": "Kaffe",
            "receipt": pdf,
        },
    )
    expense = Expense.objects.get()
    download = secretary_client.get(url("receipt", forum, pk=expense.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert forum_member_client.get(url("receipt", forum, pk=expense.pk)).status_code == 403


def test_editing_an_amount_shows_the_change_in_the_history(
    secretary_client, secretary, forum, budget_year
):
    expense = services.expense_record(
        budget_year=budget_year,
        date=datetime.date(2019, 5, 1),
        amount=Decimal("100"),
        category="other",
        description="Kaffe",
        user=secretary,
    )
    response = secretary_client.post(
        url("expense_edit", forum, pk=expense.pk),
        {
            "date": "2019-05-01",
            "amount": "175,25",
            "status": "spent",
            "category": "other",
            "description": "Kaffe og kage",
        },
    )
    assert response.status_code == 302
    page = text(secretary_client.get(url("expense_detail", forum, pk=expense.pk)))
    assert "Beløb ændret fra 100,00 kr. til 175,25 kr." in page
    assert "<del>100,00 kr.</del> → 175,25 kr." in page
    assert secretary.get_full_name() in page


def test_a_committed_expense_is_marked_as_paid(secretary_client, forum, budget_year):
    expense = ExpenseFactory(budget_year=budget_year, status=Expense.Status.COMMITTED)
    response = secretary_client.post(url("expense_mark_spent", forum, pk=expense.pk))
    assert response.status_code == 302
    expense.refresh_from_db()
    assert expense.status == Expense.Status.SPENT


def test_an_expense_recorded_by_mistake_is_deleted_after_a_confirmation(
    secretary_client, secretary, forum, budget_year
):
    kept = ExpenseFactory(budget_year=budget_year, amount=Decimal("100.00"))
    mistake = ExpenseFactory(budget_year=budget_year, amount=Decimal("2500.25"))
    confirm = secretary_client.get(url("expense_delete", forum, pk=mistake.pk))
    assert "Slet udgiften" in text(confirm)
    assert Expense.objects.filter(pk=mistake.pk).exists()

    response = secretary_client.post(url("expense_delete", forum, pk=mistake.pk), follow=True)

    assert "Udgiften er slettet." in text(response)
    assert list(Expense.objects.filter(budget_year=budget_year)) == [kept]
    totals = BudgetYear.objects.with_totals().get(pk=budget_year.pk)
    assert totals.committed + totals.spent == Decimal("100.00")
    deleted = Expense.history.filter(id=mistake.pk, history_type="-").get()
    assert deleted.history_user == secretary
    assert deleted.amount == Decimal("2500.25")


def test_the_yearly_statement_in_html_pdf_and_xlsx(
    secretary_client, forum, budget_year, initiative
):
    ExpenseFactory(
        budget_year=budget_year, amount=Decimal("1200"), category="activity", initiative=initiative
    )
    ExpenseFactory(budget_year=budget_year, amount=Decimal("300.50"), category="meeting")
    ExpenseFactory(
        budget_year=budget_year,
        amount=Decimal("99.50"),
        category="other",
        status=Expense.Status.COMMITTED,
    )

    page = text(secretary_client.get(url("statement", forum, year=2019)))
    assert "Regnskab 2019" in page
    assert "8.400,00 kr." in page  # left: 10.000 − 1.200 − 300,50 − 99,50
    assert "Frivillig i Ishøj" in page and "Ikke knyttet til et initiativ" in page
    assert re.search(r"Møde</th>\s*<td[^>]*>1</td>.*?300,50", page)

    pdf = secretary_client.get(url("statement_pdf", forum, year=2019))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    pdf_text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert "Regnskab 2019" in pdf_text and "Udskrevet " in pdf_text
    assert "8.400,00 kr." in pdf_text  # left
    assert "Frivillig i Ishøj" in pdf_text and "Ikke knyttet til et initiativ" in pdf_text
    assert re.search(r"Møde\s+1\s+0,00\s+300,50\s+300,50", pdf_text)
    assert "Ishøj Kommune · side 1 / 1" in pdf_text

    xlsx = secretary_client.get(url("statement_xlsx", forum, year=2019))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Del", "Post", "Disponeret", "Forbrugt", "Beløb")
    assert rows[1][0] == "Bevilling" and Decimal(str(rows[1][4])) == Decimal("10000")
    assert rows[-1][0] == "Tilbage" and Decimal(str(rows[-1][4])) == Decimal("8400")
    assert ("Initiativ", "Frivillig i Ishøj") in [(r[0], r[1]) for r in rows]


def test_a_long_statement_pdf_numbers_every_page_and_lists_expenses_over_the_allocation(
    secretary_client, forum, budget_year, initiative
):
    for n in range(70):
        ExpenseFactory(
            budget_year=budget_year,
            amount=Decimal("10"),
            initiative=InitiativeFactory(
                action_plan=initiative.action_plan, title=f"Tiltag {n:02d}"
            ),
        )
    ExpenseFactory(
        budget_year=budget_year,
        amount=Decimal("20000"),
        description="Stor festival",
        over_allocation=True,
        over_allocation_reason="Aftalt med udvalget",
    )

    pdf = secretary_client.get(url("statement_pdf", forum, year=2019))

    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages]
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert f"Ishøj Kommune · side {number} / {len(pages)}" in page
    every_page = " ".join(pages)
    assert all(f"Tiltag {n:02d}" in every_page for n in range(70))
    assert "Udgifter over bevillingen" in every_page
    assert "Stor festival" in every_page and "Aftalt med udvalget" in every_page


def test_the_expenses_export_as_csv(secretary_client, forum, budget_year, initiative):
    ExpenseFactory(
        budget_year=budget_year,
        amount=Decimal("1250.50"),
        initiative=initiative,
        description='=HYPERLINK("x")',
    )
    BudgetYearFactory(forum=forum, year=2020)
    ExpenseFactory(budget_year__forum=forum, budget_year__year=2020, description="Andet år")

    response = secretary_client.get(url("expenses_csv", forum) + "?aar=2019")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][:3] == ["Dato", "Budgetår", "Beløb (kr.)"]
    assert len(rows) == 2
    assert rows[1][2] == "1250,50" and rows[1][5] == "Frivillig i Ishøj"
    assert rows[1][7] == '\'=HYPERLINK("x")'


def test_a_budget_year_is_created_and_its_allocation_changed(secretary_client, forum):
    response = secretary_client.post(
        url("budget_year_create", forum), {"year": "2020", "allocation": "150.000", "note": ""}
    )
    assert response.status_code == 302
    response = secretary_client.post(
        url("budget_year_edit", forum, year=2020), {"allocation": "175.000,00", "note": "Tillæg"}
    )
    assert response.status_code == 302
    year = BudgetYear.objects.get(forum=forum, year=2020)
    assert year.allocation == Decimal("175000.00")
    page = text(secretary_client.get(url("budget_year", forum, year=2020)))
    assert "Bevilling ændret fra 150.000,00 kr. til 175.000,00 kr." in page


def test_a_budget_year_outside_the_mandate_is_refused_in_danish(secretary_client, forum):
    response = secretary_client.post(
        url("budget_year_create", forum), {"year": "2024", "allocation": "1000"}
    )
    assert "Året skal ligge inden for forummets mandatperiode (2018–2021)." in text(response)
    assert not BudgetYear.objects.exists()


def test_forum_members_read_the_budget_but_cannot_record(forum_member_client, forum, budget_year):
    assert forum_member_client.get(url("budget", forum)).status_code == 200
    assert forum_member_client.get(url("expense_create", forum)).status_code == 403
    response = post_expense(forum_member_client, forum)
    assert response.status_code == 403
    assert not Expense.objects.exists()


def test_initiatives_in_the_expense_form_include_the_initiative_to_prefill(
    secretary_client, forum, budget_year
):
    initiative = InitiativeFactory(action_plan__forum=forum, title="Ung til ung")
    page = text(secretary_client.get(url("expense_create", forum) + f"?initiative={initiative.pk}"))
    assert f'<option value="{initiative.pk}" selected>Ung til ung' in page


def test_initiative_titles_are_escaped_in_the_budget_table(secretary_client, forum, budget_year):
    InitiativeFactory(action_plan__forum=forum, title='<script>alert("x")</script> & co')
    page = secretary_client.get(url("budget", forum)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page
