"""The process pages: who may do what, bad input in Danish with nothing saved, and plain forms
that work without JavaScript."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from medborger.testing.queries import assert_constant_queries
from policy.models import Decision, Document, Milestone, PolicyRevision, Stakeholder, Task

from .process_factories import MemberFactory, MilestoneFactory, StakeholderFactory, TaskFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def meeting(revision, project_group):
    """The citizens' meeting, which the project group is responsible for."""
    return MilestoneFactory(
        revision=revision,
        title="Borgermøde",
        kind=Milestone.Kind.CITIZENS_MEETING,
        responsible_group=project_group,
        starts_on=datetime.date(2027, 1, 31),
        position=1,
    )


@pytest.fixture
def council(revision, steering_group):
    return MilestoneFactory(
        revision=revision,
        title="Byrådet vedtager",
        kind=Milestone.Kind.CITY_COUNCIL,
        responsible_group=steering_group,
        date_precision="month",
        starts_on=datetime.date(2027, 6, 1),
        position=2,
    )


def text(response) -> str:
    return response.content.decode()


# --- Who may do what ------------------------------------------------------------------------

GET_EXPECTATIONS = {
    # persona: (public page, revision page, new milestone, new stakeholder)
    "anonymous": (200, 302, 302, 302),
    "coordinator": (200, 200, 200, 200),
    "steering_member": (200, 200, 403, 200),
    "project_member": (200, 200, 403, 403),
    "secretary": (200, 403, 403, 403),
    "forum_member": (200, 403, 403, 403),
    "superuser": (200, 200, 200, 200),
}


@pytest.mark.parametrize("persona", GET_EXPECTATIONS)
def test_each_role_reaches_the_process_pages_it_may(persona, persona_client, revision):
    client = persona_client(persona)
    urls = [
        reverse("policy:revision_public", args=[revision.slug]),
        reverse("policy:revision_manage", args=[revision.slug]),
        reverse("policy:milestone_create", args=[revision.slug]),
        reverse("policy:stakeholder_create", args=[revision.slug]),
    ]
    assert tuple(client.get(url).status_code for url in urls) == GET_EXPECTATIONS[persona]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        ("project_member", 302),  # a member of the responsible group
        ("steering_member", 403),  # staff, but not in the project group
        ("secretary", 403),
        ("coordinator", 302),
    ],
)
def test_only_the_responsible_group_and_the_coordinator_update_a_milestone(
    persona, status, persona_client, meeting
):
    response = persona_client(persona).post(
        reverse("policy:milestone_status", args=[meeting.pk]), {"status": "done", "note": "Holdt"}
    )
    assert response.status_code == status
    meeting.refresh_from_db()
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    assert meeting.status == ("done" if persona in {"project_member", "coordinator"} else "planned")


# --- Updating from the dashboard without JavaScript -----------------------------------------


def test_a_member_updates_status_and_note_with_a_plain_form(project_client, meeting):
    back = reverse("dashboard") + f"?forloeb={meeting.revision.slug}"
    response = project_client.post(
        reverse("policy:milestone_status", args=[meeting.pk]),
        {"status": "done", "note": "120 borgere deltog.", "next": back},
    )
    assert response.status_code == 302 and response["Location"] == back
    meeting.refresh_from_db()
    assert (meeting.status, meeting.note) == ("done", "120 borgere deltog.")
    page = text(project_client.get(back))
    assert "»Borgermøde« er gemt med status Udført." in page
    assert "120 borgere deltog." in page


def test_a_foreign_next_address_is_ignored(project_client, meeting):
    response = project_client.post(
        reverse("policy:milestone_status", args=[meeting.pk]),
        {"status": "in_progress", "note": "", "next": "https://example.com/"},
    )
    assert response["Location"] == reverse("dashboard")


def test_a_bad_status_shows_the_form_again_in_danish(project_client, meeting):
    response = project_client.post(
        reverse("policy:milestone_status", args=[meeting.pk]), {"status": "finished", "note": ""}
    )
    assert response.status_code == 400
    assert "Intet er gemt" in text(response)
    meeting.refresh_from_db()
    assert meeting.status == "planned"


