"""A table read as the timeline: which column holds what, then one milestone per row."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from medborger.dates import DatePrecision

from .blocks import Cell, Table
from .classify import column_role
from .danish_dates import DateNotUnderstood, parse_date
from .recognise import milestone_kind
from .result import ImportedMilestone

TIMELINE_HEADERS = {
    "date": r"dato\w*|tidspunkt|tid|hvornår|periode|måned|uge|deadline|frist|tidsplan|start",
    "activity": r"aktivitet\w*|hvad|milepæl\w*|indhold|handling|opgave\w*|beskrivelse|emne|"
    r"proces\w*|fase|begivenhed",
    "remark": r"bemærk\w*|bemaerk\w*|kommentar\w*|note\w*|uddybning|forklaring",
    "responsible": r"ansvarlig\w*|ansvar|hvem|udføres af",
}


@dataclass
class _Columns:
    #: "date", "activity", "remark", "responsible" or None for each column.
    roles: list[str | None]
    #: The header row's texts, or "" where the table has no header row.
    names: list[str]
    #: The index of the first row that is not the header.
    first_row: int


def timeline(table: Table, reference, warnings: list[str]) -> list[ImportedMilestone]:
    columns = _columns(table.rows, reference)
    if columns is None:
        return []
    _warn_unknown_columns(columns, warnings)
    milestones: list[ImportedMilestone] = []
    for number, row in enumerate(table.rows[columns.first_row :], start=columns.first_row + 1):
        milestone = _row(row, number, columns, reference, warnings)
        if milestone is not None:
            _warn_out_of_order(milestones, milestone, warnings)
            milestones.append(milestone)
    return milestones


def _columns(rows: list[list[Cell]], reference) -> _Columns | None:
    if len(rows) < 2:
        return None
    header = [column_role(cell.text, TIMELINE_HEADERS) for cell in rows[0]]
    if "date" in header and "activity" in header:
        return _Columns(header, [cell.text for cell in rows[0]], 1)
    roles = _guess_roles(rows, reference)
    return _Columns(roles, [""] * len(roles), 0) if roles else None


def _guess_roles(rows: list[list[Cell]], reference) -> list[str | None] | None:
    """Without a header row: the first column that mostly holds dates holds the dates, the next
    one the activity, the one after that a remark."""
    width = max(len(row) for row in rows)
    if width < 2:
        return None
    date_column = next((c for c in range(width) if _mostly_dates(rows, c, reference)), None)
    if date_column is None:
        return None
    roles: list[str | None] = [None] * width
    roles[date_column] = "date"
    rest = [c for c in range(width) if c != date_column]
    roles[rest[0]] = "activity"
    if len(rest) > 1:
        roles[rest[1]] = "remark"
    return roles


def _mostly_dates(rows: list[list[Cell]], column: int, reference) -> bool:
    cells = [row[column].text for row in rows if column < len(row) and row[column].text]
    readable = sum(1 for text in cells if _is_date(text, reference))
    return len(cells) >= 2 and readable >= 0.6 * len(cells)


def _is_date(text: str, reference) -> bool:
    try:
        return parse_date(text, reference=reference).precision != DatePrecision.UNSET
    except DateNotUnderstood:
        return False


def _warn_unknown_columns(columns: _Columns, warnings: list[str]) -> None:
    unknown = [name for name, role in zip(columns.names, columns.roles, strict=True) if not role]
    unknown = [name for name in unknown if name]
    if unknown:
        warnings.append(
            _(
                "The timeline has columns that are not recognised (%(columns)s); their content "
                "has been added to the remark."
            )
            % {"columns": ", ".join(f"»{name}«" for name in unknown)}
        )


def _warn_out_of_order(before: list[ImportedMilestone], milestone, warnings) -> None:
    previous = next((m.starts_on for m in reversed(before) if m.starts_on), None)
    if previous and milestone.starts_on and milestone.starts_on < previous:
        warnings.append(
            _("Row %(row)s: the date is before the row above; check the year.")
            % {"row": milestone.row}
        )


# --- One row ----------------------------------------------------------------------------------


def _row(row: list[Cell], number: int, columns: _Columns, reference, warnings):
    """The row's milestone; None for an empty row or one without an activity."""
    filled = [i for i, cell in enumerate(row) if cell.text.strip()]
    if not filled:
        return None
    width = len(columns.roles)
    if filled[-1] >= width:
        raise ValidationError(
            _(
                "Row %(row)s of the timeline has %(cells)s columns, but the table has only "
                "%(columns)s. Give every row the same columns and try again."
            ),
            code="extra_columns",
            params={"row": number, "cells": filled[-1] + 1, "columns": width},
        )
    values, extra = _row_values(row, columns)
    return _milestone(values, extra, number, reference, warnings)


def _row_values(row: list[Cell], columns: _Columns) -> tuple[dict[str, str], list[str]]:
    """Each role's text (the first column with that role), and the rest for the remark."""
    values = dict.fromkeys(TIMELINE_HEADERS, "")
    extra = []
    for cell, role, name in zip(row, columns.roles, columns.names, strict=False):
        text = " ".join(cell.text.split())
        if role and not values[role]:
            values[role] = text
        elif text:
            extra.append(f"{name}: {text}" if name else text)
    return values, extra


def _milestone(values, extra, row, reference, warnings) -> ImportedMilestone | None:
    activity = values["activity"]
    remark = "\n".join(part for part in [values["remark"], *extra] if part)
    if not activity:
        if values["date"] or remark:
            warnings.append(
                _("Row %(row)s: no activity; the row has been left out.") % {"row": row}
            )
        return None
    milestone = ImportedMilestone(
        title=activity[:300],
        kind=milestone_kind(activity),
        remark=remark,
        responsible=values["responsible"],
        row=row,
        date_text=values["date"],
    )
    if values["date"]:
        _date(milestone, reference, warnings)
    else:
        warnings.append(_("Row %(row)s: no date.") % {"row": row})
    return milestone


def _date(milestone: ImportedMilestone, reference, warnings: list[str]) -> None:
    """The milestone's dates from its date text; a date the text qualifies ("ca.", "senest")
    or that cannot be read is kept in the remark as written."""
    try:
        parsed = parse_date(milestone.date_text, reference=reference)
    except DateNotUnderstood:
        warnings.append(
            _('Row %(row)s: the date "%(date)s" could not be read; it is kept in the remark.')
            % {"row": milestone.row, "date": milestone.date_text}
        )
        milestone.remark = _with_date_text(milestone)
        return
    milestone.date_precision = parsed.precision
    milestone.starts_on, milestone.ends_on = parsed.starts_on, parsed.ends_on
    if parsed.qualifier:
        milestone.remark = _with_date_text(milestone)


def _with_date_text(milestone: ImportedMilestone) -> str:
    note = _("Date in the document: %s") % milestone.date_text
    return "\n".join(part for part in [note, milestone.remark] if part)
