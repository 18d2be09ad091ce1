import datetime
import io

import openpyxl
import pypdf
import pytest
from django.utils import timezone, translation

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
