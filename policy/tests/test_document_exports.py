import datetime
import io

import pytest
from docx import Document as WordDocument

from policy.exports import version_docx, version_pdf

from .document_factories import make_document, save_version

pytestmark = pytest.mark.django_db

BODY = (
    "<p>Indledende <strong>fed</strong> og <em>kursiv</em> tekst med et "
    '<a href="https://ishoj.example/politik">link</a>.</p>'
    "<h3>Delmål</h3>"
    "<ul><li>Første punkt</li><li>Andet punkt</li></ul>"
    "<ol><li>Trin et</li><li>Trin to</li></ol>"
    "<table><tbody><tr><th>Hvornår</th><th>Hvad</th></tr>"
    "<tr><td>Forår</td><td>Status</td></tr></tbody></table>"
)


@pytest.fixture
def version(coordinator):
    document = make_document(
        title="Medborgerpolitik",
        case_officer_name="Louise Kjær",
        case_officer_phone="43 57 75 75",
        case_officer_email="medborger@ishoj.example",
        journal_number="00.01.00-A30-1-18",
        document_date=datetime.date(2026, 12, 1),
    )
    return save_version(
        document,
        coordinator,
        [("Formål", BODY), ("Opfølgning", "<p>Hvert år.</p>")],
        label="Høringsudkast",
    )


def test_the_docx_has_the_header_block_and_word_styles(version):
    doc = WordDocument(io.BytesIO(version_docx(version)))
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs]
    texts = [text for _style, text in paragraphs]
    assert ("Title", "Medborgerpolitik") in paragraphs
    assert "Dato: 1. december 2026" in texts
    assert "Sagsbehandler: Louise Kjær" in texts
    assert "Telefon: 43 57 75 75" in texts
    assert "E-mail: medborger@ishoj.example" in texts
    assert "Journalnummer: 00.01.00-A30-1-18" in texts
    assert [t for s, t in paragraphs if s == "Heading 1"] == ["Formål", "Opfølgning"]
    assert ("Heading 3", "Delmål") in paragraphs
    assert [t for s, t in paragraphs if s == "List Bullet"] == ["Første punkt", "Andet punkt"]
    assert [t for s, t in paragraphs if s == "List Number"] == ["Trin et", "Trin to"]
    intro = next(p for p in doc.paragraphs if p.text.startswith("Indledende"))
    assert intro.text == "Indledende fed og kursiv tekst med et link."
    assert any(run.bold and run.text == "fed" for run in intro.runs)
    assert any(run.italic and run.text == "kursiv" for run in intro.runs)
    assert "https://ishoj.example/politik" in [
        rel.target_ref for rel in doc.part.rels.values() if rel.is_external
    ]
    [table] = doc.tables
    assert table.style.name == "Table Grid"
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Hvornår", "Hvad"],
        ["Forår", "Status"],
    ]
    assert doc.core_properties.title == "Medborgerpolitik"


def test_the_pdf_is_a_pdf(version):
    content = version_pdf(version)
    assert content.startswith(b"%PDF")
    assert len(content) > 1000
