import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pypdf
import pytest
from django.utils import formats, timezone, translation

from medborger import pdf
from medborger.exports import csv_response, spreadsheet_safe, xlsx_response


def test_csv_is_streamed_with_a_bom_semicolons_and_a_danish_filename():
    produced = []

    def rows():
        for i in range(3):
            produced.append(i)
            yield (f"Svar {i}", "Ærø; Øster")

    response = csv_response(filename="høringssvar.csv", header=["Emne", "By"], rows=rows())
    assert produced == []  # nothing is built before the response is consumed
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeffEmne;By\r\n")
    assert 'Svar 0;"Ærø; Øster"' in body
    assert "filename*=utf-8''h%C3%B8ringssvar.csv" in response["Content-Disposition"]


@pytest.mark.parametrize("formula", ["=HYPERLINK(1)", "+1", "-2+3", "@SUM(A1)"])
def test_text_that_a_spreadsheet_would_run_is_made_inert(formula):
    assert spreadsheet_safe(formula) == "'" + formula
    assert spreadsheet_safe(42) == 42


def test_xlsx_holds_every_row():
    response = xlsx_response(
        filename="udgifter.xlsx",
        sheet_title="Udgifter",
        header=["Dato", "Beløb"],
        rows=((f"2026-01-{i:02d}", i) for i in range(1, 21)),
    )
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Udgifter"]
    assert sheet.max_row == 21
    assert [cell.value for cell in sheet[2]] == ["2026-01-01", 1]


EDGE_ROWS = [
    ["a&b<c>d\"e'f", "line1\r\nline2\n", "\tx", "x ", "   ", "æøå – ✓", "=SUM(A1)", "-3"],
    [True, 1.5, 10**20, 0, Decimal("2500000.00"), Decimal("0.10"), None, ""],
    ["x" * 40000, "=" + "y" * 40000, "a\x00b\x1fc"],
    [None, None],
    [],
    ["z"] * 30,
]


def test_xlsx_is_streamed_and_sends_its_first_bytes_before_reading_a_row():
    produced = []

    def rows():
        for i in range(3):
            produced.append(i)
            yield (f"Svar {i}", i)

    response = xlsx_response(filename="svar.xlsx", sheet_title="Svar", header=["A"], rows=rows())
    assert response.streaming
    assert "filename*=utf-8''svar.xlsx" in response["Content-Disposition"] or (
        'filename="svar.xlsx"' in response["Content-Disposition"]
    )
    chunks = iter(response.streaming_content)
    first = next(chunks)
    assert first.startswith(b"PK") and produced == []
    body = first + b"".join(chunks)
    assert produced == [0, 1, 2]
    assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None


def test_xlsx_holds_what_openpyxl_would_write_for_the_same_rows():
    """The streamed workbook reads back cell for cell as openpyxl's own write-only workbook of
    the same rows: formulas made inert, control characters gone, long text cut, numbers as
    numbers, empty cells kept apart from missing ones."""
    expected = openpyxl.Workbook(write_only=True)
    sheet = expected.create_sheet(title="Høringssvar")
    for row in [["Emne", "=By"], *EDGE_ROWS]:
        sheet.append([spreadsheet_safe(value) for value in row])
    buffer = io.BytesIO()
    expected.save(buffer)
    buffer.seek(0)

    response = xlsx_response(
        filename="x.xlsx", sheet_title="Høringssvar", header=["Emne", "=By"], rows=iter(EDGE_ROWS)
    )
    streamed = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    written = openpyxl.load_workbook(buffer)

    assert streamed.sheetnames == written.sheetnames == ["Høringssvar"]
    streamed_rows = list(streamed.active.iter_rows(values_only=True))
    assert streamed_rows == list(written.active.iter_rows(values_only=True))
    assert streamed_rows[1][6] == "'=SUM(A1)" and len(streamed_rows[3][0]) == 32767


#: 14:05 in Copenhagen, stored in UTC as the database does.
MOMENT = timezone.make_aware(datetime.datetime(2026, 12, 3, 14, 5)).astimezone(datetime.UTC)


def test_csv_writes_dates_and_moments_in_local_time_as_danish_does():
    with translation.override("da"):
        response = csv_response(
            filename="x.csv",
            header=["Modtaget", "Dato"],
            rows=[(MOMENT, datetime.date(2026, 1, 9))],
        )
        body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[1] == "03.12.2026 14:05;09.01.2026"


def test_xlsx_holds_date_cells_in_local_time_shown_in_the_danish_form():
    with translation.override("da"):
        response = xlsx_response(
            filename="x.xlsx",
            sheet_title="Svar",
            header=["Modtaget", "Dato"],
            rows=[(MOMENT, datetime.date(2026, 1, 9))],
        )
        content = b"".join(response.streaming_content)
    received, day = openpyxl.load_workbook(io.BytesIO(content))["Svar"][2]
    assert received.value == datetime.datetime(2026, 12, 3, 14, 5)
    assert received.number_format == "dd.mm.yyyy hh:mm"
    assert day.value == datetime.datetime(2026, 1, 9, 0, 0)  # Excel keeps days as moments
    assert day.number_format == "dd.mm.yyyy"


def test_pdf_renders_danish_text(tmp_path, settings):
    template = tmp_path / "pdf_test.html"
    template.write_text(
        '{% extends "pdf/base.html" %}{% block content %}<h1>Høringsnotat – æøå</h1>{% endblock %}'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    data = pdf.render_pdf("pdf_test.html", {})
    assert data.startswith(b"%PDF-")
    text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Høringsnotat – æøå" in text


@pytest.mark.parametrize("language", ["da", "en", "ar", "pl", "so", "tr", "ur"])
def test_csv_dates_read_as_the_languages_own_formatter_writes_them(language):
    day = datetime.date(2026, 1, 9)
    with translation.override(language):
        response = csv_response(filename="x.csv", header=["a", "b"], rows=[(MOMENT, day)])
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        expected = [
            formats.date_format(timezone.localtime(MOMENT), "SHORT_DATETIME_FORMAT"),
            formats.date_format(day, "SHORT_DATE_FORMAT"),
        ]
    assert body.splitlines()[1] == ";".join(expected)


def test_csv_rows_leave_in_chunks_after_the_header_and_control_characters_go():
    rows = [(f"Svar {i}", "=1+1" if i == 7 else "tekst", MOMENT) for i in range(5000)]
    rows[9] = ("Svar \x00=cmd", "\x07=2", MOMENT)

    chunks = list(csv_response(filename="x.csv", header=["a", "b", "c"], rows=rows))

    assert chunks[0].decode("utf-8-sig") == "a;b;c\r\n"  # the header leaves at once
    assert 1 < len(chunks) < 50  # not one chunk per row
    lines = b"".join(chunks).decode("utf-8-sig").splitlines()
    assert len(lines) == 5001
    assert lines[8].split(";")[1] == "'=1+1"
    assert lines[10].split(";")[:2] == ["Svar =cmd", "'=2"]
