"""The demo Medborgerforum 2018–2021: its terms of reference, members, meetings, action plan
and budget. Every name and text is invented for the demo. Idempotent: each object is looked up
by its natural key before it is created, always through the services."""

import datetime
from decimal import Decimal

from django.utils import timezone

from policy.models import Document
from policy.services import SectionInput, version_save

from . import services
from .models import (
    ActionPlan,
    Attendance,
    BudgetYear,
    Expense,
    Forum,
    Initiative,
    Meeting,
    Membership,
    Person,
    Seat,
)

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
    people = _members(forum, users)
    meetings = _meetings(forum, users, people)
    initiatives = _action_plan(forum, users)
    _budget(forum, users, initiatives, meetings)
    return forum


MANDATE_START = datetime.date(2018, 3, 1)
MANDATE_END = datetime.date(2021, 12, 31)

#: (seat, kind, [(person, role, starts_on, ends_on), ...]); None for the mandate's bounds.
SEATS = [
    ("Ældrerådet", Seat.Kind.COUNCIL, [
        ("Birthe Holm", Membership.Role.CHAIR, None, None),
        ("Tove Rasmussen", Membership.Role.SUBSTITUTE, None, None),
    ]),
    ("Idrætsforeningerne", Seat.Kind.ORGANISATION, [
        ("Kasper Nygaard", Membership.Role.DEPUTY_CHAIR, None, None),
    ]),
    ("Integrationsrådet", Seat.Kind.COUNCIL, [
        ("Yasmin Ali", Membership.Role.MEMBER, None, None),
        ("Ali Hussein", Membership.Role.SUBSTITUTE, None, None),
    ]),
    ("Handicaprådet", Seat.Kind.COUNCIL, [
        ("Sanne Bech", Membership.Role.MEMBER, None, None),
    ]),
    ("Frivilligcentret", Seat.Kind.ORGANISATION, [
        ("Grethe Sørensen", Membership.Role.MEMBER, None, None),
    ]),
    ("Boligområdernes beboerråd", Seat.Kind.ORGANISATION, [
        ("Omar Farah", Membership.Role.MEMBER, None, None),
    ]),
    ("Kultur og bibliotek", Seat.Kind.MUNICIPALITY, [
        ("Mads Thorup", Membership.Role.MEMBER, None, None),
    ]),
    ("Ungdomsskolen", Seat.Kind.MUNICIPALITY, [
        ("Jonas Mikkelsen", Membership.Role.MEMBER, None, datetime.date(2019, 12, 31)),
        ("Camilla Friis", Membership.Role.MEMBER, datetime.date(2020, 1, 1), None),
    ]),
    ("Erhvervslivet", Seat.Kind.ORGANISATION, [
        ("Peter Lauridsen", Membership.Role.MEMBER, None, None),
    ]),
    ("Borger uden for foreningslivet", Seat.Kind.CITIZEN, [
        ("Henrik Aagaard", Membership.Role.MEMBER, None, datetime.date(2021, 6, 30)),
    ]),
]  # fmt: skip


def _members(forum: Forum, users) -> dict[str, Person]:
    secretary = users["sekretariat"]
    people = {}
    for position, (seat_name, kind, terms) in enumerate(SEATS, start=1):
        seat = Seat.objects.filter(forum=forum, name=seat_name).first() or services.seat_save(
            forum=forum, user=secretary, name=seat_name, kind=kind, position=position
        )
        for name, role, starts_on, ends_on in terms:
            person = people.get(name) or Person.objects.filter(forum=forum, name=name).first()
            if person is None:
                account = users["forummedlem"] if name == "Yasmin Ali" else None
                slug = name.lower().replace(" ", ".").replace("ø", "oe").replace("æ", "ae")
                person = services.person_save(
                    forum=forum,
                    user=secretary,
                    name=name,
                    email=f"{slug}@borger.example",
                    account=account,
                )
            people[name] = person
            starts_on, ends_on = starts_on or MANDATE_START, ends_on or MANDATE_END
            if not Membership.objects.filter(
                seat=seat, person=person, starts_on=starts_on
            ).exists():
                services.membership_save(
                    seat=seat,
                    person=person,
                    role=role,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    user=secretary,
                )
    return people


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


