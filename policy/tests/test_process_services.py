"""The process services: each change is whole or nothing, and leaves who/why in the history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from policy.models import Decision, DecisionAttachment, GroupMember, Milestone, Task
from policy.services.process import (
    decision_attachment_add,
    decision_record,
    member_remove,
    milestone_move,
    milestone_save,
    milestone_update,
    task_complete,
    task_reopen,
    task_save,
)

from .process_factories import MemberFactory, MilestoneFactory, TaskFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def timeline(revision):
    """Hearing (April), council (June), in that order."""
    hearing = MilestoneFactory(
        revision=revision,
        title="Høring",
        position=1,
        date_precision="month",
        starts_on=datetime.date(2027, 4, 1),
    )
    council = MilestoneFactory(
        revision=revision,
        title="Byrådet",
        kind=Milestone.Kind.CITY_COUNCIL,
        position=2,
        date_precision="month",
        starts_on=datetime.date(2027, 6, 1),
    )
    return hearing, council


def positions(revision) -> list[str]:
    return list(revision.milestones.in_order().values_list("title", flat=True))


class TestMilestoneSave:
    def test_a_new_milestone_goes_last_unless_placed(self, revision, timeline, coordinator):
        hearing, _council = timeline
        follow_up = milestone_save(
            milestone=Milestone(
                revision=revision, title="Forum nedsættes", starts_on=datetime.date(2027, 8, 1)
            ),
            user=coordinator,
        )
        assert positions(revision) == ["Høring", "Byrådet", "Forum nedsættes"]
        milestone_save(
            milestone=Milestone(
                revision=revision, title="Workshop", starts_on=datetime.date(2027, 1, 25)
            ),
            after=None,
            user=coordinator,
        )
        assert positions(revision) == ["Workshop", "Høring", "Byrådet", "Forum nedsættes"]
        created, moved = follow_up.history.last(), follow_up.history.first()
        assert created.history_user == coordinator
        assert created.history_change_reason == "Milepæl oprettet"
        assert (moved.position, moved.history_change_reason) == (4, "Rækkefølge ændret")

    def test_placing_a_milestone_after_the_adoption_but_dated_before_saves_nothing(
        self, revision, timeline, coordinator
    ):
        _hearing, council = timeline
        before = positions(revision), Milestone.history.count()
        with translation.override("da"), pytest.raises(ValidationError) as refused:
            milestone_save(
                milestone=Milestone(
                    revision=revision, title="LokalMED", starts_on=datetime.date(2027, 5, 3)
                ),
                after=council,
                user=coordinator,
            )
        assert "efter byrådets vedtagelse" in refused.value.message_dict["starts_on"][0]
        assert (positions(revision), Milestone.history.count()) == before


class TestMilestoneMove:
    def test_moving_swaps_neighbours_and_records_it(self, revision, timeline, coordinator):
        hearing, _council = timeline
        workshop = MilestoneFactory(
            revision=revision, title="Workshop", position=3, starts_on=datetime.date(2027, 6, 2)
        )
        milestone_move(milestone=workshop, user=coordinator, offset=-1)
        # 2 June lies within the council's month, so it may come before the adoption.
        assert positions(revision) == ["Høring", "Workshop", "Byrådet"]
        assert workshop.history.first().history_change_reason == "Rækkefølge ændret"

    def test_a_move_that_breaks_the_order_against_the_adoption_changes_nothing(
        self, revision, timeline, coordinator
    ):
        _hearing, council = timeline
        forum = MilestoneFactory(
            revision=revision, title="Forum", position=3, starts_on=datetime.date(2027, 9, 1)
        )
        with pytest.raises(ValidationError):
            milestone_move(milestone=forum, user=coordinator, offset=-1)
        assert positions(revision) == ["Høring", "Byrådet", "Forum"]

    def test_moving_the_first_one_up_changes_nothing(self, revision, timeline, coordinator):
        hearing, _council = timeline
        milestone_move(milestone=hearing, user=coordinator, offset=-1)
        assert positions(revision) == ["Høring", "Byrådet"]


class TestMilestoneUpdate:
    def test_it_saves_status_and_note_with_the_member_as_author(self, timeline, project_member):
        hearing, _council = timeline
        milestone_update(milestone=hearing, user=project_member, status="done", note=" Holdt. ")
        hearing.refresh_from_db()
        assert (hearing.status, hearing.note) == ("done", "Holdt.")
        history = hearing.history.first()
        assert history.history_user == project_member
        assert history.history_change_reason == "Status: Udført"

    def test_an_unknown_status_or_an_overlong_note_is_refused(self, timeline, project_member):
        hearing, _council = timeline
        with pytest.raises(ValidationError) as refused:
            milestone_update(
                milestone=hearing, user=project_member, status="finished", note="x" * 2001
            )
        assert set(refused.value.message_dict) == {"status", "note"}
        hearing.refresh_from_db()
        assert hearing.status == "planned"

    def test_saving_the_same_values_writes_no_history(self, timeline, project_member):
        hearing, _council = timeline
        count = hearing.history.count()
        milestone_update(milestone=hearing, user=project_member, status="planned", note="")
        assert hearing.history.count() == count


class TestDecisionRecord:
    @pytest.fixture
    def hoved_med(self, revision):
        return MilestoneFactory(
            revision=revision,
            title="HovedMED",
            kind=Milestone.Kind.HOVED_MED,
            starts_on=datetime.date(2026, 5, 12),
        )

    def test_it_records_the_version_the_minutes_and_marks_the_meeting_done(
        self, revision, hoved_med, coordinator, media
    ):
        minutes = SimpleUploadedFile("Referat HovedMED.pdf", PDF)
        decision = decision_record(
            milestone=hoved_med,
            version=revision.policy_document.current_version,
            meeting_on=datetime.date(2026, 5, 12),
            outcome=Decision.Outcome.TREATED,
            text="HovedMED bakker op.",
            protocol_addendum="Medarbejdersiden ønsker en opfølgning.",
            files=[minutes],
            user=coordinator,
        )
        attachment = decision.attachments.get()
        assert attachment.filename == "Referat HovedMED.pdf"
        assert attachment.kind == "pdf"
        assert default_storage.exists(attachment.file.name)
        assert "Referat" not in attachment.file.name
        hoved_med.refresh_from_db()
        assert hoved_med.status == Milestone.Status.DONE
        assert decision.history.first().history_user == coordinator

    def test_a_bad_attachment_saves_nothing(self, revision, hoved_med, coordinator, media):
        fake = SimpleUploadedFile("referat.pdf", b"MZ\x90\x00 not a pdf")
        with translation.override("da"), pytest.raises(ValidationError) as refused:
            decision_record(
                milestone=hoved_med,
                version=revision.policy_document.current_version,
                meeting_on=datetime.date(2026, 5, 12),
                outcome=Decision.Outcome.TREATED,
                text="Tekst",
                files=[fake],
                user=coordinator,
            )
        assert refused.value.message_dict["attachments"][0].startswith("referat.pdf: ")
        assert Decision.objects.count() == 0
        assert DecisionAttachment.objects.count() == 0
        hoved_med.refresh_from_db()
        assert hoved_med.status == Milestone.Status.PLANNED
        assert not list(media.rglob("*.pdf"))

    def test_an_invalid_decision_leaves_no_file_behind(
        self, revision, hoved_med, coordinator, media
    ):
        with pytest.raises(ValidationError):
            decision_record(
                milestone=hoved_med,
                version=revision.policy_document.current_version,
                meeting_on=datetime.date.today() + datetime.timedelta(days=3),
                outcome=Decision.Outcome.TREATED,
                text="For tidligt",
                files=[SimpleUploadedFile("referat.pdf", PDF)],
                user=coordinator,
            )
        assert Decision.objects.count() == 0
        assert not list(media.rglob("*.pdf"))

    def test_a_postponement_leaves_the_milestone_open_and_files_can_follow(
        self, revision, hoved_med, coordinator
    ):
        decision = decision_record(
            milestone=hoved_med,
            version=revision.policy_document.current_version,
            meeting_on=datetime.date(2026, 5, 12),
            outcome=Decision.Outcome.POSTPONED,
            text="Udsat til næste møde.",
            user=coordinator,
        )
        hoved_med.refresh_from_db()
        assert hoved_med.status == Milestone.Status.PLANNED
        decision_attachment_add(
            decision=decision, files=[SimpleUploadedFile("bilag.pdf", PDF)], user=coordinator
        )
        assert decision.attachments.count() == 1


class TestTasks:
    def test_ticking_a_task_is_recorded_once(self, project_group, project_member):
        task = TaskFactory(group=project_group)
        done = task_complete(task=task, user=project_member)
        first = done.completed_at
        again = task_complete(task=task, user=project_member)
        assert again.completed_at == first
        assert again.completed_by == project_member
        assert task.history.filter(history_change_reason="Opgave udført").count() == 1

    def test_reopening_clears_the_completion(self, project_group, project_member):
        task = task_complete(task=TaskFactory(group=project_group), user=project_member)
        reopened = task_reopen(task=task, user=project_member)
        assert (reopened.status, reopened.completed_at, reopened.completed_by) == (
            "open",
            None,
            None,
        )

    def test_a_task_for_someone_outside_the_group_is_not_saved(
        self, project_group, steering_group, coordinator
    ):
        outsider = steering_group.members.get()
        with pytest.raises(ValidationError) as refused:
            task_save(
                task=Task(group=project_group, title="Plakater", owner=outsider), user=coordinator
            )
        assert "owner" in refused.value.message_dict
        assert Task.objects.count() == 0

    def test_saving_a_task_as_done_sets_its_completion(self, project_group, coordinator):
        task = task_save(
            task=Task(group=project_group, title="Lokale", status="done"), user=coordinator
        )
        assert task.completed_at is not None and task.completed_by == coordinator


def test_a_member_with_open_tasks_cannot_be_removed(project_group, coordinator):
    member = MemberFactory(group=project_group, name="Rikke Juhl")
    TaskFactory(group=project_group, owner=member)
    with translation.override("da"), pytest.raises(ValidationError) as refused:
        member_remove(member=member, user=coordinator)
    assert refused.value.messages == [
        "Rikke Juhl er ansvarlig for 1 åbne opgaver. Giv dem først til en anden."
    ]
    assert GroupMember.objects.filter(pk=member.pk).exists()
    Task.objects.update(status="cancelled")
    member_remove(member=member, user=coordinator)
    assert not GroupMember.objects.filter(pk=member.pk).exists()
    assert (
        GroupMember.history.filter(id=member.pk, history_type="-").get().history_user == coordinator
    )
