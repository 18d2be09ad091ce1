"""Documents in other shapes than the seeds: Word with styles and tables, Markdown with a pipe
table, text with other headings, OpenDocument, and the DOCX export's layout read back."""

import datetime

import pytest
from django.utils import translation
from docx import Document as new_docx

from medborger.html import html_to_text
from policy.importer import read_terms

from .import_builders import (
    MARKDOWN_TERMS,
    ODT_TERMS,
    TEXT_TERMS,
    docx_bytes,
    header_block,
    word_terms,
)

TODAY = datetime.date(2026, 1, 1)
D = datetime.date


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


def test_a_word_document_with_heading_styles_and_a_word_table():
    terms = read_terms(name="idræt.docx", data=word_terms(), today=TODAY)
    assert terms.file_kind == "docx"
    assert terms.title == "Kommissorium for en ny idrætspolitik"
    assert (terms.document_date, terms.case_officer_name, terms.journal_number) == (
        D(2024, 9, 3),
        "Ruth Kjærsgaard",
        "00.01.00-P22-4-24",
    )
    assert [s.heading for s in terms.sections] == ["Indledning", "Tidsplan", "Organisering"]
    assert "<strong>samle</strong>" in terms.sections[0].body
    assert terms.sections[0].body.count("<li>") == 2
    assert "<h3>Styregruppe</h3>" in terms.sections[2].body
    kinds = [(m.kind, m.date_precision, m.starts_on, m.ends_on) for m in terms.milestones]
    assert kinds == [
        ("committee_approval", "day", D(2024, 10, 10), None),
        ("staff_workshop", "day", D(2024, 11, 4), D(2024, 11, 10)),  # uge 45
        ("citizens_meeting", "day", D(2024, 12, 1), D(2024, 12, 15)),  # 1.-15. december
        ("public_hearing", "month", D(2025, 2, 1), None),
        ("lokal_med", "unset", None, None),
        ("specialist_committee", "month", D(2025, 3, 1), None),
        ("city_council", "month", D(2025, 4, 1), None),
    ]
    steering, working = terms.groups
    assert [(m.name, m.department, m.role) for m in steering.members] == [
        ("Karim Nasser", "Kultur og Fritid", "chair"),
        ("Bodil Winther", "Skoler og Dagtilbud", "member"),
    ]
    assert steering.kind == "steering"
    assert [(m.name, m.department) for m in working.members] == [
        ("Lærke Holt", "Idrætsservice"),
        ("Jakob Friis", "Ungdomsskolen"),
    ]
    assert terms.coordinator_name == "Ruth Kjærsgaard"


def test_a_markdown_file_with_a_pipe_table_and_parenthesised_numbers():
    terms = read_terms(name="grønt.md", data=MARKDOWN_TERMS.encode(), today=TODAY)
    assert terms.title == "Kommissorium: Strategi for grønne fællesarealer"
    assert terms.revision_title == "Strategi for grønne fællesarealer"
    assert (terms.document_date, terms.case_officer_name, terms.case_officer_phone) == (
        D(2025, 3, 12),
        "Ole Brink",
        "43 57 11 22",
    )
    assert terms.journal_number == "00.17.00-P22-3-25"
    assert [s.heading for s in terms.sections] == [
        "Baggrund",
        "Formål og målgruppe",
        "Tidsplan",
        "Projektgruppe",
    ]
    assert "<em>ujævnt</em>" in terms.sections[0].body
    assert [(m.kind, m.date_precision, m.starts_on) for m in terms.milestones] == [
        ("committee_approval", "day", D(2025, 4, 2)),
        ("citizens_meeting", "month", D(2025, 5, 1)),
        ("public_hearing", "day", D(2025, 6, 16)),
        ("city_council", "month", D(2025, 8, 1)),
    ]
    assert "Ultimo august" in terms.milestones[-1].remark
    (group,) = terms.groups
    assert (group.kind, [(m.name, m.department) for m in group.members]) == (
        "project",
        [
            ("Signe Lund", "Park og Vej"),
            ("Arne Bech", "Natur og Miljø"),
            ("Hanne Mølgaard", "Borgerservice"),
        ],
    )


