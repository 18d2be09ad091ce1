"""The revision's reminder rules at their boundaries: the day before, the day of, and after."""

import datetime
import io

import pytest
from django.core.management import call_command

from medborger.dates import DatePrecision
from medborger.models import OutboundEmail, Reminder
from medborger.reminders import reminders_scan
from policy.models import GroupMember, Milestone, Task

from .process_factories import GroupFactory, MemberFactory, MilestoneFactory, TaskFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def reminded(**filters) -> set[tuple[str, str]]:
    """(occasion, recipient e-mail) of every reminder recorded so far."""
    return set(Reminder.objects.filter(**filters).values_list("occasion", "recipient_email"))


@pytest.fixture
def milestone(revision, project_group):
    """Due Friday 20 November 2026; the project group is responsible."""
    return MilestoneFactory(
        revision=revision,
        responsible_group=project_group,
        kind=Milestone.Kind.OTHER,
        starts_on=D(2026, 11, 20),
        title="Udkast klar",
    )


def addresses(group, coordinator) -> set[str]:
    return {member.email for member in group.members.all()} | {coordinator.email}


def test_a_milestone_reminds_its_group_and_the_coordinator_7_days_before(
    milestone, project_group, coordinator
):
    reminders_scan(today=D(2026, 11, 12))  # 8 days before: only the 14-day reminder (late)
    assert {occasion for occasion, _ in reminded()} == {"lead-14"}
    reminders_scan(today=D(2026, 11, 13))  # 7 days before
    expected = addresses(project_group, coordinator)
    assert {email for occasion, email in reminded() if occasion == "lead-7"} == expected
    count = Reminder.objects.count()
    reminders_scan(today=D(2026, 11, 14))  # the day after the 7-day mark: nothing new
    assert Reminder.objects.count() == count
    emails = OutboundEmail.objects.filter(subject__contains="Udkast klar")
    assert emails.count() == 2 * len(expected)
    assert set(emails.values_list("to_address", flat=True)) == expected


def test_the_one_day_reminder_comes_the_day_before_and_not_on_the_day(milestone):
    reminders_scan(today=D(2026, 11, 18))
    assert "lead-1" not in {occasion for occasion, _ in reminded()}
    reminders_scan(today=D(2026, 11, 19))
    assert "lead-1" in {occasion for occasion, _ in reminded()}
    before = Reminder.objects.count()
    reminders_scan(today=D(2026, 11, 20))
    assert Reminder.objects.count() == before


def test_an_overdue_milestone_is_reminded_daily_up_to_the_limit(milestone):
    for day in range(21, 30):
        reminders_scan(today=D(2026, 11, day))
    overdue = sorted(o for o, _ in reminded() if o.startswith("overdue-"))
    # The default limit is 5 days after the due date: 21 to 25 November.
    assert sorted(set(overdue)) == [f"overdue-2026-11-{day}" for day in range(21, 26)]


def test_an_overdue_milestone_is_escalated_to_the_steering_chair_once(
    milestone, steering_group, steering_member
):
    reminders_scan(today=D(2026, 11, 26))  # 6 days late
    assert not Reminder.objects.filter(occasion="escalation").exists()
    reminders_scan(today=D(2026, 11, 27))  # 7 days late
    reminders_scan(today=D(2026, 11, 28))
    escalations = Reminder.objects.filter(occasion="escalation")
    chair = steering_group.members.get(role=GroupMember.Role.CHAIR)
    assert list(escalations.values_list("recipient_email", flat=True)) == [chair.email]
    email = escalations.get().outbound_email
    assert "chair of the steering group" in email.body_text or "styregruppen" in email.body_text


def test_a_done_or_cancelled_milestone_never_reminds(milestone, revision, project_group):
    MilestoneFactory(
        revision=revision,
        responsible_group=project_group,
        starts_on=D(2026, 11, 20),
        status=Milestone.Status.CANCELLED,
    )
    Milestone.objects.filter(pk=milestone.pk).update(status=Milestone.Status.DONE)
    for day in (6, 13, 19, 21, 28):
        reminders_scan(today=D(2026, 11, day))
    assert not Reminder.objects.exists()


