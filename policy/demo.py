"""The Ishøj demo case: terms of reference, the policy with a few drafts, groups and timeline,
the project group's tasks, stakeholders and the decisions of the meetings already held.

The structure follows the municipality's terms of reference; every sentence and every person's
name is invented. Dates are placed around today so that the dashboard has a past and a future.
"""

import datetime
import uuid
from dataclasses import dataclass

from medborger import dates
from medborger.dates import DatePrecision
from medborger.history import record_history

from .models import (
    Decision,
    Document,
    Group,
    GroupMember,
    Milestone,
    PolicyRevision,
    ReviewComment,
    Stakeholder,
    Task,
)
from .services import (
    SectionInput,
    comment_create,
    comment_resolve,
    document_transition,
    version_freeze,
    version_save,
)
from .services.process import decision_record, milestone_save, stakeholder_save, task_save


def anchor_year(today: datetime.date) -> int:
    """The year whose 20 November starts the demo timeline: the most recent one."""
    return today.year if today >= datetime.date(today.year, 11, 20) else today.year - 1


TERMS_SECTIONS = [
    (
        "Baggrund",
        "<p>Kommunens medborgerpolitik er fra 2012. Den slår fast, at alle borgere mødes med "
        "samme respekt, uanset job, herkomst eller funktionsevne.</p><p>Politikken skal nu "
        "bringes i takt med kommunens nye strategi og de øvrige politikker, så de taler "
        "sammen.</p>",
    ),
    (
        "Formål",
        "<p>Revisionen skal give en politik, der samler borgere, frivillige, medarbejdere og "
        "politikere om fællesskaber, der både giver muligheder og forpligter.</p><ul>"
        "<li>Frivillighed får sit eget tema.</li><li>Mødet på tværs af forskelle står "
        "centralt.</li><li>Indsatser tager udgangspunkt i den enkelte borgers behov.</li></ul>",
    ),
    (
        "Målgruppe",
        "<p>Primært alle borgere i kommunen. Sekundært alle kommunens medarbejdere.</p>",
    ),
    (
        "Processen kort",
        "<p>Processen løber fra godkendelse af kommissoriet til endelig vedtagelse i byrådet. "
        "Tidsplanen ses på procesoversigten.</p>",
    ),
    (
        "Organisering og bemanding",
        "<p>En styregruppe sikrer struktur og styring og har kontakten til de politiske udvalg. "
        "En projektgruppe udfører opgaverne. Projektkoordinatoren binder grupperne sammen og "
        "skriver politikken.</p>",
    ),
]

