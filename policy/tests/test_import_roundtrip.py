"""A version exported to DOCX imports back to the same sections (the import issue's round trip,
against the real exporter)."""

import datetime

import pytest

from medborger.html import html_to_text
from policy.exports import version_docx
from policy.importer import read_terms
from policy.models import Document
from policy.services import SectionInput, version_save

pytestmark = pytest.mark.django_db

SECTIONS = [
    (
        "Baggrund",
        "<p>Første afsnit om baggrunden.</p><p>Et andet afsnit med <strong>fed</strong> tekst.</p>",
    ),
    ("Formål", "<ul><li>Fællesskab</li><li>Frivillighed</li></ul><ol><li>Et</li><li>To</li></ol>"),
    (
        "Tidsplan",
        "<table><thead><tr><th>Dato</th><th>Aktivitet</th></tr></thead>"
        "<tbody><tr><td>20. nov.</td><td>Godkendelse</td></tr></tbody></table>",
    ),
    ("Organisering", "<p>Styregruppen og projektgruppen.</p>"),
]


def test_an_exported_version_imports_back_to_the_same_sections(coordinator):
    document = Document.objects.create(
        title="Kommissorium for en prøve",
        slug="proeve",
        kind=Document.Kind.TERMS_OF_REFERENCE,
        case_officer_name="Louise Kjær",
        case_officer_phone="43 57 75 75",
        case_officer_email="lk@ishoj.example",
        journal_number="00.01.00-A30-1-26",
        document_date=datetime.date(2026, 11, 2),
    )
    version = version_save(
        document=document,
        sections=[SectionInput(heading=h, body=b) for h, b in SECTIONS],
        user=coordinator,
        base_number=None,
    )
    terms = read_terms(
        name="proeve.docx", data=version_docx(version), today=datetime.date(2026, 11, 23)
    )

    assert terms.title == "Kommissorium for en prøve"
    assert terms.journal_number == "00.01.00-A30-1-26"
    assert terms.document_date == datetime.date(2026, 11, 2)
    assert terms.case_officer_email == "lk@ishoj.example"
    assert [s.heading for s in terms.sections] == [h for h, _b in SECTIONS]
    for imported, (_heading, body) in zip(terms.sections, SECTIONS, strict=True):
        assert html_to_text(imported.body) == html_to_text(body)
    assert terms.sections[1].body.count("<li>") == 4
    assert "<table>" in terms.sections[2].body
