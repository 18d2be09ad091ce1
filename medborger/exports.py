"""Streaming CSV and XLSX downloads whose memory does not grow with the number of rows."""

import csv
import datetime
import re
import tempfile
from collections.abc import Iterable, Sequence

from django.http import FileResponse, StreamingHttpResponse
from django.utils import formats, timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from .text import export_text


class _Echo:
    """A file-like object whose write() returns what it is given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Citizens' text must never run as a spreadsheet formula when staff open an export, nor
    carry control characters that XLSX (XML) refuses."""
    value = export_text(value)
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def date_text(value):
    """A date or a moment as the reader writes it (settings.FORMAT_MODULE_PATH: "03.12.2026
    14:05" in Danish); any other value as it is."""
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return value


#: Django's date format characters and Excel's number format codes for them.
_EXCEL_CODES = {
    "d": "dd",
    "j": "d",
    "m": "mm",
    "n": "m",
    "Y": "yyyy",
    "y": "yy",
    "H": "hh",
    "i": "mm",
}


def excel_format(name: str) -> str:
    """Excel's number format for one of the active language's format names, so a date cell
    shows as the reader writes it ("dd.mm.yyyy hh:mm" in Danish); ISO 8601 where the
    language's pattern has parts Excel cannot show (English "P")."""
    pattern = str(formats.get_format(name))
    if re.search(r"[A-Za-z]", re.sub(r"[djmnYyHi]", "", pattern)):
        return "yyyy-mm-dd hh:mm" if "DATETIME" in name else "yyyy-mm-dd"
    return "".join(_EXCEL_CODES.get(char, char) for char in pattern)


def csv_response(*, filename: str, header: Sequence[str], rows: Iterable[Sequence]):
    """Stream rows as UTF-8 CSV with a BOM and semicolons, which Danish Excel opens correctly.

    `rows` should be a lazy iterable (for example a queryset's `.iterator()` mapped to tuples).
    """
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([spreadsheet_safe(date_text(value)) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def xlsx_response(
    *, filename: str, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence]
):
    """Write rows with openpyxl's write-only mode into a temporary file and stream that file.
    Dates and moments become date cells (in local time) shown in the reader's format."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=export_text(sheet_title)[:31])
    date_format, datetime_format = (
        excel_format("SHORT_DATE_FORMAT"),
        excel_format("SHORT_DATETIME_FORMAT"),
    )

    def cell(value):
        if isinstance(value, datetime.datetime):
            local = WriteOnlyCell(sheet, value=timezone.localtime(value).replace(tzinfo=None))
            local.number_format = datetime_format
            return local
        if isinstance(value, datetime.date):
            day = WriteOnlyCell(sheet, value=value)
            day.number_format = date_format
            return day
        return spreadsheet_safe(value)

    sheet.append([spreadsheet_safe(value) for value in header])
    for row in rows:
        sheet.append([cell(value) for value in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