def test_the_owner_ticks_a_task_done_and_others_may_not(
    project_client, steering_client, project_group, project_member
):
    owner = project_group.members.get(user=project_member)
    task = TaskFactory(group=project_group, owner=owner, title="Holde borgermødet")
    other = TaskFactory(group=project_group, owner=project_group.members.exclude(pk=owner.pk).get())
    url = reverse("policy:task_complete", args=[task.pk])
    assert steering_client.post(url).status_code == 403
    assert project_client.post(reverse("policy:task_complete", args=[other.pk])).status_code == 403
    response = project_client.post(url, {"next": reverse("dashboard")})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == Task.Status.DONE and task.completed_by == project_member
    other.refresh_from_db()
    assert other.status == Task.Status.OPEN
    assert project_client.get(url).status_code == 405


# --- Bad input ------------------------------------------------------------------------------


def milestone_data(**overrides):
    data = {
        "kind": "other",
        "title": "LokalMED",
        "starts_on": "",
        "ends_on": "",
        "responsible_group": "",
        "status": "planned",
        "after": "0",
        "is_public": "on",
        "remark": "",
        "note": "",
    }
    return {**data, **overrides}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"starts_on": "31. april 2027"},
            "starts_on",
            "31. april 2027 findes ikke: april har kun 30 dage.",
        ),
        ({"starts_on": "31. april"}, "starts_on", "31. april findes ikke: april har kun 30 dage."),
        ({"starts_on": "20. nov."}, "starts_on", "Tilføj årstallet, for eksempel 20. november"),
        (
            {"starts_on": "10.04.2027", "ends_on": "01.04.2027"},
            "ends_on",
            "Slutningen kan ikke ligge før starten.",
        ),
        ({"starts_on": "april 2027", "ends_on": "maj 2027"}, "ends_on", "Angiv en præcis dag"),
    ],
)
def test_bad_dates_are_explained_in_danish_and_nothing_is_saved(
    coordinator_client, revision, council, fields, field, message
):
    url = reverse("policy:milestone_create", args=[revision.slug])
    response = coordinator_client.post(url, milestone_data(**fields))
    assert response.status_code == 400
    assert message in text(response)
    assert response.context["form"].errors[field]
    assert list(revision.milestones.all()) == [council]


def test_a_milestone_placed_after_the_adoption_but_dated_before_it_is_refused(
    coordinator_client, revision, meeting, council
):
    url = reverse("policy:milestone_create", args=[revision.slug])
    response = coordinator_client.post(
        url, milestone_data(starts_on="3. maj 2027", after=str(council.pk))
    )
    assert response.status_code == 400
    assert (
        "Milepælen ligger efter byrådets vedtagelse (juni 2027) i rækkefølgen, men er dateret "
        "før den." in text(response)
    )
    assert revision.milestones.count() == 2
    assert list(revision.milestones.in_order().values_list("position", flat=True)) == [1, 2]


def test_a_milestone_is_created_in_its_place_and_month_precision_is_kept(
    coordinator_client, revision, meeting, council
):
    url = reverse("policy:milestone_create", args=[revision.slug])
    response = coordinator_client.post(
        url, milestone_data(starts_on="april 2027", after=str(meeting.pk), title="Høring")
    )
    assert response.status_code == 302
    hearing = revision.milestones.get(title="Høring")
    assert (hearing.date_precision, hearing.starts_on, hearing.due_on) == (
        "month",
        datetime.date(2027, 4, 1),
        datetime.date(2027, 4, 30),
    )
    assert list(revision.milestones.in_order().values_list("title", flat=True)) == [
        "Borgermøde",
        "Høring",
        "Byrådet vedtager",
    ]
    edit = coordinator_client.get(reverse("policy:milestone_edit", args=[hearing.pk]))
    assert 'value="april 2027"' in text(edit)


def test_a_task_for_someone_outside_the_group_is_refused_in_danish(
    coordinator_client, project_group, steering_group
):
    outsider = steering_group.members.get()
    response = coordinator_client.post(
        reverse("policy:task_create", args=[project_group.pk]),
        {"title": "Plakater", "owner": outsider.pk, "due_on": "17.01.2027", "status": "open"},
    )
    assert response.status_code == 400
    assert "Mette Lund er ikke medlem af Projektgruppen." in text(response)
    assert Task.objects.count() == 0


