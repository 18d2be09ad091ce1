import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from forum import services
from forum.models import ActionPlan, Initiative

pytestmark = pytest.mark.django_db

D = datetime.date


def save_plan(forum, user, start, end, **kwargs):
    return services.action_plan_save(
        forum=forum, user=user, title="Handlingsplan", starts_on=start, ends_on=end, **kwargs
    )


def propose(plan, user, **kwargs):
    content = {"title": "Frivillig i Ishøj", "theme": "Frivillighed", "goal": "Flere frivillige."}
    return services.initiative_propose(action_plan=plan, user=user, **{**content, **kwargs})


def test_a_two_year_plan_inside_the_mandate_is_saved(forum, secretary):
    plan = save_plan(forum, secretary, D(2018, 1, 1), D(2019, 12, 31))
    assert plan.pk and plan.history.get().history_user == secretary


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (
            D(2018, 1, 1),
            D(2020, 1, 31),
            "ends_on",
            "En handlingsplan kan højst dække to år (24 måneder); denne periode dækker 25 måneder.",
        ),
        (
            D(2021, 6, 1),
            D(2022, 5, 31),
            "ends_on",
            "Handlingsplanen skal ligge inden for forummets mandatperiode (2018–2021).",
        ),
        (
            D(2017, 6, 1),
            D(2018, 5, 31),
            "starts_on",
            "Handlingsplanen skal ligge inden for forummets mandatperiode (2018–2021).",
        ),
        (D(2019, 6, 1), D(2019, 5, 31), "ends_on", "Slutdatoen ligger før startdatoen."),
    ],
)
def test_a_plan_too_long_outside_the_mandate_or_backwards_is_refused(
    forum, secretary, start, end, field, message
):
    with pytest.raises(ValidationError) as error:
        save_plan(forum, secretary, start, end)
    assert error.value.message_dict[field] == [message]
    assert not ActionPlan.objects.exists()


def test_a_forum_member_proposes_and_the_proposal_awaits_review(plan, forum_member):
    initiative = propose(plan, forum_member, budget=Decimal("5000.00"))
    assert initiative.status == Initiative.Status.PROPOSED
    assert initiative.proposed_by == forum_member
    assert initiative.standing_committee == Initiative.StandingCommittee.NOT_ASSESSED
    assert initiative.history.get().history_change_reason == "Initiativ foreslået"


def test_an_initiative_that_belongs_to_a_standing_committee_cannot_be_approved(
    plan, forum_member, secretary
):
    initiative = propose(plan, forum_member)
    with pytest.raises(ValidationError) as error:
        services.initiative_review(
            initiative=initiative,
            user=secretary,
            standing_committee=Initiative.StandingCommittee.BELONGS,
            assessment="Hører under Teknik- og Miljøudvalget.",
            decision="approve",
        )
    assert error.value.message_dict["standing_committee"] == [
        "Et initiativ, der hører under et stående udvalg, kan ikke godkendes: forummet må "
        "ikke tage den slags sager op."
    ]
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PROPOSED


@pytest.mark.parametrize(
    ("check", "assessment", "field"),
    [
        (Initiative.StandingCommittee.NOT_ASSESSED, "", "standing_committee"),
        (Initiative.StandingCommittee.CLEAR, "  ", "standing_committee_assessment"),
    ],
)
def test_approval_needs_an_assessment_that_is_written_down(
    plan, forum_member, secretary, check, assessment, field
):
    initiative = propose(plan, forum_member)
    with pytest.raises(ValidationError) as error:
        services.initiative_review(
            initiative=initiative,
            user=secretary,
            standing_committee=check,
            assessment=assessment,
            decision="approve",
        )
    assert field in error.value.message_dict
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.PROPOSED


def test_the_secretariat_approves_a_clear_initiative(plan, forum_member, secretary):
    initiative = services.initiative_review(
        initiative=propose(plan, forum_member),
        user=secretary,
        standing_committee=Initiative.StandingCommittee.CLEAR,
        assessment="Ligger inden for forummets opgaver.",
        decision="approve",
    )
    assert initiative.status == Initiative.Status.APPROVED
    assert (initiative.assessed_by, initiative.decided_by) == (secretary, secretary)
    assert initiative.history.latest().history_change_reason == "Initiativ godkendt"


def test_a_flagged_initiative_is_rejected(plan, forum_member, secretary):
    initiative = services.initiative_review(
        initiative=propose(plan, forum_member),
        user=secretary,
        standing_committee=Initiative.StandingCommittee.BELONGS,
        assessment="Hører under Teknik- og Miljøudvalget.",
        decision="reject",
    )
    assert initiative.status == Initiative.Status.REJECTED


def test_progress_can_only_be_set_on_an_approved_initiative(plan, forum_member, secretary):
    initiative = propose(plan, forum_member)
    with pytest.raises(ValidationError):
        services.initiative_update(
            initiative=initiative, user=secretary, status=Initiative.Status.DONE
        )
    approved = services.initiative_review(
        initiative=initiative,
        user=secretary,
        standing_committee=Initiative.StandingCommittee.CLEAR,
        assessment="I orden.",
        decision="approve",
    )
    done = services.initiative_update(
        initiative=approved, user=secretary, status=Initiative.Status.DONE
    )
    assert done.status == Initiative.Status.DONE


def test_a_negative_earmark_is_refused(plan, forum_member):
    with pytest.raises(ValidationError) as error:
        propose(plan, forum_member, budget=Decimal("-1"))
    assert error.value.message_dict == {"budget": ["Beløbet kan ikke være negativt."]}
