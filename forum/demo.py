"""The demo Medborgerforum 2018–2021 and its terms of reference (text written for the demo)."""

import datetime

from policy.models import Document
from policy.services import SectionInput, version_save

from .models import Forum

TERMS_SECTIONS = [
    (
        "Baggrund",
        "<p>Byrådet besluttede i februar 2018, at der skal nedsættes et medborgerforum for "
        "perioden 2018–2021, og at forummet skal have et kommissorium.</p>",
    ),
    (
        "Formål",
        "<p>Forummet hjælper med at føre medborgerpolitikken ud i livet. Det samler "
        "repræsentanter fra mange dele af kommunen og peger på tiltag, der styrker "
        "fællesskabet og modvirker ensomhed og isolation.</p>",
    ),
    ("Målgruppe", "<p>Alle borgere i kommunen.</p>"),
    ("Organisation", "<p>Sekretariatet ligger i Center for Kultur og Fritid.</p>"),
    (
        "Opgaver",
        "<ul><li>Forummet foreslår initiativer, temaer og mål.</li><li>Arbejdet planlægges på "
        "møder og samles i en handlingsplan for højst to år.</li><li>Forummet tager ikke sager "
        "op, som hører under et stående udvalg.</li><li>Der er en årlig bevilling til "
        "aktiviteter og møder.</li></ul>",
    ),
]


def seed(*, today, users, stdout=None) -> Forum:
    secretary = users["sekretariat"]
    terms, _created = Document.objects.get_or_create(
        slug="kommissorium-medborgerforum-2018-2021",
        defaults={
            "kind": Document.Kind.TERMS_OF_REFERENCE,
            "title": "Kommissorium for Medborgerforum 2018–2021",
            "journal_number": "00.01.00-A30-1-18",
            "document_date": datetime.date(2018, 5, 4),
            "status": Document.Status.ADOPTED,
            "case_officer_name": users["koordinator"].get_full_name(),
            "case_officer_phone": "43 57 75 75",
            "case_officer_email": "medborger@ishoj.example",
        },
    )
    if terms.current_version_id is None:
        version_save(
            document=terms,
            sections=[SectionInput(heading=h, body=b) for h, b in TERMS_SECTIONS],
            user=users["koordinator"],
            base_number=None,
            label="Vedtaget af byrådet",
        )
    forum, _created = Forum.objects.get_or_create(
        slug="medborgerforum-2018-2021",
        defaults={
            "name": "Medborgerforum 2018–2021",
            "mandate_start_year": 2018,
            "mandate_end_year": 2021,
            "council_decision_on": datetime.date(2018, 2, 6),
            "council_case_number": "32",
            "terms_of_reference": terms,
            "terms_adopted_on": datetime.date(2018, 6, 6),
            "secretariat_unit": "Center for Kultur og Fritid",
            "secretariat_contact_name": secretary.get_full_name(),
            "secretariat_contact_email": "medborgerforum@ishoj.example",
            "secretariat_contact_phone": "43 57 70 00",
            "purpose": "Medborgerforum omsætter medborgerpolitikken til handling. Forummet "
            "samler stemmer fra hele kommunen og foreslår initiativer, der styrker "
            "fællesskabet.",
        },
    )
    return forum