def test_a_text_file_with_differently_worded_headings_and_plain_member_lines():
    terms = read_terms(name="ældre.txt", data=TEXT_TERMS.encode(), today=TODAY)
    assert terms.title == "Kommissorium for revision af ældrepolitikken"
    assert terms.document_date == D(2026, 1, 5)
    assert [s.heading for s in terms.sections] == ["Hvorfor en ny politik", "Plan", "Deltagere"]
    # A hard-wrapped paragraph is one paragraph.
    assert terms.sections[0].body.count("<p>") == 1
    assert [(m.kind, m.date_precision, m.starts_on, m.ends_on) for m in terms.milestones] == [
        ("staff_workshop", "month", D(2026, 2, 1), None),
        ("citizens_meeting", "day", D(2026, 3, 15), D(2026, 3, 20)),
        ("hoved_med", "month", D(2026, 4, 1), None),
        ("city_council", "unset", None, None),
    ]
    assert 'række 5: datoen "efterår" kunne ikke læses; den er gemt i bemærkningen.' in (
        terms.warnings
    )
    assert terms.milestones[-1].remark == "Dato i dokumentet: efterår"
    (group,) = terms.groups
    assert [(m.name, m.department) for m in group.members] == [
        ("Vagn Holm", "Sundhed og Omsorg"),
        ("Kirsten Due", "Ældrecentrene"),
    ]
    assert terms.coordinator_name == "Maja Thorsen"


def test_an_opendocument_text_for_a_forum():
    terms = read_terms(name="unge.odt", data=ODT_TERMS, today=TODAY)
    assert terms.file_kind == "odt"
    assert [s.heading for s in terms.sections] == ["Baggrund", "Sekretariat"]
    assert "<strong>ungeforum</strong>" in terms.sections[0].body
    forum = terms.forum
    assert (forum.name, forum.mandate_start_year, forum.mandate_end_year) == (
        "Ungeforum 2026-2029",
        2026,
        2029,
    )
    assert (forum.council_decision_on, forum.council_case_number) == (D(2025, 6, 3), "117")
    assert forum.terms_adopted_on == D(2025, 9, 2)
    assert forum.secretariat_unit == "Center for Børn og Unge"


def exported_docx(sections) -> bytes:
    """A document laid out as the DOCX export writes a version: the header block, then
    'Heading 1' for each section, 'List Bullet'/'List Number' paragraphs and real tables."""
    document = new_docx()
    header_block(document, date="15-11-2017", name="Per Sand", journal="00.00.00-P22-1-17")
    document.add_paragraph("Medborgerpolitik", style="Title")
    for heading, parts in sections:
        document.add_heading(heading, level=1)
        for kind, content in parts:
            if kind == "p":
                document.add_paragraph(content)
            elif kind in ("ul", "ol"):
                style = "List Bullet" if kind == "ul" else "List Number"
                for item in content:
                    document.add_paragraph(item, style=style)
            elif kind == "table":
                table = document.add_table(rows=0, cols=len(content[0]))
                for values in content:
                    for cell, value in zip(table.add_row().cells, values, strict=True):
                        cell.text = value
    return docx_bytes(document)


def test_a_docx_export_of_a_version_imports_back_to_the_same_sections():
    sections = [
        ("Indledning", [("p", "Vi mødes på tværs."), ("p", "Alle er velkomne.")]),
        ("Fællesskaber", [("ul", ["Tryghed", "Nærhed"]), ("p", "Sådan gør vi.")]),
        ("Trin", [("ol", ["Først lytter vi", "Så handler vi"])]),
        ("Overblik", [("table", [("Tema", "Ansvar"), ("Frivillighed", "Kultur")])]),
    ]
    terms = read_terms(name="export.docx", data=exported_docx(sections), today=TODAY)
    assert [s.heading for s in terms.sections] == [h for h, _parts in sections]
    bodies = [s.body for s in terms.sections]
    assert bodies[0] == "<p>Vi mødes på tværs.</p>\n<p>Alle er velkomne.</p>"
    assert bodies[1] == "<ul><li>Tryghed</li><li>Nærhed</li></ul>\n<p>Sådan gør vi.</p>"
    assert bodies[2] == "<ol><li>Først lytter vi</li><li>Så handler vi</li></ol>"
    assert '<th scope="col">Tema</th>' in bodies[3] and "<td>Frivillighed</td>" in bodies[3]
    assert html_to_text(bodies[3]) == "Tema Ansvar Frivillighed Kultur"
    assert (terms.case_officer_name, terms.journal_number) == ("Per Sand", "00.00.00-P22-1-17")
    assert terms.title == "Medborgerpolitik"
