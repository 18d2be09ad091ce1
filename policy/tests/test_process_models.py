"""Invariants of the revision process that hold whatever saves the data (forms, admin, imports)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from medborger.dates import DatePrecision
from policy.models import Decision, Milestone, Stakeholder, Task

from .process_factories import (
    GroupFactory,
    MemberFactory,
    MilestoneFactory,
    RevisionFactory,
    StakeholderFactory,
    TaskFactory,
    decision_for,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 2, 10)


def errors_of(instance) -> dict:
    with translation.override("da"), pytest.raises(ValidationError) as raised:
        instance.full_clean()
    return {
        field: [str(m) for m in messages] for field, messages in raised.value.message_dict.items()
    }


def test_a_month_precision_milestone_is_due_at_the_end_of_its_month_and_reads_as_the_month():
    milestone = MilestoneFactory(
        date_precision=DatePrecision.MONTH, starts_on=datetime.date(2027, 4, 17)
    )
    milestone.refresh_from_db()
    assert milestone.starts_on == datetime.date(2027, 4, 1)
    assert milestone.due_on == datetime.date(2027, 4, 30)
    with translation.override("da"):
        assert milestone.date_display == "april 2027"


def test_month_precision_sorts_after_the_days_of_its_month_by_deadline():
    revision = RevisionFactory()
    month = MilestoneFactory(
        revision=revision, date_precision="month", starts_on=datetime.date(2027, 4, 1)
    )
    late_april = MilestoneFactory(revision=revision, starts_on=datetime.date(2027, 4, 29))
    early_may = MilestoneFactory(revision=revision, starts_on=datetime.date(2027, 5, 2))
    by_deadline = list(Milestone.objects.filter(revision=revision).order_by("due_on"))
    assert by_deadline == [late_april, month, early_may]


def test_an_end_before_the_start_is_refused_in_danish_and_by_the_database():
    milestone = MilestoneFactory.build(
        revision=RevisionFactory(),
        starts_on=datetime.date(2027, 4, 10),
        ends_on=datetime.date(2027, 4, 1),
    )
    assert errors_of(milestone)["ends_on"] == ["Slutningen kan ikke ligge før starten."]
    with pytest.raises(IntegrityError), transaction.atomic():
        milestone.save()


def test_an_end_needs_a_start():
    milestone = MilestoneFactory.build(
        revision=RevisionFactory(),
        date_precision="unset",
        starts_on=None,
        ends_on=datetime.date(2027, 4, 1),
    )
    assert "ends_on" in errors_of(milestone)


class TestOrderAgainstTheAdoption:
    @pytest.fixture
    def adoption(self):
        revision = RevisionFactory()
        MilestoneFactory(
            revision=revision, title="Høring", position=1, starts_on=datetime.date(2027, 4, 1)
        )
        return MilestoneFactory(
            revision=revision,
            kind=Milestone.Kind.CITY_COUNCIL,
            title="Byrådet vedtager",
            position=2,
            date_precision="month",
            starts_on=datetime.date(2027, 6, 1),
        )

    def test_a_milestone_ordered_after_the_adoption_cannot_be_dated_before_it(self, adoption):
        late = MilestoneFactory.build(
            revision=adoption.revision, position=3, starts_on=datetime.date(2027, 5, 20)
        )
        assert errors_of(late)["starts_on"] == [
            "Milepælen ligger efter byrådets vedtagelse (juni 2027) i rækkefølgen, "
            "men er dateret før den."
        ]

    def test_a_milestone_in_the_adoption_month_after_it_is_accepted(self, adoption):
        follow_up = MilestoneFactory.build(
            revision=adoption.revision, position=3, starts_on=datetime.date(2027, 6, 2)
        )
        follow_up.full_clean()

    def test_a_milestone_ordered_before_the_adoption_cannot_be_dated_after_it(self, adoption):
        early = MilestoneFactory.build(
            revision=adoption.revision, position=1, starts_on=datetime.date(2027, 8, 1)
        )
        assert errors_of(early)["starts_on"] == [
            "Milepælen ligger før byrådets vedtagelse (juni 2027) i rækkefølgen, "
            "men er dateret efter den."
        ]

    def test_moving_the_adoption_before_a_later_dated_milestone_names_that_milestone(
        self, adoption
    ):
        adoption.starts_on = datetime.date(2027, 3, 1)
        message = errors_of(adoption)["starts_on"][0]
        assert message.startswith("»Høring« ligger før vedtagelsen") and "1. april 2027" in message

    def test_undated_milestones_are_never_out_of_order(self, adoption):
        MilestoneFactory.build(
            revision=adoption.revision, position=3, date_precision="unset", starts_on=None
        ).full_clean()


def test_the_planned_adoption_cannot_come_before_the_start():
    revision = RevisionFactory.build(
        starts_on=datetime.date(2027, 2, 1),
        planned_adoption_on=datetime.date(2027, 1, 1),
        planned_adoption_precision="month",
    )
    assert errors_of(revision)["planned_adoption_on"] == [
        "Den planlagte vedtagelse kan ikke ligge før starten."
    ]


def test_a_task_owner_must_be_in_the_tasks_group():
    project = GroupFactory(name="Projektgruppen")
    outsider = MemberFactory(name="Jens Bach", group=GroupFactory(revision=project.revision))
    task = TaskFactory.build(group=project, owner=outsider)
    assert errors_of(task)["owner"] == ["Jens Bach er ikke medlem af Projektgruppen."]


def test_a_tasks_milestone_must_belong_to_the_groups_revision():
    task = TaskFactory.build(group=GroupFactory(), milestone=MilestoneFactory())
    assert "milestone" in errors_of(task)


def test_task_querysets_say_what_is_open_overdue_and_due_soon():
    group = GroupFactory()
    overdue = TaskFactory(group=group, due_on=TODAY - datetime.timedelta(days=1))
    today = TaskFactory(group=group, due_on=TODAY)
    soon = TaskFactory(group=group, due_on=TODAY + datetime.timedelta(days=3))
    TaskFactory(group=group, due_on=TODAY + datetime.timedelta(days=4))
    TaskFactory(group=group, due_on=TODAY - datetime.timedelta(days=5), status=Task.Status.DONE)
    TaskFactory(group=group, due_on=None)
    assert set(Task.objects.overdue(today=TODAY)) == {overdue}
    assert set(Task.objects.due_within(3, today=TODAY)) == {today, soon}
    assert Task.objects.open().count() == 5


def test_a_completed_time_only_belongs_to_a_done_task():
    task = TaskFactory()
    task.completed_at = datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        task.save()


def test_milestone_querysets_count_a_month_as_due_at_its_end():
    month = MilestoneFactory(date_precision="month", starts_on=datetime.date(2027, 1, 1))
    assert list(Milestone.objects.overdue(today=datetime.date(2027, 1, 31))) == []
    assert list(Milestone.objects.overdue(today=datetime.date(2027, 2, 1))) == [month]
    assert list(Milestone.objects.due_within(0, today=datetime.date(2027, 1, 31))) == [month]


class TestStakeholders:
    def test_a_special_invitation_says_who_decided_it(self):
        assert "invitation_decided_by" in errors_of(
            StakeholderFactory.build(special_invitation=True)
        )

    def test_an_answer_needs_a_sent_invitation_and_comes_after_it(self):
        group = GroupFactory()
        stakeholder = StakeholderFactory.build(
            revision=group.revision,
            special_invitation=True,
            invitation_decided_by=group,
            answer=Stakeholder.Answer.ACCEPTED,
        )
        assert "answer" in errors_of(stakeholder)
        stakeholder.invitation_sent_on = datetime.date(2027, 1, 10)
        stakeholder.answered_on = datetime.date(2027, 1, 5)
        assert "answered_on" in errors_of(stakeholder)

    def test_querysets_find_what_is_to_send_and_what_awaits_an_answer(self):
        group = GroupFactory()
        to_send = StakeholderFactory(
            revision=group.revision, special_invitation=True, invitation_decided_by=group
        )
        waiting = StakeholderFactory(
            revision=group.revision,
            special_invitation=True,
            invitation_decided_by=group,
            invitation_sent_on=datetime.date(2027, 1, 2),
        )
        StakeholderFactory(revision=group.revision)
        assert list(Stakeholder.objects.to_invite()) == [to_send]
        assert list(Stakeholder.objects.awaiting_answer()) == [waiting]


class TestDecisions:
    def test_the_history_reads_which_body_did_what_with_which_version(self, revision, coordinator):
        hoved_med = MilestoneFactory(
            revision=revision, kind=Milestone.Kind.HOVED_MED, starts_on=datetime.date(2026, 5, 12)
        )
        decision = decision_for(hoved_med, user=coordinator)
        with translation.override("da"):
            assert decision.summary == (
                "HovedMED behandlede version 1 af Medborgerpolitik den 12. maj 2026"
            )
        with translation.override("en"):
            assert (
                decision.summary == "HovedMED treated version 1 of Medborgerpolitik on May 12, 2026"
            )

    def test_only_deciding_bodies_get_a_decision(self, revision, coordinator):
        meeting = MilestoneFactory(
            revision=revision,
            kind=Milestone.Kind.CITIZENS_MEETING,
            starts_on=datetime.date(2026, 5, 12),
        )
        decision = Decision(
            milestone=meeting,
            version=revision.policy_document.current_version,
            meeting_on=datetime.date(2026, 5, 12),
            text="x",
        )
        assert "milestone" in errors_of(decision)

    def test_the_version_must_be_of_the_revisions_documents(self, revision, coordinator):
        from policy.services import SectionInput, version_save

        from .process_factories import DocumentFactory

        other = DocumentFactory()
        foreign = version_save(
            document=other, sections=[SectionInput(heading="X")], user=coordinator, base_number=None
        )
        council = MilestoneFactory(revision=revision, kind=Milestone.Kind.CITY_COUNCIL)
        decision = Decision(
            milestone=council, version=foreign, meeting_on=datetime.date(2026, 5, 1), text="x"
        )
        assert "version" in errors_of(decision)

    def test_a_meeting_in_the_future_cannot_have_decided_yet(self, revision):
        council = MilestoneFactory(revision=revision, kind=Milestone.Kind.CITY_COUNCIL)
        decision = Decision(
            milestone=council,
            version=revision.policy_document.current_version,
            meeting_on=datetime.date.today() + datetime.timedelta(days=1),
            text="x",
        )
        assert "meeting_on" in errors_of(decision)
