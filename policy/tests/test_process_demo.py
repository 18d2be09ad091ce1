"""The demo's process: the project group's three tasks, stakeholders, and decisions for the
meetings that the demo timeline has already passed."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from policy.models import Decision, Group, Milestone, Stakeholder, Task

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_project_group_has_its_three_tasks_one_of_them_for_the_demo_login():
    seed()
    project = Group.objects.get(kind=Group.Kind.PROJECT)
    tasks = list(Task.objects.filter(group=project).select_related("owner__user", "milestone"))
    assert [t.title for t in tasks] == [
        "Holde borgermødet",
        "Gøre borgermødet synligt",
        "Inddrage medarbejderne i den interne workshop",
    ]
    assert all(t.owner.group_id == project.pk and t.due_on for t in tasks)
    assert tasks[0].owner.user.username == "projektgruppe"
    assert tasks[0].milestone.kind == Milestone.Kind.CITIZENS_MEETING
    assert tasks[1].due_on < tasks[0].due_on


def test_stakeholders_have_special_invitations_decided_by_the_steering_group():
    seed()
    special = Stakeholder.objects.filter(special_invitation=True)
    assert special.count() == 3
    assert {s.invitation_decided_by.kind for s in special} == {Group.Kind.STEERING}
    assert Stakeholder.objects.awaiting_answer().count() == 1
    assert Stakeholder.objects.to_invite().count() == 1
    for stakeholder in Stakeholder.objects.all():
        stakeholder.full_clean()


def test_decisions_exist_exactly_for_the_deciding_meetings_already_passed():
    seed()
    today = timezone.localdate()
    passed = [
        m
        for m in Milestone.objects.all()
        if m.is_deciding_body and m.due_on is not None and m.due_on < today
    ]
    assert passed, "the demo always starts with the committee's approval in the past"
    assert set(Decision.objects.values_list("milestone_id", flat=True)) == {m.pk for m in passed}
    approval = Decision.objects.get(milestone__kind=Milestone.Kind.COMMITTEE_APPROVAL)
    assert approval.version.document.kind == "terms_of_reference"
    assert approval.summary.startswith("Udvalget godkendte version 1 af Kommissorium")


def test_seeding_twice_adds_nothing():
    seed()
    counts = [Task.objects.count(), Stakeholder.objects.count(), Decision.objects.count()]
    seed()
    assert [Task.objects.count(), Stakeholder.objects.count(), Decision.objects.count()] == counts


def test_no_demo_milestone_breaks_the_order_rule_so_the_form_defaults_save():
    """The demo's reminder milestone sat after the council's adoption but dated before it, so
    adding a milestone with the form's defaults failed."""
    seed()
    for milestone in Milestone.objects.all():
        milestone.full_clean()
    revision = Milestone.objects.first().revision
    due = Milestone.objects.get(title="Udkast til styregruppens møde")
    council = revision.milestones.get(kind=Milestone.Kind.CITY_COUNCIL)
    assert due.position < council.position


def test_the_demo_hearing_milestone_is_never_done_without_a_hearing():
    seed()
    hearing = Milestone.objects.get(kind=Milestone.Kind.PUBLIC_HEARING)
    assert hearing.status != Milestone.Status.DONE or hearing.hearings.exists()