def test_a_month_precision_milestone_is_due_at_the_end_of_its_month(revision, project_group):
    MilestoneFactory(
        revision=revision,
        responsible_group=project_group,
        date_precision=DatePrecision.MONTH,
        starts_on=D(2027, 4, 1),
    )
    reminders_scan(today=D(2027, 4, 22))  # 8 days before 30 April
    assert {o for o, _ in reminded()} == {"lead-14"}
    reminders_scan(today=D(2027, 4, 23))
    assert "lead-7" in {o for o, _ in reminded()}
    reminders_scan(today=D(2027, 4, 30))
    assert not any(o.startswith("overdue") for o, _ in reminded())


def test_a_deciding_body_counts_danish_working_days(revision, project_group):
    """HovedMED meets Tuesday 7 April 2026, after Easter: one working day before is 1 April."""
    MilestoneFactory(
        revision=revision,
        responsible_group=project_group,
        kind=Milestone.Kind.HOVED_MED,
        starts_on=D(2026, 4, 7),
    )
    reminders_scan(today=D(2026, 3, 31))
    assert "lead-1" not in {o for o, _ in reminded()}
    reminders_scan(today=D(2026, 4, 1))
    assert "lead-1" in {o for o, _ in reminded()}


def test_a_milestone_without_a_responsible_group_reminds_the_coordinator(revision, coordinator):
    MilestoneFactory(revision=revision, starts_on=D(2026, 11, 20))
    reminders_scan(today=D(2026, 11, 13))
    assert reminded() == {("lead-7", coordinator.email)}


@pytest.fixture
def task(project_group):
    owner = project_group.members.get(name="Thomas Berg")
    return TaskFactory(group=project_group, owner=owner, due_on=D(2026, 11, 20), title="Book sal")


def test_a_task_reminds_its_owner_3_days_before(task):
    reminders_scan(today=D(2026, 11, 16))
    assert not Reminder.objects.exists()
    reminders_scan(today=D(2026, 11, 17))
    assert reminded() == {("lead-3", task.owner.email)}
    reminders_scan(today=D(2026, 11, 18))
    assert Reminder.objects.count() == 1


def test_an_overdue_task_reminds_its_owner_and_stops_when_done(task):
    reminders_scan(today=D(2026, 11, 21))
    assert reminded() == {("overdue-2026-11-21", task.owner.email)}
    Task.objects.filter(pk=task.pk).update(status=Task.Status.DONE)
    reminders_scan(today=D(2026, 11, 22))
    assert Reminder.objects.count() == 1


def test_a_task_without_an_owner_reminds_nobody(project_group):
    TaskFactory(group=project_group, due_on=D(2026, 11, 20))
    reminders_scan(today=D(2026, 11, 17))
    assert not Reminder.objects.exists()


def test_a_member_without_an_address_is_recorded_as_skipped(revision, coordinator):
    group = GroupFactory(revision=revision)
    MemberFactory(group=group, name="Uden Adresse", email="")
    MemberFactory(group=group, name="Forkert Adresse", email="ikke en adresse")
    MilestoneFactory(revision=revision, responsible_group=group, starts_on=D(2026, 11, 20))
    reminders_scan(today=D(2026, 11, 13))
    by_name = {row.recipient_name: row for row in Reminder.objects.all()}
    assert by_name["Uden Adresse"].status == Reminder.Status.SKIPPED
    assert by_name["Uden Adresse"].error == "No e-mail address."
    assert by_name["Forkert Adresse"].status == Reminder.Status.FAILED
    assert by_name["Forkert Adresse"].outbound_email.status == OutboundEmail.Status.FAILED
    assert Reminder.objects.filter(recipient_email=coordinator.email).get().status == (
        Reminder.Status.QUEUED
    )


def test_the_demo_has_a_milestone_that_is_reminded_about_today():
    call_command("seed_demo", stdout=io.StringIO())
    milestone = Milestone.objects.get(title="Udkast til styregruppens møde")
    reminders_scan()
    rows = Reminder.objects.filter(object_id=str(milestone.pk), occasion="lead-7")
    assert (
        rows.filter(status=Reminder.Status.QUEUED).count()
        == milestone.responsible_group.members.count() + 1
    )