#: (date, title, [(agenda item, decision)], minutes, publish agenda, publish minutes)
MEETINGS = [
    (
        datetime.date(2018, 4, 10),
        "Første forummøde",
        [
            ("Velkomst og præsentationsrunde", "Medlemmerne præsenterede sig og deres bagland."),
            ("Kommissoriet og forummets rammer", "Taget til efterretning."),
            (
                "Valg af formand og næstformand",
                "Birthe Holm blev valgt som formand og Kasper Nygaard som næstformand.",
            ),
            ("Idéer til den første handlingsplan", "Sekretariatet samler idéerne til næste møde."),
        ],
        "<p>Mødet blev holdt i en god og åben stemning. Sekretariatet gennemgik kommissoriet, "
        "herunder at forummet ikke tager sager op, som hører under et stående udvalg.</p>"
        "<h3>Idéer fra runden</h3><ul><li>Flere frivillige i foreningslivet</li>"
        "<li>Fællesspisning i boligområderne</li><li>Unge som mentorer for yngre</li></ul>",
        True,
        True,
    ),
    (
        datetime.date(2018, 9, 18),
        "Forummøde",
        [
            ("Handlingsplan 2018–2019", "Handlingsplanen blev vedtaget."),
            ("Budget 2018", "Forummet godkendte fordelingen af årets bevilling."),
        ],
        "<p>Forummet drøftede udkastet til handlingsplan punkt for punkt og vedtog den med "
        "enkelte tilføjelser om koordinering med kommunens øvrige indsatser.</p>",
        True,
        True,
    ),
    (
        datetime.date(2019, 3, 12),
        "Forummøde",
        [
            ("Status på initiativerne", "Status taget til efterretning."),
            ("Frivillighedens dag 2019", "Forummet står for en stand på dagen."),
        ],
        "<p>Initiativet om fællesspisning er godt i gang i to boligområder. Frivillignetværket "
        "har fået elleve nye frivillige siden efteråret.</p>",
        True,
        True,
    ),
    (
        datetime.date(2019, 11, 5),
        "Forummøde",
        [
            ("Budget 2019: tæt på grænsen", ""),
            ("Evaluering af handlingsplanen", ""),
        ],
        "<p>Udkast: Sekretariatet orienterede om, at årets bevilling næsten er brugt.</p>",
        True,
        False,
    ),
    (
        datetime.date(2020, 2, 25),
        "Forummøde",
        [("Ny handlingsplan 2020–2021", ""), ("Eventuelt", "")],
        "",
        True,
        False,
    ),
]

PRESENT_AT_FIRST_MEETING = [
    "Birthe Holm", "Kasper Nygaard", "Yasmin Ali", "Sanne Bech", "Grethe Sørensen",
    "Omar Farah", "Mads Thorup", "Jonas Mikkelsen", "Peter Lauridsen",
]  # fmt: skip


def _meetings(forum: Forum, users, people: dict[str, Person]) -> list[Meeting]:
    secretary = users["sekretariat"]
    meetings = []
    for day, title, items, minutes, agenda_public, minutes_public in MEETINGS:
        starts_at = _at(day, 17)
        meeting = Meeting.objects.filter(forum=forum, starts_at=starts_at).first()
        if meeting is None:
            meeting = services.meeting_save(
                forum=forum,
                user=secretary,
                title=title,
                starts_at=starts_at,
                ends_at=_at(day, 19, 30),
                place="Ishøj Rådhus, mødelokale 1",
            )
            saved = services.agenda_save(
                meeting=meeting,
                items=[services.AgendaItemInput(title=t) for t, _decision in items],
                user=secretary,
            )
            if minutes:
                services.minutes_save(
                    meeting=meeting,
                    minutes=minutes,
                    decisions={item.pk: d for item, (_t, d) in zip(saved, items, strict=True)},
                    user=secretary,
                )
            if agenda_public:
                services.meeting_publish(meeting=meeting, user=secretary, part="agenda")
            if minutes_public:
                services.meeting_publish(meeting=meeting, user=secretary, part="minutes")
        meetings.append(meeting)
    first = meetings[0]
    if not first.attendances.exists():
        statuses = {people[name]: Attendance.Status.PRESENT for name in PRESENT_AT_FIRST_MEETING}
        statuses[people["Henrik Aagaard"]] = Attendance.Status.EXCUSED
        services.attendance_record(meeting=first, statuses=statuses, user=secretary)
    return meetings


