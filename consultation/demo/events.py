"""Demo involvement: the staff workshop and the citizens' meeting of the demo timeline.

Dates follow the revision's milestones; every name and sentence is invented.
"""

import datetime

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from medborger import stamps
from policy.demo import section_key
from policy.models import Milestone, PolicyRevision, Section

from .. import counts
from ..models import Event, SignUp
from ..services.events import event_note_add, event_save

WORKSHOP_SIGNUPS = [
    ("Maja Thygesen", "Jobcentret", "", False, False),
    ("Kasper Mølgaard", "Center for Ældre og Rehabilitering", "", True, False),
    ("Sofie Aagaard", "Dagtilbud og skoler", "", False, False),
    ("Rasmus Ploug", "Ishøj Ungdomsskole", "", False, True),
    ("Hiba Rahimi", "Center for Socialservice", "", False, False),
]

MEETING_SIGNUPS = [
    ("Grethe Vinther", "Ældrerådet", "", False, True),
    ("Bilal Osmani", "", "arabisk", False, False),
    ("Jonas Kræmer", "Ishøj Idrætsforening", "", False, False),
    ("Amalie Sønderby", "", "", True, False),
    ("Poul Erik Hvid", "Handicaprådet", "", True, True),
    ("Nadia Yilmaz", "Foreningen Grønne Hjerter", "tyrkisk", False, False),
    ("Frederik Lauesen", "", "", False, False),
    ("Zainab Haidari", "Lektiecafé Strandgården", "dari", False, False),
    # The meeting holds eight: these three are on the waiting list.
    ("Ebbe Korsholm", "", "", False, False),
    ("Leila Mansour", "Netværket for nye borgere", "", False, False),
    ("Tove Bjerregaard", "", "", False, False),
]

#: (identity of the demo policy's section, see policy.demo.section_key; note)
WORKSHOP_NOTES = [
    (
        "community",
        "Flere grupper ønskede, at politikken nævner de små fællesskaber i opgangen og på "
        "legepladsen, ikke kun foreningerne.",
    ),
    (
        "volunteers",
        "Medarbejderne foreslog en fast kontaktperson for frivillige i hvert center, så "
        "nye frivillige ved, hvem de skal ringe til.",
    ),
    ("", "Workshoppen bad om, at det endelige udkast bliver skrevet i et enklere sprog."),
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _event(*, milestone, title, defaults, organisers, user) -> Event:
    event = Event.objects.filter(milestone=milestone, title=title).first()
    if event is None:
        event = event_save(
            event=Event(milestone=milestone, title=title, **defaults),
            organisers=organisers,
            user=user,
            reason="Demo",
        )
    return event


def _signups(event: Event, people, *, capacity_for_confirmed: int | None, today) -> None:
    """The people signed up one after another, all before today (and before the deadline),
    so that someone signing up now comes after them, on the waiting list if it is full."""
    if event.signups.exists():
        return
    last_possible = min(event.signup_deadline, _at(today, 8) - datetime.timedelta(days=1))
    first_at = min(
        event.signup_deadline - datetime.timedelta(days=20),
        last_possible - datetime.timedelta(hours=7 * len(people)),
    )
    rows = []
    for index, (name, organisation, interpreter, step_free, loop) in enumerate(people):
        local = name.lower().replace(" ", ".").translate(str.maketrans("æøå", "aoa"))
        waiting = capacity_for_confirmed is not None and index >= capacity_for_confirmed
        rows.append(
            SignUp(
                event=event,
                name=name,
                email=f"{local}@example.org",
                email_normalised=f"{local}@example.org",
                organisation=organisation,
                interpreter_language=interpreter,
                needs_step_free_access=step_free,
                needs_hearing_loop=loop,
                consent_at=first_at + datetime.timedelta(hours=7 * index),
                created_at=first_at + datetime.timedelta(hours=7 * index),
                status=SignUp.Status.WAITING if waiting else SignUp.Status.CONFIRMED,
            )
        )
    bulk_create_with_history(rows, SignUp, default_change_reason="Demo")
    stamps.bump(stamps.FRONT_PAGE)  # bulk_create sends no signals: the front page's free seats
    counts.signups_changed()  # bulk_create sends no signals


def seed_events(*, today, users) -> list[Event]:
    revision = PolicyRevision.objects.filter(slug="revision-af-medborgerpolitikken").first()
    if revision is None:
        return []
    milestones = {
        milestone.kind: milestone
        for milestone in revision.milestones.filter(
            kind__in=[Milestone.Kind.STAFF_WORKSHOP, Milestone.Kind.CITIZENS_MEETING]
        )
    }
    coordinator, project = users["koordinator"], users["projektgruppe"]
    events = []
    workshop_milestone = milestones.get(Milestone.Kind.STAFF_WORKSHOP)
    if workshop_milestone and workshop_milestone.starts_on:
        day = workshop_milestone.starts_on
        workshop = _event(
            milestone=workshop_milestone,
            title="Intern workshop om medborgerpolitikken",
            defaults={
                "starts_at": _at(day, 13),
                "ends_at": _at(day, 15, 30),
                "place": "Rådhuset, mødesal 2",
                "description": "<p>En eftermiddag, hvor medarbejdere fra alle centre drøfter "
                "udkastet: Hvad betyder politikken i din hverdag, og hvad mangler?</p>"
                "<p>Der er kaffe og kage.</p>",
                "audience": Event.Audience.STAFF,
                "capacity": 40,
                "signup_deadline": _at(day - datetime.timedelta(days=5), 12),
            },
            organisers=[coordinator, project],
            user=coordinator,
        )
        _signups(workshop, WORKSHOP_SIGNUPS, capacity_for_confirmed=None, today=today)
        _notes(workshop, revision, coordinator)
        events.append(workshop)
    meeting_milestone = milestones.get(Milestone.Kind.CITIZENS_MEETING)
    if meeting_milestone and meeting_milestone.starts_on:
        day = meeting_milestone.starts_on
        meeting = _event(
            milestone=meeting_milestone,
            title="Borgermøde: Hvordan lever vi godt sammen i Ishøj?",
            defaults={
                "starts_at": _at(day, 18, 30),
                "ends_at": _at(day, 21),
                "place": "Kulturhuset, den store sal",
                "description": "<p>Kom og sig din mening om, hvad der skal stå i den nye "
                "medborgerpolitik. Vi arbejder i små grupper ved bordene, og alle kan være "
                "med.</p><p>Der er tolke, hvis du beder om det, og salen har niveaufri "
                "adgang og teleslynge.</p>",
                "audience": Event.Audience.CITIZENS,
                "capacity": 8,
                "signup_deadline": _at(day - datetime.timedelta(days=3), 12),
            },
            organisers=[coordinator, project],
            user=coordinator,
        )
        _signups(meeting, MEETING_SIGNUPS, capacity_for_confirmed=meeting.capacity, today=today)
        events.append(meeting)
    return events


def _notes(event: Event, revision: PolicyRevision, user) -> None:
    document = revision.policy_document
    if event.notes.exists() or document is None or document.current_version_id is None:
        return
    sections = {
        section.key: section
        for section in Section.objects.filter(version_id=document.current_version_id)
    }
    for identity, text in WORKSHOP_NOTES:
        key = section_key(document.slug, identity) if identity else None
        event_note_add(event=event, section=sections.get(key), text=text, user=user)
