"""Streaming CSV and XLSX downloads whose memory does not grow with the number of rows."""

import csv
import tempfile
from collections.abc import Iterable, Sequence

from django.http import FileResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook

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


def csv_response(*, filename: str, header: Sequence[str], rows: Iterable[Sequence]):
    """Stream rows as UTF-8 CSV with a BOM and semicolons, which Danish Excel opens correctly.

    `rows` should be a lazy iterable (for example a queryset's `.iterator()` mapped to tuples).
    """
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([spreadsheet_safe(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def xlsx_response(
    *, filename: str, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence]
):
    """Write rows with openpyxl's write-only mode into a temporary file and stream that file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=export_text(sheet_title)[:31])
    sheet.append([spreadsheet_safe(value) for value in header])
    for row in rows:
        sheet.append([spreadsheet_safe(value) for value in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