#: title -> (theme, goal, activities, responsible, earmarked, status, standing committee check)
INITIATIVES = {
    "Frivillig i Ishøj": (
        "Frivillighed",
        "Flere borgere engagerer sig som frivillige, også dem der ikke er med i en forening.",
        "Et frivilligtræf om året, en fælles oversigt over frivilligopgaver og en "
        "introduktion for nye frivillige.",
        "Frivilligcentret og forummets arbejdsgruppe",
        Decimal("110000.00"),
        Initiative.Status.IN_PROGRESS,
        Initiative.StandingCommittee.CLEAR,
    ),
    "Fællesspisning i boligområderne": (
        "Fællesskab og ensomhed",
        "Ældre og enlige i boligområderne får et fast sted at spise sammen med andre.",
        "Fællesspisning hver anden uge i to boligområder, lavet sammen med beboerne.",
        "Boligområdernes beboerråd",
        Decimal("80000.00"),
        Initiative.Status.DONE,
        Initiative.StandingCommittee.CLEAR,
    ),
    "Ung til ung": (
        "Unges deltagelse",
        "Unge mellem 16 og 20 år bliver mentorer for yngre i deres fritid.",
        "Uddannelse af mentorer og faste mentoraftener i ungdomsklubben.",
        "Ungdomsskolen",
        Decimal("45000.00"),
        Initiative.Status.APPROVED,
        Initiative.StandingCommittee.CLEAR,
    ),
    "Ny skatepark ved stranden": (
        "Byrum",
        "Et nyt udendørs mødested for unge.",
        "Anlæg af en skatepark.",
        "",
        Decimal("0.00"),
        Initiative.Status.REJECTED,
        Initiative.StandingCommittee.BELONGS,
    ),
    "Foreningsguide på flere sprog": (
        "Inklusion",
        "Nytilflyttede finder hurtigere vej til foreningslivet.",
        "En kort guide til foreningerne på dansk, engelsk og arabisk.",
        "Integrationsrådet",
        Decimal("15000.00"),
        Initiative.Status.PROPOSED,
        Initiative.StandingCommittee.NOT_ASSESSED,
    ),
}

ASSESSMENTS = {
    Initiative.StandingCommittee.CLEAR: "Initiativet ligger inden for forummets opgaver og "
    "overlapper ikke et stående udvalgs område. Koordineres med de relevante centre.",
    Initiative.StandingCommittee.BELONGS: "Anlæg af faciliteter hører under Teknik- og "
    "Miljøudvalget. Forslaget sendes videre dertil som inspiration.",
}


def _action_plan(forum: Forum, users) -> dict[str, Initiative]:
    secretary, member = users["sekretariat"], users["forummedlem"]
    plan = ActionPlan.objects.filter(forum=forum, title="Handlingsplan 2018–2019").first()
    if plan is None:
        plan = services.action_plan_save(
            forum=forum,
            user=secretary,
            title="Handlingsplan 2018–2019",
            starts_on=datetime.date(2018, 6, 1),
            ends_on=datetime.date(2019, 12, 31),
            summary="Forummets første handlingsplan samler sig om frivillighed, fællesskab på "
            "tværs af generationer og unges deltagelse.",
            status=ActionPlan.Status.ADOPTED,
            adopted_on=datetime.date(2018, 9, 18),
        )
    initiatives = {}
    for title, (theme, goal, activities, responsible, budget, status, check) in INITIATIVES.items():
        initiative = plan.initiatives.filter(title=title).first()
        if initiative is None:
            initiative = services.initiative_propose(
                action_plan=plan,
                user=member if status == Initiative.Status.PROPOSED else secretary,
                title=title,
                theme=theme,
                goal=goal,
                planned_activities=activities,
                responsible=responsible,
                indicators="Antal deltagere og deltagernes egne vurderinger." if budget else "",
                coordination_note="Aftalt med Center for Kultur og Fritid." if budget else "",
                budget=budget,
            )
            if check != Initiative.StandingCommittee.NOT_ASSESSED:
                initiative = services.initiative_review(
                    initiative=initiative,
                    user=secretary,
                    standing_committee=check,
                    assessment=ASSESSMENTS[check],
                    decision="reject" if status == Initiative.Status.REJECTED else "approve",
                )
            if status in (Initiative.Status.IN_PROGRESS, Initiative.Status.DONE):
                initiative = services.initiative_update(
                    initiative=initiative, user=secretary, status=status
                )
        initiatives[title] = initiative
    return initiatives


