"""The yearly statement as PDF, laid out with ReportLab's platypus.

Not through `medborger.pdf.render_pdf`: xhtml2pdf parsed the HTML and its CSS for every cell
and laid out each table cell as a frame of its own, about 700 ms for a year of 200 initiatives;
the same tables built as platypus `Table`s of plain strings take a fraction of that. The
content is the template's (`forum/_statement_tables.html`): the same headings, captions, rows
and footer, in the built-in Helvetica (no font files to load).
"""

import datetime
import io
from functools import cache
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from medborger.text import export_text

from .money import format_dkk, format_number
from .reports import StatementRow, YearStatement

_HEADER_BACKGROUND = colors.HexColor("#e8ecf0")
_MUTED = colors.HexColor("#444444")
_LINE = colors.HexColor("#555555")


@cache
def _styles() -> dict[str, Any]:
    """Paragraph and table styles, built once per process."""
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10.5, leading=14.7)
    return {
        "h1": ParagraphStyle("h1", parent=body, fontName="Helvetica-Bold", fontSize=18,
                             leading=22, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=body, fontName="Helvetica-Bold", fontSize=13.5,
                             leading=17, spaceBefore=14, spaceAfter=4),
        "muted": ParagraphStyle("muted", parent=body, textColor=_MUTED),
        "caption": ParagraphStyle("caption", parent=body, spaceAfter=2),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, leading=13),
        "cell-heading": ParagraphStyle(
            "cell-heading", parent=body, fontName="Helvetica-Bold", leading=13
        ),
        "table": TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 10.5),
                ("GRID", (0, 0), (-1, -1), 0.5, _LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        ),
    }  # fmt: skip


def _text(value: object) -> str:
    return escape(export_text(str(value)))


def _table(
    header: list[str] | None,
    rows: list[list[str]],
    *,
    widths: list[float],
    amounts: tuple[int, ...],
    footer: list[str] | None = None,
    row_headers: bool = True,
) -> Table:
    """A table with a header row (and footer row) styled like `th`, the first column too if
    `row_headers`; the `amounts` columns are right-aligned numbers, the others wrap."""
    styles = _styles()
    cell, heading = styles["cell"], styles["cell-heading"]
    data: list[list[Any]] = []
    if header:
        data.append(header)
    # Labels and descriptions wrap; numbers are short and stay plain strings.
    data += [
        [value if index in amounts
         else Paragraph(_text(value), heading if row_headers and index == 0 else cell)
         for index, value in enumerate(row)]
        for row in rows
    ]  # fmt: skip
    if footer:
        data.append(footer)
    commands: list[tuple] = [("ALIGN", (index, 0), (index, -1), "RIGHT") for index in amounts]
    if row_headers:
        commands.append(("BACKGROUND", (0, 0), (0, -1), _HEADER_BACKGROUND))
    if header:
        commands += [
            ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 10.5),
            ("BACKGROUND", (0, 0), (-1, 0), _HEADER_BACKGROUND),
        ]
    if footer:
        commands += [
            ("FONT", (0, -1), (0, -1), "Helvetica-Bold", 10.5),
            ("BACKGROUND", (0, -1), (0, -1), _HEADER_BACKGROUND),
        ]
    table = Table(data, colWidths=widths, repeatRows=1 if header else 0)
    table.setStyle(styles["table"])
    table.setStyle(TableStyle(commands))
    return table


def _numbered_canvas(footer: str) -> type[Canvas]:
    """A canvas that writes "footer · page N / M" on every page once it knows M."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            count = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont("Helvetica", 10.5)
                self.setFillColor(_MUTED)
                self.drawString(2 * cm, 1.3 * cm, f"{footer} {self._pageNumber} / {count}")
                super().showPage()
            super().save()

    return NumberedCanvas


def statement_pdf(statement: YearStatement, *, printed: datetime.datetime) -> bytes:
    """The yearly statement of a budget year as PDF bytes."""
    styles = _styles()
    year = statement.budget_year
    forum = year.forum
    totals = statement.totals
    title = _("Statement %(year)s") % {"year": year.year}
    meta = [forum.name]
    if forum.secretariat_unit:
        meta.append(forum.secretariat_unit)
    meta.append(
        _("Printed %(date)s") % {"date": date_format(timezone.localtime(printed), "DATE_FORMAT")}
    )
    width = A4[0] - 4 * cm
    columns = [width - 10.6 * cm, 1.6 * cm, 3 * cm, 3 * cm, 3 * cm]

    story: list[Any] = [
        Paragraph(_text(title), styles["h1"]),
        Paragraph(_text(" · ".join(meta)), styles["muted"]),
        Paragraph(_text(_("Summary")), styles["h2"]),
        Paragraph(_text(_("Allocation, committed, spent and left")), styles["caption"]),
        _table(
            None,
            [
                [_("Allocation"), format_dkk(totals.allocation)],
                [_("Committed (planned, not yet paid)"), format_dkk(totals.committed)],
                [_("Spent (paid)"), format_dkk(totals.spent)],
                [_("Left"), format_dkk(totals.left)],
            ],
            widths=[width * 0.55, width * 0.3],
            amounts=(1,),
        ),
        Paragraph(_text(_("Expenses by category")), styles["h2"]),
        Paragraph(_text(_("Expenses by category (DKK)")), styles["caption"]),
    ]
    amount_header = [_("Number"), _("Committed"), _("Spent"), _("Total")]

    def amount_row(row: StatementRow) -> list[str]:
        return [
            row.label,
            str(row.count),
            format_number(row.committed),
            format_number(row.spent),
            format_number(row.total),
        ]

    story.append(
        _table(
            [_("Category"), *amount_header],
            [amount_row(row) for row in statement.by_category],
            widths=columns,
            amounts=(1, 2, 3, 4),
            footer=[
                _("Total"),
                "",
                format_number(totals.committed),
                format_number(totals.spent),
                format_number(totals.used),
            ],
        )
    )
    story.append(Paragraph(_text(_("Expenses by initiative")), styles["h2"]))
    if statement.by_initiative:
        story += [
            Paragraph(_text(_("Expenses by initiative (DKK)")), styles["caption"]),
            _table(
                [_("Initiative"), *amount_header],
                [amount_row(row) for row in statement.by_initiative],
                widths=columns,
                amounts=(1, 2, 3, 4),
            ),
        ]
    else:
        story.append(
            Paragraph(_text(_("No expenses have been recorded for this year.")), styles["body"])
        )
    if statement.over_allocation:
        story += [
            Paragraph(_text(_("Expenses over the allocation")), styles["h2"]),
            Paragraph(
                _text(_("Expenses that took the year over its allocation, with the reasons")),
                styles["caption"],
            ),
            _table(
                [_("Date"), _("Description"), _("Amount (DKK)"), _("Reason")],
                [
                    [
                        date_format(expense.date, "SHORT_DATE_FORMAT"),
                        expense.description,
                        format_number(expense.amount),
                        expense.over_allocation_reason,
                    ]
                    for expense in statement.over_allocation
                ],
                widths=[width * 0.15, width * 0.35, width * 0.17, width * 0.33],
                amounts=(2,),
                row_headers=False,
            ),
        ]
    output = io.BytesIO()
    document = SimpleDocTemplate(
        output,
        pagesize=A4,
        title=f"{title} – {forum.name}",
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2.2 * cm,
    )
    footer = f"{_('Ishøj Municipality')} · {_('page')}"
    document.build(story, canvasmaker=_numbered_canvas(footer))
    return output.getvalue()
