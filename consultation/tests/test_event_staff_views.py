import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from consultation.models import Event, EventNote, SignUp
from consultation.services import events as services
from medborger.testing.fixtures import PERSONAS
from medborger.testing.queries import assert_constant_queries
from medborger.testing.spreadsheets import cells_as_csv_text
from policy.models import Document, PolicyRevision
from policy.services import SectionInput, version_save

from .event_factories import EventFactory, SignUpFactory, in_days, signed_up

pytestmark = pytest.mark.django_db

#: Who may see the attendee list (and export it, check people in and record input).
MAY_MANAGE_SIGNUPS = {"coordinator", "project_member", "superuser"}


def attendees_url(event) -> str:
    return reverse("consultation:event_attendees", args=[event.pk])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "url_name", ["event_attendees", "event_attendees_csv", "event_attendees_xlsx", "event_notes"]
)
def test_only_organising_staff_reach_the_attendees(persona_client, persona, url_name):
    event = EventFactory()
    SignUpFactory(event=event, email="secret@example.org")
    response = persona_client(persona).get(reverse(f"consultation:{url_name}", args=[event.pk]))
    if persona in MAY_MANAGE_SIGNUPS:
        assert response.status_code == 200
    elif persona == "anonymous":
        assert response.status_code == 302 and "/konto/log-ind/" in response["Location"]
    else:
        assert response.status_code == 403


