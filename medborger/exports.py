"""Streaming CSV and XLSX downloads whose memory does not grow with the number of rows, and
whose first bytes leave before the last row is read."""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import chain
from typing import Any

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .text import export_text


class _Echo:
    """A file-like object whose write() returns what it is given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Citizens' text must never run as a spreadsheet formula when staff open an export, nor
    carry control characters that XLSX (XML) refuses."""
    if not isinstance(value, str):
        return value
    value = export_text(value)
    return "'" + value if value.startswith(_FORMULA_PREFIXES) else value


def csv_response(
    *, filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """Stream rows as UTF-8 CSV with a BOM and semicolons, which Danish Excel opens correctly.

    `rows` should be a lazy iterable (for example a queryset's `.iterator()` mapped to tuples).
    """
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([spreadsheet_safe(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return response


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SHEET = "xl/worksheets/sheet1.xml"
#: Bytes of compressed output gathered before they are sent on.
_XLSX_CHUNK = 64 * 1024
#: The longest text a spreadsheet cell holds (openpyxl cuts text there too).
_CELL_MAX = 32767


class _Sink(io.RawIOBase):
    """An unseekable file that keeps what is written until it is drained, so zipfile writes
    the archive as a stream (sizes after each member's data)."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview, /) -> int:  # type: ignore[override]
        chunk = bytes(data)
        self.chunks.append(chunk)
        self.size += len(chunk)
        return len(chunk)

    def drain(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks, self.size = [], 0
        return data


def _xml_text(value: str) -> str:
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def _column_letters(count: int) -> list[str]:
    return [get_column_letter(index) for index in range(1, count + 1)]


def _cell_xml(reference: str, value: object) -> str:
    """One cell as openpyxl's write-only mode writes it (text inline, no shared strings), after
    `spreadsheet_safe`."""
    if isinstance(value, str):
        text = export_text(value)[:_CELL_MAX]
        if not text:
            return f'<c r="{reference}" t="inlineStr"></c>'
        if text.startswith(_FORMULA_PREFIXES):
            text = "'" + text[: _CELL_MAX - 1]
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'<c r="{reference}" t="inlineStr"><is><t{space}>{_xml_text(text)}</t></is></c>'
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f'<c r="{reference}" t="n"><v>{float(value):.16g}</v></c>'
    return _cell_xml(reference, str(value))


def _workbook_parts(sheet_title: str) -> tuple[list[tuple[zipfile.ZipInfo, bytes]], bytes, bytes]:
    """openpyxl's parts of a workbook with one empty sheet: every part but the sheet, and the
    sheet's XML before and after its rows."""
    workbook = Workbook(write_only=True)
    workbook.create_sheet(title=export_text(sheet_title)[:31])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    sheet = next(data for info, data in parts if info.filename == _SHEET)
    before, after = sheet.split(b"<sheetData></sheetData>")
    return parts, before + b"<sheetData>", b"</sheetData>" + after


def xlsx_chunks(*, sheet_title: str, header: Sequence, rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The workbook as a stream of bytes: the sheet's rows are compressed as they are read, and
    sent on every 64 KB, so neither the time to the first byte nor the memory grows with the rows.
    """
    parts, sheet_start, sheet_end = _workbook_parts(sheet_title)
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            if info.filename != _SHEET:
                archive.writestr(info, data)
                continue
            yield sink.drain()  # the first bytes leave before the first row is read
            with archive.open(_SHEET, "w") as sheet:
                sheet.write(sheet_start)
                letters: list[str] = []
                for number, row in enumerate(chain([header], rows), start=1):
                    if len(row) > len(letters):
                        letters = _column_letters(len(row))
                    cells = "".join(
                        _cell_xml(f"{letter}{number}", value)
                        for letter, value in zip(letters, row, strict=False)
                    )
                    sheet.write(f'<row r="{number}">{cells}</row>'.encode())
                    if sink.size >= _XLSX_CHUNK:
                        yield sink.drain()
                sheet.write(sheet_end)
            yield sink.drain()
    yield sink.drain()


def xlsx_response(
    *, filename: str, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """Stream rows as an XLSX workbook (see `xlsx_chunks`); `rows` should be lazy."""
    response = StreamingHttpResponse(
        xlsx_chunks(sheet_title=sheet_title, header=header, rows=rows),
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return response
