"""The budget: overview with chart, budget years, expenses, the yearly statement and exports."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum import charts, reports, services
from forum.forms import BudgetYearForm, ExpenseForm
from forum.models import BudgetYear, Expense, Initiative, Meeting
from forum.money import format_dkk, number_formatter
from forum.statement_pdf import statement_pdf as build_statement_pdf
from medborger.exports import csv_response, xlsx_response
from medborger.permissions import permission_required
from medborger.uploads import file_download

from .common import forum_form_page, get_forum, reference_date, url_pattern

EXPENSES_PER_PAGE = 50


def initiative_table_rows(forum, initiatives: list[reports.InitiativeTotals]) -> str:
    """The body of the budget page's initiative table.

    Built in Python rather than in a template loop: the table may hold hundreds of
    initiatives with seven cells each, and this keeps the page within its time budget. The
    texts are escaped here; numbers, ids and the URLs (made of a slug and ids) carry no markup.
    """
    number = number_formatter()
    pattern = url_pattern("forum:initiative_detail", forum=forum.slug)
    statuses = {value: escape(label) for value, label in Initiative.Status.choices}
    rows = (
        f'<tr data-initiative="{row.pk}"><th scope="row"><a href="{pattern.format(pk=row.pk)}">'
        f"{escape(row.title)}</a></th><td>{escape(row.plan)}</td><td>{statuses[row.status]}</td>"
        f'<td class="text-end">{number(row.budget)}</td>'
        f'<td class="text-end">{number(row.committed)}</td>'
        f'<td class="text-end">{number(row.spent)}</td>'
        f'<td class="text-end budget-left">{number(row.left)}</td></tr>'
        for row in initiatives
    )
    return mark_safe("\n".join(rows))


def expense_table_rows(forum_slug: str, expenses) -> str:
    """The rows of a budget year's table of expenses (a page of them), built in Python as the
    initiative table's are: the same markup as the template loop had, each label translated
    and each link pattern reversed once."""
    number = number_formatter()
    pattern = url_pattern("forum:expense_detail", forum=forum_slug)
    categories = {value: escape(label) for value, label in Expense.Category.choices}
    over = f' <span class="status-badge is-late">{escape(_("Over the allocation"))}</span>'
    committed, spent = escape(_("Committed")), escape(_("Spent"))
    days: dict = {}
    rows = []
    for expense in expenses:
        if expense.date not in days:
            days[expense.date] = escape(date_filter(expense.date, "SHORT_DATE_FORMAT"))
        if expense.initiative is not None:
            target = escape(expense.initiative.title)
        elif expense.meeting is not None:
            target = escape(str(expense.meeting))
        else:
            target = "–"
        rows.append(
            "      <tr>\n"
            f"        <td>{days[expense.date]}</td>\n"
            f'        <td><a href="{pattern.format(pk=expense.pk)}">{escape(expense.description)}'
            f"</a>{over if expense.over_allocation else ''}</td>\n"
            f"        <td>{categories.get(expense.category, escape(expense.category))}</td>\n"
            f"        <td>{target}</td>\n"
            f"        <td>{committed if expense.status == 'committed' else spent}</td>\n"
            f'        <td class="text-end">{number(expense.amount)}</td>\n'
            "      </tr>\n"
        )
    return mark_safe("".join(rows))


def _budget_url(forum) -> str:
    return reverse("forum:budget", kwargs={"forum": forum.slug})


def _get_year(forum_slug: str, year: int) -> BudgetYear:
    return get_object_or_404(
        BudgetYear.objects.with_totals().select_related("forum"),
        forum__slug=forum_slug,
        year=year,
    )


def _get_expense(forum_slug: str, pk: int) -> Expense:
    return get_object_or_404(
        Expense.objects.for_list(),
        pk=pk,
        budget_year__forum__slug=forum_slug,
    )


def chart_context(years) -> dict:
    bars, height = charts.budget_bars(
        years,
        left_text=_("%(amount)s left"),
        over_text=_("%(amount)s over the allocation"),
    )
    return {
        "bars": bars,
        "chart_height": height,
        "chart_width": charts.WIDTH,
        "bar_height": charts.BAR_HEIGHT,
        "chart_text_x": charts.TEXT_X,
    }


@permission_required("forum.view_budget")
def budget_overview(request, forum):
    forum = get_forum(forum)
    overview = reports.budget_overview(forum)
    return render(
        request,
        "forum/budget.html",
        {
            "forum": forum,
            "overview": overview,
            "initiative_rows": initiative_table_rows(forum, overview.initiatives),
            "can_record": request.user.has_perm("forum.record_expense"),
            "tab": "budget",
            **chart_context(overview.years),
        },
    )


@permission_required("forum.view_budget")
def budget_year_detail(request, forum, year):
    budget_year = _get_year(forum, year)
    expenses = budget_year.expenses.for_list().order_by("-date", "-pk")
    page = Paginator(expenses, EXPENSES_PER_PAGE).get_page(request.GET.get("side"))
    return render(
        request,
        "forum/budget_year.html",
        {
            "forum": budget_year.forum,
            "budget_year": budget_year,
            "page": page,
            "expense_rows": expense_table_rows(forum, page.object_list),
            "allocation_history": list(
                budget_year.history.select_related("history_user").order_by("-history_date")[:20]
            ),
            "can_record": request.user.has_perm("forum.record_expense"),
            "tab": "budget",
        },
    )


@permission_required("forum.manage")
def budget_year_edit(request, forum, year=None):
    forum = get_forum(forum)
    budget_year = get_object_or_404(BudgetYear, forum=forum, year=year) if year else None
    initial = (
        {"year": budget_year.year, "allocation": budget_year.allocation, "note": budget_year.note}
        if budget_year
        else None
    )
    form = BudgetYearForm(request.POST or None, initial=initial, forum=forum, editing=budget_year)
    return forum_form_page(
        request,
        save=lambda: services.budget_year_save(
            forum=forum,
            year=form.cleaned_data["year"],
            allocation=form.cleaned_data["allocation"],
            note=form.cleaned_data["note"],
            user=request.user,
            budget_year=budget_year,
        ),
        success=_("The budget year is saved."),
        done=_budget_url(forum),
        forum=forum,
        form=form,
        heading=_("Allocation for %(year)s") % {"year": year} if year else _("New budget year"),
        cancel_url=_budget_url(forum),
        tab="budget",
    )


def _left_message(budget_year: BudgetYear) -> str:
    year = BudgetYear.objects.with_totals().get(pk=budget_year.pk)
    if year.is_over:
        return _("%(year)s is now %(amount)s over its allocation.") % {
            "year": year.year,
            "amount": format_dkk(-year.left),
        }
    return _("%(amount)s is left of %(year)s.") % {
        "year": year.year,
        "amount": format_dkk(year.left),
    }


@permission_required("forum.record_expense")
def expense_create(request, forum):
    forum = get_forum(forum)
    initial = {
        "initiative": request.GET.get("initiative"),
        "meeting": request.GET.get("moede"),
        # Today, or the nearest day of the mandate period once the forum has ended.
        "date": reference_date(forum),
    }
    form = ExpenseForm(request.POST or None, request.FILES or None, initial=initial, forum=forum)

    def record():
        arguments = form.service_arguments()
        budget_year = services.budget_year_for_date(forum=forum, date=arguments["date"])
        return services.expense_record(budget_year=budget_year, user=request.user, **arguments)

    return forum_form_page(
        request,
        forum=forum,
        form=form,
        save=record,
        success=lambda expense: (
            _("The expense is recorded.") + " " + _left_message(expense.budget_year)
        ),
        done=_budget_url(forum),
        heading=_("Record an expense"),
        cancel_url=_budget_url(forum),
        tab="budget",
        multipart=True,
    )


@permission_required("forum.view_budget")
def expense_detail(request, forum, pk):
    expense = _get_expense(forum, pk)
    history = list(expense.history.select_related("history_user").order_by("history_date"))
    changes = []
    previous = None
    for record in history:
        changes.append(
            {
                "record": record,
                "old_amount": previous.amount
                if previous is not None and previous.amount != record.amount
                else None,
            }
        )
        previous = record
    return render(
        request,
        "forum/expense_detail.html",
        {
            "forum": expense.budget_year.forum,
            "expense": expense,
            "changes": list(reversed(changes)),
            "can_record": request.user.has_perm("forum.record_expense"),
            "can_view_receipt": request.user.has_perm("forum.view_receipt"),
            "tab": "budget",
        },
    )


@permission_required("forum.record_expense")
def expense_edit(request, forum, pk):
    expense = _get_expense(forum, pk)
    forum = expense.budget_year.forum
    form = ExpenseForm(
        request.POST or None,
        request.FILES or None,
        initial=ExpenseForm.initial_for(expense),
        forum=forum,
    )
    return forum_form_page(
        request,
        save=lambda: services.expense_update(
            expense=expense, user=request.user, **form.service_arguments()
        ),
        success=lambda result: _("The expense is saved.") + " " + _left_message(result.budget_year),
        done=lambda result: result.get_absolute_url(),
        forum=forum,
        form=form,
        heading=_("Edit expense"),
        cancel_url=expense.get_absolute_url(),
        tab="budget",
        multipart=True,
    )


@require_POST
@permission_required("forum.record_expense")
def expense_mark_spent(request, forum, pk):
    expense = _get_expense(forum, pk)
    services.expense_mark_spent(expense=expense, user=request.user)
    messages.success(request, _("The expense is marked as paid."))
    return redirect(expense.get_absolute_url())


@permission_required("forum.record_expense")
def expense_delete(request, forum, pk):
    expense = _get_expense(forum, pk)
    if request.method == "POST":
        budget_year = services.expense_delete(expense=expense, user=request.user)
        messages.success(request, _("The expense is deleted.") + " " + _left_message(budget_year))
        return redirect(budget_year.get_absolute_url())
    return render(
        request,
        "forum/expense_delete.html",
        {"forum": expense.budget_year.forum, "expense": expense, "tab": "budget"},
    )


@permission_required("forum.view_receipt")
def receipt_download(request, forum, pk):
    expense = _get_expense(forum, pk)
    if not expense.receipt:
        return HttpResponse(status=404)
    return file_download(expense.receipt, kind=expense.receipt_kind, filename=expense.receipt_name)


def _statement(forum_slug: str, year: int) -> reports.YearStatement:
    return reports.year_statement(
        _get_year(forum_slug, year), no_initiative_label=_("Not tied to an initiative")
    )


@permission_required("forum.view_budget")
def statement(request, forum, year):
    statement = _statement(forum, year)
    return render(
        request,
        "forum/statement.html",
        {
            "forum": statement.budget_year.forum,
            "statement": statement,
            "budget_year": statement.budget_year,
            "tab": "budget",
        },
    )


def _statement_filename(statement: reports.YearStatement, extension: str) -> str:
    year = statement.budget_year
    return f"regnskab-{year.forum.slug}-{year.year}.{extension}"


@permission_required("forum.view_budget")
def statement_pdf(request, forum, year):
    statement = _statement(forum, year)
    pdf = build_statement_pdf(statement, printed=timezone.now())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{_statement_filename(statement, "pdf")}"'
    )
    return response


@permission_required("forum.view_budget")
def statement_xlsx(request, forum, year):
    statement = _statement(forum, year)
    year = statement.budget_year
    totals = statement.totals
    rows = [
        (_("Allocation"), "", None, None, year.allocation),
        *(
            (_("Category"), row.label, row.committed, row.spent, row.total)
            for row in statement.by_category
        ),
        *(
            (_("Initiative"), row.label, row.committed, row.spent, row.total)
            for row in statement.by_initiative
        ),
        (_("Total"), "", totals.committed, totals.spent, totals.used),
        (_("Left"), "", None, None, totals.left),
    ]
    return xlsx_response(
        filename=_statement_filename(statement, "xlsx"),
        sheet_title=_("Statement %(year)s") % {"year": year.year},
        header=[_("Part"), _("Entry"), _("Committed"), _("Spent"), _("Amount")],
        rows=rows,
    )


@permission_required("forum.view_budget")
def expenses_csv(request, forum):
    forum = get_forum(forum)
    expenses = Expense.objects.filter(budget_year__forum=forum).order_by("date", "pk")
    year = request.GET.get("aar")
    if year and year.isdigit():
        expenses = expenses.filter(budget_year__year=int(year))
    # Labels translated once, not once a row.
    statuses = {value: str(label) for value, label in Expense.Status.choices}
    categories = {value: str(label) for value, label in Expense.Category.choices}
    yes = _("yes")

    def user_name(first: str | None, last: str | None, username: str | None) -> str:
        """What `str(user)` gives (the full name, else the username); empty without a user."""
        return (f"{first} {last}".strip() or username) if username is not None else ""

    def rows():
        # Plain tuples of only the columns written, one query read in chunks: no model
        # instances, no related objects.
        columns = expenses.values_list(
            "date", "budget_year__year", "amount", "category", "status", "initiative__title",
            "meeting_id", "meeting__title", "meeting__starts_at", "description",
            "approved_by__first_name", "approved_by__last_name", "approved_by__username",
            "recorded_by__first_name", "recorded_by__last_name", "recorded_by__username",
            "over_allocation", "over_allocation_reason",
        )  # fmt: skip
        for (
            date, budget_year, amount, category, status, initiative, meeting_id, meeting_title,
            meeting_starts_at, description, approved_first, approved_last, approved_username,
            recorded_first, recorded_last, recorded_username, over_allocation, reason,
        ) in columns.iterator(chunk_size=2000):  # fmt: skip
            meeting = (
                Meeting.label_for(meeting_title, meeting_starts_at)
                if meeting_id is not None
                else ""
            )
            yield (
                date,
                budget_year,
                str(amount).replace(".", ","),
                categories[category],
                statuses[status],
                initiative or "",
                meeting,
                description,
                user_name(approved_first, approved_last, approved_username),
                user_name(recorded_first, recorded_last, recorded_username),
                yes if over_allocation else "",
                reason,
            )

    return csv_response(
        filename=f"udgifter-{forum.slug}{'-' + year if year and year.isdigit() else ''}.csv",
        header=[
            _("Date"),
            _("Budget year"),
            _("Amount (DKK)"),
            _("Category"),
            _("Status"),
            _("Initiative"),
            _("Meeting"),
            _("Description"),
            _("Approved by"),
            _("Recorded by"),
            _("Over the allocation"),
            _("Reason for exceeding the allocation"),
        ],
        rows=rows(),
    )