ALLOCATIONS = {
    2018: Decimal("120000.00"),
    2019: Decimal("150000.00"),
    2020: Decimal("150000.00"),
    2021: Decimal("150000.00"),
}

#: (date, amount, category, initiative title or meeting index, description, committed?)
EXPENSES = [
    ("2018-04-10", "1850.00", "meeting", 0, "Forplejning, første forummøde", False),
    ("2018-09-18", "1620.50", "meeting", 1, "Forplejning, forummøde", False),
    ("2018-10-06", "18400.00", "activity", "Frivillig i Ishøj", "Frivilligtræf, leje af hal",
     False),
    ("2018-10-20", "9875.25", "activity", "Fællesspisning i boligområderne",
     "Køkkenudstyr til fællesspisning", False),
    ("2018-11-15", "4200.00", "other", None, "Tryk af foldere om forummet", False),
    ("2019-01-22", "24500.00", "activity", "Fællesspisning i boligområderne",
     "Råvarer, første halvår", False),
    ("2019-03-12", "1740.00", "meeting", 2, "Forplejning, forummøde", False),
    ("2019-04-27", "31250.00", "activity", "Frivillig i Ishøj", "Frivillighedens dag", False),
    ("2019-06-03", "22800.00", "activity", "Ung til ung", "Mentoruddannelse, hold 1", False),
    ("2019-08-19", "26300.00", "activity", "Fællesspisning i boligområderne",
     "Råvarer, andet halvår", False),
    ("2019-10-01", "18650.00", "activity", "Ung til ung", "Mentoruddannelse, hold 2", True),
    ("2019-11-05", "1890.00", "meeting", 3, "Forplejning, forummøde", False),
    ("2019-11-20", "12400.00", "activity", "Frivillig i Ishøj", "Julearrangement for frivillige",
     True),
    ("2020-02-25", "1650.00", "meeting", 4, "Forplejning, forummøde", False),
    ("2020-09-10", "28500.00", "activity", "Frivillig i Ishøj", "Frivilligtræf 2020", False),
    ("2020-10-15", "7300.00", "other", None, "Opdatering af forummets hjemmeside", False),
    ("2021-05-03", "16000.00", "activity", "Frivillig i Ishøj", "Frivilligguide, tryk", True),
]  # fmt: skip


def _budget(forum: Forum, users, initiatives: dict, meetings: list[Meeting]) -> None:
    secretary = users["sekretariat"]
    years = {}
    for year, allocation in ALLOCATIONS.items():
        years[year] = BudgetYear.objects.filter(forum=forum, year=year).first() or (
            services.budget_year_save(forum=forum, year=year, allocation=allocation, user=secretary)
        )
    for day, amount, category, target, description, committed in EXPENSES:
        date = datetime.date.fromisoformat(day)
        budget_year = years[date.year]
        if Expense.objects.filter(
            budget_year=budget_year, date=date, description=description
        ).exists():
            continue
        services.expense_record(
            budget_year=budget_year,
            date=date,
            amount=Decimal(amount),
            category=category,
            description=description,
            user=secretary,
            status=Expense.Status.COMMITTED if committed else Expense.Status.SPENT,
            initiative=initiatives[target] if isinstance(target, str) else None,
            meeting=meetings[target] if isinstance(target, int) else None,
        )