def test_a_task_is_created_with_a_danish_deadline(coordinator_client, project_group):
    member = project_group.members.first()
    response = coordinator_client.post(
        reverse("policy:task_create", args=[project_group.pk]),
        {"title": "Plakater", "owner": member.pk, "due_on": "17. januar 2027", "status": "open"},
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.owner, task.due_on) == (member, datetime.date(2027, 1, 17))
    assert task.history.get().history_user.username == "test-koordinator"


def test_a_revision_adopted_before_it_starts_is_refused(coordinator_client):
    response = coordinator_client.post(
        reverse("policy:revision_create"),
        {"title": "Ny politik", "starts_on": "01.03.2027", "planned_adoption_on": "januar 2027"},
    )
    assert response.status_code == 400
    assert "Den planlagte vedtagelse kan ikke ligge før starten." in text(response)
    assert not PolicyRevision.objects.exists()


def test_a_revision_is_created_with_an_address_from_its_title(coordinator_client, coordinator):
    response = coordinator_client.post(
        reverse("policy:revision_create"),
        {
            "title": "Ny Ældrepolitik",
            "coordinator": coordinator.pk,
            "starts_on": "01.03.2027",
            "planned_adoption_on": "juni 2027",
        },
    )
    revision = PolicyRevision.objects.get()
    assert response["Location"] == reverse("policy:revision_manage", args=["ny-aeldrepolitik"])
    assert (revision.slug, revision.coordinator) == ("ny-aeldrepolitik", coordinator)
    assert revision.planned_adoption_precision == "month"


def test_a_stakeholders_answer_before_its_invitation_is_refused(
    steering_client, revision, steering_group
):
    response = steering_client.post(
        reverse("policy:stakeholder_create", args=[revision.slug]),
        {
            "name": "Ældrerådet",
            "kind": "council",
            "special_invitation": "on",
            "invitation_decided_by": steering_group.pk,
            "invitation_decided_on": "01.12.2026",
            "answer": "accepted",
        },
    )
    assert response.status_code == 400
    assert "Registrér, hvornår invitationen blev sendt" in text(response)
    assert not Stakeholder.objects.exists()


# --- Decisions ------------------------------------------------------------------------------


