"""Exports of Word documents in the two shapes municipalities produce them — plain text with
tabs and a table of contents, and Markdown with bold headings — import completely. The
fixtures are written afresh for these tests."""

import datetime

import pytest
from django.utils import translation

from medborger.dates import DatePrecision
from policy.importer import ImportedTerms, read_terms

from .import_builders import MARKDOWN_EXPORT, TEXT_EXPORT

TODAY = datetime.date(2026, 1, 1)
D = datetime.date


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


def read(path, name=None):
    return read_terms(name=name or path.name, data=path.read_bytes(), today=TODAY)


def test_the_text_export_gives_header_title_and_every_section():
    terms = read(TEXT_EXPORT)
    assert terms.document_date == D(2023, 10, 2)
    assert (terms.case_officer_name, terms.case_officer_phone, terms.case_officer_email) == (
        "Mona Lykke Sørensen",
        "43577100",
        "mls@ishoj.example",
    )
    assert terms.journal_number == "00.01.00-P22-4-23"
    assert terms.title == "Udkast til kommissorium for revision af Ishøjs Frivillighedspolitik"
    assert [s.heading for s in terms.sections] == [
        "Baggrund",
        "Formål",
        "Målgruppe",
        "Tidsplan",
        "Organisering",
    ]
    assert "Indhold" not in " ".join(s.body for s in terms.sections)
    assert terms.sections[0].body.count("<p>") == 3
    assert "<table>" in terms.sections[3].body
    assert terms.sections[4].body.count("<li>") == 5 + 2 + 4


def test_the_text_export_gives_every_timeline_row_with_its_precision_and_year():
    terms = read(TEXT_EXPORT)
    rows = [(m.row, m.kind, m.date_precision, m.starts_on, m.title) for m in terms.milestones]
    assert rows == [
        (2, "committee_approval", "day", D(2023, 10, 16), "Kommissorium godkendes i KFU"),
        (3, "staff_workshop", "day", D(2023, 11, 8), "Intern workshop for medarbejdere"),
        (4, "citizens_meeting", "day", D(2024, 1, 23), "Borgermøde i Kulturhuset"),
        (5, "public_hearing", "month", D(2024, 2, 1), "Offentlig høring"),
        (6, "lokal_med", "unset", None, "Behandles i LokalMED"),
        (7, "hoved_med", "unset", None, "Behandles i HovedMED"),
        (8, "specialist_committee", "month", D(2024, 3, 1), "Behandles i fagudvalget"),
        (9, "city_council", "month", D(2024, 4, 1), "Vedtages i byrådet"),
    ]
    assert terms.milestones[2].remark.startswith("Foreninger og frivillige")
    assert terms.warnings == ["række 6: ingen dato.", "række 7: ingen dato."]


def test_the_text_export_gives_both_groups_with_every_member_and_the_coordinator():
    terms = read(TEXT_EXPORT)
    steering, project = terms.groups
    assert (steering.name, steering.kind, len(steering.members)) == ("Styregruppen", "steering", 5)
    assert (project.name, project.kind, len(project.members)) == ("Projektgruppen", "project", 4)
    # "Name, Department" and "Name: Department".
    assert (steering.members[2].name, steering.members[2].department) == (
        "Signe Mørk",
        "Center for Sundhed",
    )
    assert (project.members[1].name, project.members[1].department) == (
        "Tove Lindqvist",
        "Frivilligcenter Ishøj",
    )
    assert "retning og fremdrift" in steering.mandate
    assert "Holde borgermødet" in project.mandate
    assert terms.coordinator_name == "Mona Lykke Sørensen"
    assert "Frivillige og foreninger" in terms.target_groups


def test_the_markdown_export_gives_period_decision_adoption_and_secretariat():
    terms = read(MARKDOWN_EXPORT)
    assert terms.document_date == D(2022, 3, 14)
    assert terms.case_officer_name == "Erik Fogh Madsen"
    assert terms.case_officer_email == "efm@ishoj.example"
    assert terms.journal_number == "00.01.00-A30-3-22"
    assert terms.title == "Kommissorium for Ungeforum 2022-2025"
    assert [s.heading for s in terms.sections] == [
        "Baggrund",
        "Formål",
        "Målgruppe",
        "Organisation",
        "Opgavevaretagelse",
    ]
    forum = terms.forum
    assert (forum.mandate_start_year, forum.mandate_end_year) == (2022, 2025)
    assert forum.council_decision_on == D(2022, 3, 3)
    assert forum.council_case_number == "47"
    assert forum.terms_adopted_on == D(2022, 6, 14)
    assert forum.secretariat_unit == "Center for Børn og Unge"
    assert forum.purpose.startswith("Ungeforum skal give unge en stemme")
    assert terms.milestones == [] and terms.groups == []


def test_a_markdown_export_saved_as_txt_is_still_read_as_markdown():
    terms = read(MARKDOWN_EXPORT, name="kommissorium.txt")
    assert terms.file_kind == "markdown"
    assert len(terms.sections) == 5
    assert terms.forum.council_case_number == "47"


def test_the_parsed_result_survives_a_round_trip_through_json():
    terms = read(TEXT_EXPORT)
    again = ImportedTerms.from_json(terms.to_json())
    assert again == terms
    assert again.milestones[0].date_precision == DatePrecision.DAY
    assert again.milestones[0].starts_on == D(2023, 10, 16)