def test_a_named_organiser_reaches_their_own_event_only(client_for, steering_member):
    own, other = EventFactory(), EventFactory()
    own.organisers.add(steering_member)
    client = client_for(steering_member)
    assert client.get(attendees_url(own)).status_code == 200
    assert client.get(attendees_url(other)).status_code == 403
    assert client.get(reverse("consultation:event_edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("consultation:event_edit", args=[other.pk])).status_code == 403


def test_the_attendee_list_shows_waiting_list_needs_and_addresses(coordinator_client):
    event = EventFactory(capacity=1)
    SignUpFactory(event=event, name="Anna Først", interpreter_language="arabisk")
    SignUpFactory(
        event=event, name="Bo Venter", status=SignUp.Status.WAITING, needs_hearing_loop=True
    )
    page = coordinator_client.get(attendees_url(event)).content.decode()
    assert "1 tilmeldt, 1 på venteliste, 0 mødt op." in page
    assert page.index("Anna Først") < page.index("Bo Venter")
    assert "Tolk: arabisk" in page and "Teleslynge" in page
    assert "På venteliste" in page
    assert "@example.org" in page


def test_the_attendee_list_query_count_does_not_grow_with_sign_ups(coordinator_client):
    event = EventFactory(capacity=None)

    def grow(count):
        existing = event.signups.count()
        SignUp.objects.bulk_create(
            SignUp(
                event=event,
                name=f"Deltager {n}",
                email=f"d{n}@example.org",
                email_normalised=f"d{n}@example.org",
                consent_at=timezone.now(),
                status=SignUp.Status.WAITING if n % 5 == 0 else SignUp.Status.CONFIRMED,
                token=f"token-{n}",
            )
            for n in range(existing, count)
        )

    queries = assert_constant_queries(
        coordinator_client, attendees_url(event), grow=grow, small=10, large=2000
    )
    # session, user with their roles, the event with its counts (shared by the permission check
    # and the view), the page count, the page of sign-ups: nothing that depends on the rows.
    assert queries == 5


def test_the_csv_export_streams_every_sign_up_with_needs_and_waiting_list(coordinator_client):
    event = EventFactory(capacity=1)
    SignUpFactory(event=event, name="Anna", email="anna@example.org", needs_step_free_access=True)
    SignUpFactory(event=event, name="=HYPERLINK(1)", status=SignUp.Status.WAITING)
    response = coordinator_client.get(reverse("consultation:event_attendees_csv", args=[event.pk]))
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    lines = body.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Status;Navn;E-mail;Organisation;Tolk;Niveaufri adgang")
    assert lines[1].startswith("Tilmeldt;Anna;anna@example.org;;;ja;")
    assert lines[2].startswith("På venteliste;'=HYPERLINK(1)")
    assert (
        'filename="deltagere-' in response["Content-Disposition"]
        or "deltagere-" in response["Content-Disposition"]
    )


def test_the_xlsx_export_holds_every_sign_up(coordinator_client):
    event = EventFactory(capacity=None)
    for n in range(25):
        SignUpFactory(event=event, name=f"Deltager {n}")
    response = coordinator_client.get(reverse("consultation:event_attendees_xlsx", args=[event.pk]))
    assert response.streaming
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 26
    assert sheet["B2"].value == "Deltager 0"
    # Cell for cell what the CSV export holds (an empty CSV field is an empty or missing cell).
    csv_body = coordinator_client.get(
        reverse("consultation:event_attendees_csv", args=[event.pk])
    ).getvalue()
    csv_rows = list(csv.reader(io.StringIO(csv_body.decode("utf-8-sig")), delimiter=";"))
    cells = cells_as_csv_text(sheet)
    assert cells == [row + [""] * (len(csv_rows[0]) - len(row)) for row in csv_rows]


def test_staff_check_people_in_at_the_door(coordinator_client, coordinator):
    event = EventFactory()
    signup = SignUpFactory(event=event)
    url = reverse("consultation:signup_check_in", args=[event.pk, signup.pk])
    response = coordinator_client.post(url, {"present": "1", "next": attendees_url(event) + "?q=B"})
    assert response.status_code == 302
    assert response["Location"] == attendees_url(event) + f"?q=B#tilmelding-{signup.pk}"
    signup.refresh_from_db()
    assert signup.checked_in_at is not None
    assert signup.history.first().history_user == coordinator
    page = coordinator_client.get(attendees_url(event)).content.decode()
    assert "Fortryd fremmøde for" in page
    # A foreign or garbled next address is never echoed: the list's own address is rebuilt.
    for garbled in ["https://evil.example/", " VÚ\U00100001d", "/x/\nSet-Cookie: a=b", "//evil"]:
        response = coordinator_client.post(url, {"present": "0", "next": garbled})
        assert response.status_code == 302
        assert response["Location"] == attendees_url(event) + f"#tilmelding-{signup.pk}"
    response = coordinator_client.post(
        url, {"present": "0", "next": attendees_url(event) + "?q=a\nb&side=2&x=1"}
    )
    assert response["Location"] == attendees_url(event) + f"?q=ab&side=2#tilmelding-{signup.pk}"


def test_check_in_refuses_get_and_other_events_sign_ups(coordinator_client):
    event, other = EventFactory(), EventFactory()
    signup = SignUpFactory(event=other)
    url = reverse("consultation:signup_check_in", args=[event.pk, signup.pk])
    assert coordinator_client.get(url).status_code == 405
    assert coordinator_client.post(url, {"present": "1"}).status_code == 404


def test_the_attendee_list_can_be_searched(coordinator_client):
    event = EventFactory(capacity=None)
    SignUpFactory(event=event, name="Karen Blixen")
    SignUpFactory(event=event, name="Tove Ditlevsen")
    page = coordinator_client.get(attendees_url(event) + "?q=tove").content.decode()
    assert "Tove Ditlevsen" in page and "Karen Blixen" not in page


@pytest.fixture
def revision_with_draft(coordinator):
    document = Document.objects.create(title="Medborgerpolitik", slug="medborgerpolitik")
    version_save(
        document=document,
        sections=[SectionInput(heading="Fællesskaber"), SectionInput(heading="Frivillighed")],
        user=coordinator,
        base_number=None,
    )
    return PolicyRevision.objects.create(title="Revision", slug="rev", policy_document=document)


def test_input_notes_are_tied_to_a_section_and_follow_it_into_new_versions(
    coordinator_client, coordinator, revision_with_draft
):
    document = revision_with_draft.policy_document
    event = EventFactory(revision=revision_with_draft)
    first = document.current_version.sections.get(heading="Frivillighed")
    url = reverse("consultation:event_notes", args=[event.pk])
    page = coordinator_client.get(url).content.decode()
    assert "Frivillighed" in page and "Generelt – intet bestemt afsnit" in page

    response = coordinator_client.post(
        url, {"section": str(first.key), "text": "Gør det let at blive frivillig <b>nu</b>."}
    )
    assert response.status_code == 302
    note = EventNote.objects.get()
    assert (note.section_key, note.version, note.section_heading) == (
        first.key,
        first.version,
        "Frivillighed",
    )
    assert note.history.get().history_user == coordinator

    # The draft moves on: the section is renamed in version 2, keeping its key.
    sections = [
        SectionInput(heading=s.heading if s.key != first.key else "Frivilligt arbejde", key=s.key)
        for s in document.current_version.sections.all()
    ]
    version_save(document=document, sections=sections, user=coordinator, base_number=1)
    renamed = document.current_version.sections.get(key=first.key)
    assert list(EventNote.objects.for_section_key(renamed.key)) == [note]
    page = coordinator_client.get(url).content.decode()
    assert "Gør det let at blive frivillig &lt;b&gt;nu&lt;/b&gt;." in page
    assert "Ikke i det nuværende udkast" not in page
    assert "skrevet til version 1" in page


def test_general_input_needs_no_section_and_text_is_required(coordinator_client):
    event = EventFactory()
    url = reverse("consultation:event_notes", args=[event.pk])
    response = coordinator_client.post(url, {"section": "", "text": " "})
    assert "Skriv det input, du vil registrere." in response.content.decode()
    response = coordinator_client.post(url, {"section": "", "text": "x" * 100_000})
    assert "må højst have 5000 tegn" in response.content.decode()
    coordinator_client.post(url, {"section": "", "text": "Mere kaffe næste gang."})
    note = EventNote.objects.get()
    assert note.section_key is None and note.version is None


def event_form(*, starts, deadline_days_before: float = 3, **fields) -> dict:
    """What the event editor posts: local date-times as a datetime-local input sends them."""

    def local(moment):
        return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")

    return {
        "title": "Møde",
        "starts_at": local(starts),
        "ends_at": local(starts + timezone.timedelta(hours=2)),
        "signup_deadline": local(starts - timezone.timedelta(days=deadline_days_before)),
        "place": "Hallen",
        "audience": "citizens",
        "personal_data_delete_on": "",
        **fields,
    }


def test_the_coordinator_creates_an_event_linked_to_a_milestone(
    coordinator_client, coordinator, project_member, revision_with_draft
):
    milestone = revision_with_draft.milestones.create(
        kind="citizens_meeting", title="Borgermøde", date_precision="unset"
    )
    response = coordinator_client.post(
        reverse("consultation:event_create"),
        event_form(
            starts=in_days(30),
            title="Borgermøde <i>i hallen</i>",
            description="<p>Velkommen</p><script>alert(1)</script>",
            audience="both",
            capacity="50",
            organisers=[coordinator.pk, project_member.pk],
            milestone=milestone.pk,
        ),
    )
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.revision == revision_with_draft
    assert event.description == "<p>Velkommen</p>"
    assert set(event.organisers.all()) == {coordinator, project_member}
    assert (event.personal_data_delete_on - timezone.localdate(event.ends_at)).days == 183
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Borgermøde &lt;i&gt;i hallen&lt;/i&gt;" in page


def test_the_event_form_explains_a_deadline_after_the_start(coordinator_client):
    response = coordinator_client.post(
        reverse("consultation:event_create"),
        event_form(starts=in_days(30), deadline_days_before=-1),
    )
    assert response.status_code == 200
    assert "Tilmeldingsfristen skal ligge, før arrangementet begynder." in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_coordinator_creates_events(persona_client, persona):
    response = persona_client(persona).get(reverse("consultation:event_create"))
    expected = (
        200 if persona in {"coordinator", "superuser"} else (302 if persona == "anonymous" else 403)
    )
    assert response.status_code == expected


def test_staff_see_every_event_with_counts_in_a_constant_number_of_queries(coordinator_client):
    def grow(count):
        for n in range(Event.objects.count(), count):
            event = EventFactory(audience=Event.Audience.STAFF if n % 2 else Event.Audience.BOTH)
            SignUpFactory(event=event)

    queries = assert_constant_queries(
        coordinator_client, reverse("consultation:event_list"), grow=grow, small=3, large=30
    )
    # session, user with their roles, the events with their sign-up counts.
    assert queries == 3
    page = coordinator_client.get(reverse("consultation:event_list")).content.decode()
    assert "Kun for medarbejdere – vises ikke offentligt" in page
    assert "1 tilmeldt, 0 på venteliste" in page


def test_promotion_after_an_edit_happens_through_the_form(coordinator_client):
    event = EventFactory(capacity=1)
    signed_up(event, services.SignUpData(name="A", email="a@example.org"))
    signed_up(event, services.SignUpData(name="B", email="b@example.org"))
    assert event.signups.waiting().count() == 1
    form = event_form(
        starts=event.starts_at, deadline_days_before=2, title=event.title, capacity="2"
    )
    response = coordinator_client.post(reverse("consultation:event_edit", args=[event.pk]), form)
    assert response.status_code == 302
    assert event.signups.waiting().count() == 0