def test_the_coordinator_records_a_decision_with_the_minutes(
    coordinator_client, revision, council, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    council.starts_on = datetime.date(2026, 6, 1)
    council.save()
    version = revision.policy_document.current_version
    # The hearing is processed: the council's adoption adopts the document with this version.
    Document.objects.filter(pk=revision.policy_document_id).update(
        status=Document.Status.PROCESSED_AFTER_HEARING
    )
    response = coordinator_client.post(
        reverse("policy:decision_create", args=[council.pk]),
        {
            "version": version.pk,
            "meeting_on": "24. juni 2026",
            "outcome": "adopted",
            "text": "Byrådet vedtog politikken.",
            "attachments": [SimpleUploadedFile("referat.pdf", PDF)],
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.meeting_on == datetime.date(2026, 6, 24)
    policy = Document.objects.get(pk=revision.policy_document_id)
    assert (policy.status, policy.adopted_version) == (Document.Status.ADOPTED, version)
    page = text(coordinator_client.get(reverse("policy:revision_manage", args=[revision.slug])))
    assert "Byrådet vedtog version 1 af Medborgerpolitik den 24. juni 2026" in page
    download = coordinator_client.get(
        reverse("policy:decision_attachment_download", args=[decision.attachments.get().pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="referat.pdf"' in download["Content-Disposition"]


def test_minutes_are_for_staff_only(
    client_for, forum_member, revision, council, coordinator, settings, tmp_path
):
    from .process_factories import decision_for

    settings.MEDIA_ROOT = tmp_path
    council.starts_on = datetime.date(2026, 6, 1)
    council.save()
    decision = decision_for(council, user=coordinator, files=[SimpleUploadedFile("r.pdf", PDF)])
    url = reverse("policy:decision_attachment_download", args=[decision.attachments.get().pk])
    assert client_for(None).get(url).status_code == 302
    assert client_for(forum_member).get(url).status_code == 403


# --- The public page ------------------------------------------------------------------------


def test_citizens_see_public_milestones_decisions_and_no_internals(
    client, revision, meeting, council, coordinator
):
    from .process_factories import decision_for

    meeting.note = "Intern note om lokalebooking"
    meeting.save()
    MilestoneFactory(revision=revision, title="Intern evaluering", is_public=False, position=3)
    committee = MilestoneFactory(
        revision=revision,
        title="Kommissorium godkendes",
        kind=Milestone.Kind.COMMITTEE_APPROVAL,
        starts_on=datetime.date(2026, 11, 20),
        position=0,
    )
    decision_for(
        committee,
        user=coordinator,
        version=revision.terms_of_reference.current_version,
        outcome="approved",
        text="Godkendt uden bemærkninger.",
        protocol_addendum="Hemmelig tilførsel",
    )
    page = text(client.get(reverse("policy:revision_public", args=[revision.slug])))
    assert "Borgermøde" in page and "Byrådet vedtager" in page
    assert "Udvalget godkendte version 1 af Kommissorium den 20. november 2026" in page
    assert "Godkendt uden bemærkninger." in page
    assert "Intern evaluering" not in page
    assert "Intern note" not in page and "Hemmelig tilførsel" not in page
    assert "@ishoj.example" not in page
    assert '<svg class="timeline"' in page


# --- Query counts ---------------------------------------------------------------------------


def test_the_revision_page_query_count_does_not_grow(
    coordinator_client, revision, project_group, steering_group
):
    def grow(count):
        existing = revision.milestones.count()
        for i in range(existing, count):
            MilestoneFactory(revision=revision, responsible_group=project_group, position=i + 10)
            member = MemberFactory(group=project_group)
            TaskFactory(group=project_group, owner=member)
            StakeholderFactory(
                revision=revision, special_invitation=True, invitation_decided_by=steering_group
            )

    queries = assert_constant_queries(
        coordinator_client,
        reverse("policy:revision_manage", args=[revision.slug]),
        grow=grow,
        small=3,
        large=30,
    )
    # session, user with their roles, revision, milestones, their decisions, groups, members,
    # tasks, stakeholders; nothing per row (a member's log-in is shown from its user_id).
    assert queries == 9


def test_the_public_page_query_count_does_not_grow(client, revision):
    def grow(count):
        for i in range(revision.milestones.count(), count):
            MilestoneFactory(revision=revision, position=i + 1)

    queries = assert_constant_queries(
        client,
        reverse("policy:revision_public", args=[revision.slug]),
        grow=grow,
        small=3,
        large=40,
    )
    # the revision with its documents, the milestones, their decisions.
    assert queries == 3


def test_the_front_page_shows_a_window_of_each_timeline_around_its_next_milestone(client):
    revision = PolicyRevision.objects.create(title="Revision af frivillighedspolitikken", slug="r")
    today = datetime.date.today()
    for number in range(1, 11):
        MilestoneFactory(
            revision=revision,
            title=f"Trin {number:02d}",
            position=number,
            starts_on=today + datetime.timedelta(days=30 * (number - 5)),
            status=Milestone.Status.DONE if number < 5 else Milestone.Status.PLANNED,
        )

    html = client.get(reverse("landing")).content.decode()

    # Step 5 is next: the one before it, it, and the one after; the rest is one link away.
    shown = [f"Trin {n:02d}" for n in range(1, 11) if f"Trin {n:02d}" in html]
    assert shown == ["Trin 04", "Trin 05", "Trin 06"]
    assert reverse("policy:revision_public", args=["r"]) in html


def test_the_front_page_stays_under_40_kb_at_the_large_size(client):
    """20 revisions with 25 public milestones each (`seed_large --size large`) once made the
    front page 78 KB of HTML; the aim (issue 15) is under 40 KB."""
    from django.core.management import call_command

    from policy import large

    call_command("seed_demo", stdout=io.StringIO())
    revisions = large._grow_revisions(large.SIZES["large"]["revisions"])
    large._grow_milestones(revisions, large.SIZES["large"]["milestones"])
    assert Milestone.objects.filter(revision__in=revisions, is_public=True).count() > 450

    html = client.get(reverse("landing")).content

    assert b"Revision af politik nummer 19" in html
    assert len(html) < 40 * 1024