#: The policy's drafts: (label, change note, sections). A section is (identity, heading, body);
#: the identity stays the same across drafts, so comparisons show renamed and moved sections.
POLICY_DRAFTS = [
    (
        "Første udkast",
        "",
        [
            ("intro", "Indledning", "<p>Ishøj er en kommune, hvor vi mødes på tværs.</p>"),
            ("community", "Fællesskaber", "<p>Vi vil styrke fællesskaber, der skaber tryghed.</p>"),
            ("volunteers", "Frivillighed", "<p>Frivillige er en drivkraft i lokalsamfundet.</p>"),
        ],
    ),
    (
        "Udkast til styregruppen",
        "Indledningen er skrevet om efter den interne workshop.",
        [
            (
                "intro",
                "Indledning",
                "<p>Ishøj er en kommune, hvor vi mødes på tværs af alder, baggrund og "
                "arbejdsliv.</p>",
            ),
            (
                "community",
                "Fællesskaber",
                "<p>Vi vil styrke forpligtende fællesskaber, der skaber tryghed og nærhed.</p>",
            ),
            (
                "volunteers",
                "Frivillighed",
                "<p>Frivillige er en drivkraft i lokalsamfundet. Kommunen gør det let at "
                "komme i gang.</p>",
            ),
            (
                "follow-up",
                "Sådan følger vi op",
                "<p>Medborgerforum følger politikken med en handlingsplan.</p>",
            ),
        ],
    ),
    (
        "",
        "Styregruppens bemærkninger er indarbejdet: frivillighed står nu før fællesskaberne.",
        [
            (
                "intro",
                "Indledning",
                "<p>Ishøj er en kommune, hvor vi mødes på tværs af alder, baggrund og "
                "arbejdsliv. Politikken gælder for alle, der bor og arbejder her.</p>",
            ),
            (
                "volunteers",
                "Frivillighed og foreningsliv",
                "<p>Frivillige og foreninger er en drivkraft i lokalsamfundet. Kommunen gør det "
                "let at komme i gang og at finde lokaler.</p>",
            ),
            (
                "community",
                "Fællesskaber",
                "<p>Vi vil styrke forpligtende fællesskaber, der skaber tryghed og nærhed.</p>"
                "<ul><li>Mødesteder i alle bydele.</li><li>Aktiviteter på tværs af "
                "generationer.</li></ul>",
            ),
            (
                "follow-up",
                "Sådan følger vi op",
                "<p>Medborgerforum følger politikken med en handlingsplan.</p>",
            ),
        ],
    ),
    (
        "Høringsudkast",
        "Klar til offentlig høring; opfølgningen har fået en tidsplan.",
        [
            (
                "intro",
                "Indledning",
                "<p>Ishøj er en kommune, hvor vi mødes på tværs af alder, baggrund og "
                "arbejdsliv. Politikken gælder for alle, der bor og arbejder her, og den "
                "bygger på borgermødets forslag.</p>",
            ),
            (
                "volunteers",
                "Frivillighed og foreningsliv",
                "<p>Frivillige og foreninger er en drivkraft i lokalsamfundet. Kommunen gør det "
                "let at komme i gang, at finde lokaler og at søge <strong>tilskud</strong>.</p>",
            ),
            (
                "community",
                "Fællesskaber",
                "<p>Vi vil styrke forpligtende fællesskaber, der skaber tryghed og nærhed.</p>"
                "<ul><li>Mødesteder i alle bydele.</li><li>Aktiviteter på tværs af "
                "generationer.</li><li>Plads til nye initiativer fra borgerne.</li></ul>",
            ),
            (
                "follow-up",
                "Sådan følger vi op",
                "<p>Medborgerforum følger politikken med en handlingsplan.</p>"
                "<table><tbody><tr><th>Hvornår</th><th>Hvad</th></tr>"
                "<tr><td>Hvert forår</td><td>Status på handlingsplanen</td></tr>"
                "<tr><td>Hvert andet år</td><td>Ny handlingsplan</td></tr></tbody></table>",
            ),
        ],
    ),
]

#: Steps the demo takes each document through: (target status, who, note). The terms of
#: reference are not a hearing draft: the committee approved them (see `_adopt_terms`).
TERMS_STEPS: list = []
POLICY_STEPS = [
    (Document.Status.STEERING_REVIEW, "koordinator", "Høringsudkastet til styregruppens møde."),
    (
        Document.Status.APPROVED_FOR_HEARING,
        "styregruppe",
        "Godkendt til høring med de aftalte rettelser.",
    ),
]


@dataclass(frozen=True)
class DemoMilestone:
    kind: str
    title: str
    precision: str
    month: int | None
    day: int | None
    remark: str = ""


