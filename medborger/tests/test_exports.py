import io

import openpyxl
import pypdf
import pytest

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
