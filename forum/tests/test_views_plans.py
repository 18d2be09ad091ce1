import re

import pytest
from django.urls import reverse

from forum.models import ActionPlan, Initiative
from medborger.testing.queries import assert_constant_queries

from .factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def url(name, forum, **kwargs):
    return reverse(f"forum:{name}", kwargs={"forum": forum.slug, **kwargs})


def open_proposal(plan, **kwargs):
    """An initiative proposed and not yet assessed."""
    return InitiativeFactory(
        action_plan=plan,
        status="proposed",
        standing_committee="not_assessed",
        standing_committee_assessment="",
        **kwargs,
    )


PROPOSAL = {
    "title": "Foreningsguide på flere sprog",
    "theme": "Inklusion",
    "goal": "Nytilflyttede finder vej til foreningslivet.",
    "planned_activities": "En kort guide.",
    "responsible": "Integrationsrådet",
    "indicators": "Antal uddelte guider.",
    "coordination_note": "Aftalt med biblioteket.",
    "budget": "15.000",
}


def test_a_forum_member_proposes_an_initiative(forum_member_client, forum_member, forum, plan):
    response = forum_member_client.post(url("initiative_propose", forum, pk=plan.pk), PROPOSAL)

    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert initiative.status == Initiative.Status.PROPOSED
    assert initiative.proposed_by == forum_member
    assert str(initiative.budget) == "15000.00"
    page = text(forum_member_client.get(plan.get_absolute_url()))
    assert "Forslag, der venter på vurdering" in page and "Foreningsguide på flere sprog" in page


def test_the_proposer_may_edit_an_open_proposal_but_not_someone_elses(
    client_for, forum_member, make_user, forum, plan
):
    mine = open_proposal(plan, proposed_by=forum_member)
    theirs = open_proposal(plan, proposed_by=make_user("Forummedlem"))
    client = client_for(forum_member)
    response = client.post(
        url("initiative_edit", forum, pk=mine.pk), {**PROPOSAL, "title": "Nyt navn"}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.title == "Nyt navn"
    assert client.get(url("initiative_edit", forum, pk=theirs.pk)).status_code == 403


def test_a_proposer_cannot_edit_once_the_secretariat_has_decided(
    client_for, forum_member, forum, plan
):
    approved = InitiativeFactory(action_plan=plan, proposed_by=forum_member)
    assert (
        client_for(forum_member).get(url("initiative_edit", forum, pk=approved.pk)).status_code
        == 403
    )


def test_the_review_refuses_to_approve_a_standing_committee_matter_next_to_the_field(
    secretary_client, forum, plan
):
    initiative = open_proposal(plan)
    response = secretary_client.post(
        url("initiative_review", forum, pk=initiative.pk),
        {
            "standing_committee": "belongs",
            "assessment": "Hører under Teknik- og Miljøudvalget.",
            "decision": "approve",
        },
    )
    page = text(response)
    assert response.status_code == 200
    assert re.search(
        r'id="id_standing_committee_error".*?kan ikke godkendes: forummet må ikke tage', page
    )
    initiative.refresh_from_db()
    assert initiative.status == "proposed" and initiative.standing_committee == "not_assessed"


def test_the_review_needs_a_written_assessment(secretary_client, forum, plan):
    initiative = open_proposal(plan)
    response = secretary_client.post(
        url("initiative_review", forum, pk=initiative.pk),
        {"standing_committee": "clear", "assessment": "", "decision": "approve"},
    )
    assert re.search(r'id="id_assessment_error".*?Skriv sekretariatets vurdering', text(response))


def test_the_secretariat_approves(secretary_client, forum, plan, secretary):
    initiative = open_proposal(plan)
    response = secretary_client.post(
        url("initiative_review", forum, pk=initiative.pk),
        {"standing_committee": "clear", "assessment": "I orden.", "decision": "approve"},
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == "approved" and initiative.decided_by == secretary


def test_forum_members_cannot_review(forum_member_client, forum, plan):
    initiative = InitiativeFactory(action_plan=plan)
    assert (
        forum_member_client.get(url("initiative_review", forum, pk=initiative.pk)).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "message"),
    [
        (
            "2018-01-01",
            "2020-01-31",
            "En handlingsplan kan højst dække to år (24 måneder); denne periode dækker 25 måneder.",
        ),
        (
            "2021-01-01",
            "2022-06-30",
            "Handlingsplanen skal ligge inden for forummets mandatperiode (2018–2021).",
        ),
        ("2019-06-01", "2019-01-01", "Slutdatoen ligger før startdatoen."),
    ],
)
def test_a_bad_plan_period_is_refused_next_to_the_field(
    secretary_client, forum, starts_on, ends_on, message
):
    response = secretary_client.post(
        url("plan_create", forum),
        {"title": "Handlingsplan", "starts_on": starts_on, "ends_on": ends_on, "status": "draft"},
    )
    page = text(response)
    assert response.status_code == 200
    assert re.search(r'id="id_ends_on_error".*?' + re.escape(message), page)
    assert not ActionPlan.objects.exists()


def test_the_secretariat_creates_a_two_year_plan(secretary_client, forum):
    response = secretary_client.post(
        url("plan_create", forum),
        {
            "title": "Handlingsplan 2020–2021",
            "starts_on": "2020-01-01",
            "ends_on": "2021-12-31",
            "status": "draft",
        },
    )
    assert response.status_code == 302
    assert ActionPlan.objects.get().title == "Handlingsplan 2020–2021"


def test_the_plan_page_query_count_does_not_grow(forum_member_client, forum, plan):
    def grow(n):
        for _ in range(plan.initiatives.count(), n // 5):
            InitiativeFactory(action_plan=plan)

    queries = assert_constant_queries(
        forum_member_client, plan.get_absolute_url(), grow=grow, large=200
    )
    # session, user with their roles, plan with forum, initiatives with their proposers.
    assert queries == 4