TIMELINE = [
    DemoMilestone(Milestone.Kind.COMMITTEE_APPROVAL, "Kommissorium godkendes i KU", "day", 11, 20),
    DemoMilestone(
        Milestone.Kind.STAFF_WORKSHOP,
        "Intern workshop for medarbejdere",
        "day",
        1,
        25,
        "Alle medarbejdere inviteres til at drøfte politikken.",
    ),
    DemoMilestone(
        Milestone.Kind.CITIZENS_MEETING,
        "Borgermøde",
        "day",
        1,
        31,
        "Borgere, foreninger, netværk, råd og udvalg inviteres til workshop.",
    ),
    DemoMilestone(Milestone.Kind.PUBLIC_HEARING, "Offentlig høring", "month", 4, None),
    DemoMilestone(Milestone.Kind.LOKAL_MED, "Behandling i LokalMED", "unset", None, None),
    DemoMilestone(Milestone.Kind.HOVED_MED, "Behandling i HovedMED", "unset", None, None),
    DemoMilestone(Milestone.Kind.SPECIALIST_COMMITTEE, "Behandling i fagudvalg", "month", 5, None),
    DemoMilestone(Milestone.Kind.CITY_COUNCIL, "Endelig vedtagelse i byrådet", "month", 6, None),
]

#: The steps the demo can date as done by the calendar alone. The hearing and what follows
#: are done only by what happens (a hearing, decisions), never because a date has passed, so
#: the demo never shows a hearing that did not take place.
BEFORE_THE_HEARING = {
    Milestone.Kind.COMMITTEE_APPROVAL,
    Milestone.Kind.STAFF_WORKSHOP,
    Milestone.Kind.CITIZENS_MEETING,
}

STEERING_GROUP = [
    ("Mette Lund", "Undervisning og Velfærd", GroupMember.Role.CHAIR),
    ("Jens Bach", "Center for Ældre og Rehabilitering", GroupMember.Role.MEMBER),
    ("Sara Nørgaard", "Center for Socialservice", GroupMember.Role.MEMBER),
    ("Peter Dahl", "Dagtilbud og skoler", GroupMember.Role.MEMBER),
    ("Lone Friis", "Center for Børn og Forebyggelse", GroupMember.Role.MEMBER),
    ("Henrik Vang", "Center for Park, Vej og Miljø", GroupMember.Role.MEMBER),
    ("Birgitte Holm", "Kultur og Fritidscenter", GroupMember.Role.MEMBER),
    ("Ali Demir", "Tryghed og Kriminalitetsforebyggelse", GroupMember.Role.MEMBER),
    ("Camilla Krogh", "Stabsenheden Plan", GroupMember.Role.MEMBER),
]

PROJECT_GROUP = [
    ("Fatima Hassan", "Center for Børn og Forebyggelse", GroupMember.Role.MEMBER),
    ("Thomas Berg", "Dagtilbud og skoler", GroupMember.Role.MEMBER),
    ("Nanna Skov", "Center for Ældre og Rehabilitering", GroupMember.Role.MEMBER),
    ("Omar Khalil", "Tryghed og Kriminalitetsforebyggelse", GroupMember.Role.MEMBER),
    ("Rikke Juhl", "Stabsenheden Plan", GroupMember.Role.MEMBER),
    ("Mikkel Storm", "Ishøj Ungdomsskole", GroupMember.Role.MEMBER),
]


