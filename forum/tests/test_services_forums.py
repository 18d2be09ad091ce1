import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from forum import services

from .factories import ActionPlanFactory, BudgetYearFactory

pytestmark = pytest.mark.django_db


def test_the_secretariat_edits_the_forum_and_the_history_says_who(forum, secretary):
    services.forum_update(
        forum=forum, user=secretary, purpose="Nyt formål.", council_case_number="32"
    )
    forum.refresh_from_db()
    assert forum.purpose == "Nyt formål."
    record = forum.history.latest()
    assert (record.history_user, record.history_change_reason) == (secretary, "Forum redigeret")


def test_the_mandate_cannot_shrink_past_its_budget_years_or_plans(forum, secretary):
    BudgetYearFactory(forum=forum, year=2021)
    with pytest.raises(ValidationError) as error:
        services.forum_update(forum=forum, user=secretary, mandate_end_year=2020)
    assert "mandate_end_year" in error.value.message_dict
    forum.refresh_from_db()
    assert forum.mandate_end_year == 2021


def test_a_mandate_ending_before_it_starts_is_refused(forum, secretary):
    ActionPlanFactory(forum=forum, starts_on=datetime.date(2018, 6, 1))
    with pytest.raises(ValidationError) as error:
        services.forum_update(
            forum=forum, user=secretary, mandate_start_year=2018, mandate_end_year=2017
        )
    assert "mandate_end_year" in error.value.message_dict


def test_the_forum_form_saves_through_the_service(secretary_client, forum):
    url = reverse("forum:forum_edit", kwargs={"forum": forum.slug})
    response = secretary_client.post(
        url,
        {
            "name": "Medborgerforum 2018–2021",
            "mandate_start_year": "2018",
            "mandate_end_year": "2021",
            "council_decision_on": "2018-02-06",
            "council_case_number": "32",
            "terms_adopted_on": "2018-06-06",
            "secretariat_unit": "Center for Kultur og Fritid",
            "purpose": "Forummet omsætter politikken til handling.",
        },
    )
    assert response.status_code == 302
    forum.refresh_from_db()
    assert forum.council_decision_on == datetime.date(2018, 2, 6)
