"""The municipality's own two documents import completely.

They are not copied into the repository (its fixtures are written afresh, see
test_importer_exports.py); they are read where the workplace keeps them, MEDBORGER_SEEDS_DIR
(default /work/shared/seeds), and these tests run wherever they are present, as in CI here.
"""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import translation

from medborger.dates import DatePrecision
from policy.importer import ImportedTerms, read_terms

SEEDS_DIR = Path(os.environ.get("MEDBORGER_SEEDS_DIR", "/work/shared/seeds"))
SEED_TERMS = SEEDS_DIR / "000_c229fb3a2d788ca9.txt"
SEED_FORUM = SEEDS_DIR / "002_8d218775f360c7d4.txt"

pytestmark = pytest.mark.skipif(
    not (SEED_TERMS.is_file() and SEED_FORUM.is_file()),
    reason=f"The municipality's documents are not in {SEEDS_DIR} (set MEDBORGER_SEEDS_DIR).",
)

TODAY = datetime.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


def read(path, name=None):
    return read_terms(name=name or path.name, data=path.read_bytes(), today=TODAY)


def test_the_forum_document_is_markdown_although_its_name_says_txt():
    assert read(SEED_FORUM).file_kind == "markdown"


def test_the_policy_terms_give_header_title_and_every_section():
    terms = read(SEED_TERMS)
    assert terms.document_date == datetime.date(2017, 11, 15)
    assert terms.case_officer_phone == "43577575"
    assert terms.case_officer_email == "34894@ishoj.dk"
    assert terms.journal_number == "00.00.00-P22-1-17"
    assert terms.title == "Udkast til kommissorium for revidering af Ishøjs Medborgerpolitik"
    assert [s.heading for s in terms.sections] == [
        "Baggrund",
        "Formål",
        "Målgruppe",
        "Processen kort",
        "Organisering og bemanning",
    ]
    # The table of contents is skipped, not read as sections or text.
    assert "Indhold" not in " ".join(s.body for s in terms.sections)
    assert terms.sections[0].body.count("<p>") == 3
    assert "<table>" in terms.sections[3].body
    assert terms.sections[4].body.count("<li>") == 9 + 3 + 6


def test_the_policy_terms_give_all_eight_activity_rows_of_the_timeline():
    terms = read(SEED_TERMS)
    rows = [(m.row, m.kind, m.date_precision, m.starts_on, m.title) for m in terms.milestones]
    D = datetime.date
    assert rows == [
        (2, "committee_approval", "day", D(2017, 11, 20), "Kommissorium godkendes i KU"),
        (3, "staff_workshop", "day", D(2018, 1, 25), "Intern workshop for medarbejdere"),
        (4, "citizens_meeting", "day", D(2018, 1, 31), "Borgermøde"),
        (5, "public_hearing", "month", D(2018, 4, 1), "Offentlig høringsfase"),
        (6, "lokal_med", "unset", None, "Behandles i LokalMED"),
        (7, "hoved_med", "unset", None, "Behandles i HovedMED"),
        (8, "specialist_committee", "month", D(2018, 5, 1), "Behandles i fagudvalg"),
        (9, "city_council", "month", D(2018, 6, 1), "Vedtages endeligt i byrådet"),
    ]
    assert terms.milestones[1].remark.startswith("Her inviteres alle medarbejdere")
    assert "række 6: ingen dato." in terms.warnings
    assert "række 7: ingen dato." in terms.warnings


def test_the_policy_terms_give_both_groups_with_every_member_and_the_coordinator():
    terms = read(SEED_TERMS)
    steering, project = terms.groups
    assert (steering.name, steering.kind, len(steering.members)) == ("Styregruppen", "steering", 9)
    assert (project.name, project.kind, len(project.members)) == ("Projektgruppen", "project", 6)
    assert (steering.members[1].name, steering.members[1].department) == (
        "Per Tostenæs",
        "Center for Ældre og Rehabilitering",
    )
    assert all(member.department for group in terms.groups for member in group.members)
    # "Name: Department" as well as "Name, Department".
    assert (project.members[0].name, project.members[0].department) == (
        "Anne-Dorthe Roland Jensen",
        "Center for Børn og Forebyggelse",
    )
    assert project.members[-1].department == "Ishøj Ungdomsskole"
    assert "struktur og styring" in steering.mandate
    assert "Afholde borgermøde" in project.mandate
    assert terms.coordinator_name == "Jeanet Flørnæss"
    assert "Alle borgere" in terms.target_groups


def test_the_forum_terms_give_period_decision_adoption_and_secretariat():
    terms = read(SEED_FORUM)
    assert terms.document_date == datetime.date(2018, 5, 4)
    assert terms.case_officer_name == "Jeanet Flørnæss Kern"
    assert terms.case_officer_email == "jefke@ishoj.dk"
    assert terms.journal_number == "00.01.00-A30-1-18"
    assert terms.title == "Kommissorium for Medborgerforum 2018-2021"
    assert [s.heading for s in terms.sections] == [
        "Baggrund",
        "Formål",
        "Målgruppe",
        "Organisation",
        "Opgavevaretagelse",
    ]
    forum = terms.forum
    assert (forum.mandate_start_year, forum.mandate_end_year) == (2018, 2021)
    assert forum.council_decision_on == datetime.date(2018, 2, 6)
    assert forum.council_case_number == "32"
    assert forum.terms_adopted_on == datetime.date(2018, 6, 6)
    assert forum.secretariat_unit == "Center for Kultur og Fritid"
    assert forum.purpose.startswith("Medborgerforum skal understøtte")
    assert terms.milestones == [] and terms.groups == []


def test_the_parsed_result_survives_a_round_trip_through_json():
    terms = read(SEED_TERMS)
    again = ImportedTerms.from_json(terms.to_json())
    assert again == terms
    assert again.milestones[0].date_precision == DatePrecision.DAY
    assert again.milestones[0].starts_on == datetime.date(2017, 11, 20)