def section_key(slug: str, identity: str) -> uuid.UUID:
    """The same demo section gets the same identity in every draft (and every run)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"medborger-demo/{slug}/{identity}")


def _document(*, slug, defaults, drafts, steps, users) -> Document:
    document, _created = Document.objects.get_or_create(slug=slug, defaults=defaults)
    if document.current_version_id is None:
        base = None
        for label, note, sections in drafts:
            version = version_save(
                document=document,
                sections=[
                    SectionInput(heading=h, body=b, key=section_key(slug, identity))
                    for identity, h, b in sections
                ],
                user=users["koordinator"],
                base_number=base,
                label=label,
                change_note=note,
            )
            base = version.number
        for to_status, username, note in steps:
            document_transition(
                document=document, to_status=to_status, user=users[username], note=note
            )
    return document


def _adopt_terms(document: Document, users) -> None:
    """The committee approved the terms of reference: they are adopted as they stand, frozen,
    without a hearing (the way the importer enters adopted terms)."""
    if document.status == Document.Status.ADOPTED or document.current_version is None:
        return
    version = version_freeze(
        version=document.current_version,
        user=users["koordinator"],
        reason="Godkendt i Kultur- og Fritidsudvalget",
    )
    document.status, document.adopted_version = Document.Status.ADOPTED, version
    record_history(document, user=users["koordinator"], reason="Godkendt af udvalget")
    document.save(update_fields=["status", "adopted_version", "updated_at"])


def _review_comments(document: Document, users) -> None:
    version = document.current_version
    if version is None or ReviewComment.objects.filter(document=document).exists():
        return
    sections = {section.heading: section for section in version.sections.all()}
    follow_up = sections.get("Sådan følger vi op")
    if follow_up:
        comment_create(
            section=follow_up,
            user=users["styregruppe"],
            body="Kan vi skrive, hvem der har ansvaret for statussen hvert forår?",
        )
    community = sections.get("Fællesskaber")
    if community:
        comment = comment_create(
            section=community,
            user=users["projektgruppe"],
            body="Borgermødet nævnte også mødesteder for unge om aftenen.",
        )
        comment_resolve(
            comment=comment, user=users["koordinator"], note="Dækket af det første punkt."
        )


def _group(*, revision, kind, name, mandate, position, members, users) -> Group:
    group, created = Group.objects.get_or_create(
        revision=revision,
        kind=kind,
        defaults={"name": name, "mandate": mandate, "position": position},
    )
    if created:
        for index, (person, department, role) in enumerate(members, start=1):
            username = person.split()[0].lower()
            user = next((u for u in users.values() if u.get_full_name() == person), None)
            GroupMember.objects.create(
                group=group,
                name=person,
                department=department,
                role=role,
                email=f"{username}.{index}@ishoj.example",
                phone=f"4357{7500 + index * 7:04d}",
                user=user,
                position=index,
            )
    return group


def seed(*, today, users, stdout=None) -> PolicyRevision:
    year = anchor_year(today)
    coordinator = users["koordinator"]
    officer = {
        "case_officer_name": coordinator.get_full_name(),
        "case_officer_phone": "43 57 75 75",
        "case_officer_email": "medborger@ishoj.example",
    }
    terms = _document(
        slug="kommissorium-medborgerpolitik",
        defaults={
            "kind": Document.Kind.TERMS_OF_REFERENCE,
            "title": "Kommissorium for revision af Medborgerpolitikken",
            "journal_number": f"00.00.00-P22-1-{year % 100:02d}",
            "document_date": datetime.date(year, 11, 15),
            **officer,
        },
        drafts=[
            (
                "Godkendt kommissorium",
                "",
                [(heading, heading, body) for heading, body in TERMS_SECTIONS],
            )
        ],
        steps=TERMS_STEPS,
        users=users,
    )
    _adopt_terms(terms, users)
    policy = _document(
        slug="medborgerpolitik",
        defaults={
            "kind": Document.Kind.POLICY,
            "title": "Medborgerpolitik for Ishøj Kommune",
            "journal_number": f"00.01.00-P22-2-{year % 100:02d}",
            "document_date": datetime.date(year, 12, 1),
            **officer,
        },
        drafts=POLICY_DRAFTS,
        steps=POLICY_STEPS,
        users=users,
    )
    _review_comments(policy, users)
    revision, _created = PolicyRevision.objects.get_or_create(
        slug="revision-af-medborgerpolitikken",
        defaults={
            "title": "Revision af Medborgerpolitikken",
            "policy_document": policy,
            "terms_of_reference": terms,
            "coordinator": coordinator,
            "target_groups": "Alle borgere i kommunen; sekundært kommunens medarbejdere.",
            "starts_on": datetime.date(year, 11, 15),
            "planned_adoption_on": datetime.date(year + 1, 6, 1),
            "planned_adoption_precision": DatePrecision.MONTH,
        },
    )
    steering = _group(
        revision=revision,
        kind=Group.Kind.STEERING,
        name="Styregruppen",
        mandate="Sikrer struktur og styring, har kontakten til de politiske udvalg og vurderer, "
        "hvilke interessenter der skal have særlige invitationer.",
        position=1,
        members=STEERING_GROUP,
        users=users,
    )
    project = _group(
        revision=revision,
        kind=Group.Kind.PROJECT,
        name="Projektgruppen",
        mandate="Udfører processen: borgermødet, synlighed på arbejdspladser, i foreninger og "
        "institutioner, og den interne workshop.",
        position=2,
        members=PROJECT_GROUP,
        users=users,
    )
    if not revision.milestones.exists():
        responsible = {
            Milestone.Kind.STAFF_WORKSHOP: project,
            Milestone.Kind.CITIZENS_MEETING: project,
        }
        for position, row in enumerate(TIMELINE, start=1):
            row_year = year if row.month and row.month >= 11 else year + 1
            starts_on = datetime.date(row_year, row.month, row.day or 1) if row.month else None
            due = dates.due_on(starts_on, row.precision)
            Milestone.objects.create(
                revision=revision,
                kind=row.kind,
                title=row.title,
                date_precision=row.precision,
                starts_on=starts_on,
                remark=row.remark,
                responsible_group=responsible.get(row.kind, steering),
                position=position,
                status=Milestone.Status.DONE
                if due and due < today and row.kind in BEFORE_THE_HEARING
                else Milestone.Status.PLANNED,
            )
    _seed_process(revision=revision, steering=steering, project=project, today=today, users=users)
    _seed_due_milestone(revision=revision, steering=steering, today=today, users=users)
    return revision


def _seed_due_milestone(*, revision, steering, today, users) -> None:
    """A milestone due in a week, so that `make run` shows a reminder e-mail in var/mail/.
    It lands in the timeline where its date puts it, so the order rule holds."""
    if Milestone.objects.filter(revision=revision, title="Udkast til styregruppens møde").exists():
        return
    milestone_save(
        milestone=Milestone(
            revision=revision,
            title="Udkast til styregruppens møde",
            kind=Milestone.Kind.OTHER,
            date_precision=DatePrecision.DAY,
            starts_on=today + datetime.timedelta(days=7),
            responsible_group=steering,
            is_public=False,
            remark="Udkastet sendes til styregruppen en uge før mødet.",
        ),
        user=users["koordinator"],
    )


@dataclass(frozen=True)
class DemoTask:
    title: str
    description: str
    owner: str
    milestone_kind: str
    days_before: int


#: The three tasks the terms of reference give the project group.
PROJECT_TASKS = [
    DemoTask(
        "Holde borgermødet",
        "Program, lokale og ordstyrer. Borgere, frivillige, foreninger, udvalg og interessenter "
        "inviteres.",
        "Fatima Hassan",
        Milestone.Kind.CITIZENS_MEETING,
        0,
    ),
    DemoTask(
        "Gøre borgermødet synligt",
        "Plakater og opslag på kommunens arbejdspladser, i foreningerne og på institutionerne.",
        "Thomas Berg",
        Milestone.Kind.CITIZENS_MEETING,
        14,
    ),
    DemoTask(
        "Inddrage medarbejderne i den interne workshop",
        "Invitation via alle centre, oplæg og opsamling af medarbejdernes input.",
        "Nanna Skov",
        Milestone.Kind.STAFF_WORKSHOP,
        0,
    ),
]


@dataclass(frozen=True)
class DemoStakeholder:
    name: str
    kind: str
    special: bool = False
    #: Days after the committee's approval: decided, sent, answered (None: not yet).
    decided: int | None = None
    sent: int | None = None
    answered: int | None = None
    answer: str = Stakeholder.Answer.PENDING


STAKEHOLDERS = [
    DemoStakeholder(
        "Ældrerådet", Stakeholder.Kind.COUNCIL, True, 1, 2, 3, Stakeholder.Answer.ACCEPTED
    ),
    DemoStakeholder("Handicaprådet", Stakeholder.Kind.COUNCIL, True, 1, 2),
    DemoStakeholder("Integrationsrådet", Stakeholder.Kind.COUNCIL, True, 1),
    DemoStakeholder("Frivilligcentret", Stakeholder.Kind.NETWORK),
    DemoStakeholder("Samrådet for idrætsforeninger", Stakeholder.Kind.ASSOCIATION),
    DemoStakeholder("Boligsocialt netværk i Strandparken", Stakeholder.Kind.NETWORK),
]

#: What the deciding bodies said, for the meetings the demo timeline has passed.
DECISIONS = {
    Milestone.Kind.COMMITTEE_APPROVAL: (
        Decision.Outcome.APPROVED,
        "Udvalget godkendte kommissoriet og bad om, at frivilligheden får sin egen plads i "
        "politikken.",
    ),
    Milestone.Kind.LOKAL_MED: (Decision.Outcome.TREATED, "LokalMED tog udkastet til efterretning."),
    Milestone.Kind.HOVED_MED: (
        Decision.Outcome.TREATED,
        "HovedMED bakkede op om udkastet og ønskede medarbejdernes rolle beskrevet tydeligere.",
    ),
    Milestone.Kind.SPECIALIST_COMMITTEE: (
        Decision.Outcome.RECOMMENDED,
        "Fagudvalget anbefalede byrådet at vedtage politikken.",
    ),
    Milestone.Kind.CITY_COUNCIL: (Decision.Outcome.ADOPTED, "Byrådet vedtog politikken."),
}


def _seed_process(*, revision, steering, project, today, users) -> None:
    coordinator = users["koordinator"]
    milestones = {m.kind: m for m in revision.milestones.all()}
    members = {m.name: m for m in project.members.all()}
    for position, row in enumerate(PROJECT_TASKS, start=1):
        if Task.objects.filter(group=project, title=row.title).exists():
            continue
        milestone = milestones.get(row.milestone_kind)
        due = milestone.due_on - datetime.timedelta(days=row.days_before) if milestone else None
        task_save(
            task=Task(
                group=project,
                title=row.title,
                description=row.description,
                owner=members.get(row.owner),
                due_on=due,
                milestone=milestone,
                position=position,
                status=Task.Status.DONE if due and due < today else Task.Status.OPEN,
            ),
            user=coordinator,
        )

    approval = milestones.get(Milestone.Kind.COMMITTEE_APPROVAL)
    start = approval.starts_on if approval and approval.starts_on else today

    def day(offset):
        return None if offset is None else min(start + datetime.timedelta(days=offset), today)

    for row in STAKEHOLDERS:
        if Stakeholder.objects.filter(revision=revision, name=row.name).exists():
            continue
        stakeholder_save(
            stakeholder=Stakeholder(
                revision=revision,
                name=row.name,
                kind=row.kind,
                special_invitation=row.special,
                invitation_decided_by=steering if row.special else None,
                invitation_decided_on=day(row.decided),
                invitation_sent_on=day(row.sent),
                answered_on=day(row.answered),
                answer=row.answer,
            ),
            user=coordinator,
        )

    versions = {
        revision.terms_of_reference_id: revision.terms_of_reference.current_version,
        revision.policy_document_id: revision.policy_document.current_version,
    }
    for kind, (outcome, text) in DECISIONS.items():
        milestone = milestones.get(kind)
        if milestone is None or milestone.due_on is None or milestone.due_on >= today:
            continue
        if kind not in BEFORE_THE_HEARING:
            continue
        if milestone.decisions.exists():
            continue
        document_id = (
            revision.terms_of_reference_id
            if kind == Milestone.Kind.COMMITTEE_APPROVAL
            else revision.policy_document_id
        )
        meeting_on = milestone.starts_on
        if milestone.date_precision == DatePrecision.MONTH:
            meeting_on += datetime.timedelta(days=14)
        decision_record(
            milestone=milestone,
            version=versions[document_id],
            meeting_on=min(meeting_on, today),
            outcome=outcome,
            text=text,
            user=coordinator,
        )
