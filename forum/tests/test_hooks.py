import datetime
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from forum import hooks, services
from medborger.hooks import CalendarEvent, collect
from medborger.testing.queries import assert_constant_queries

from .factories import BudgetYearFactory, ExpenseFactory, InitiativeFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_navigation_links_the_forum_for_everybody(forum, secretary):
    (item,) = hooks.nav_items(request_for(secretary))
    assert item.url == reverse("forum:list") and item.label == "Medborgerforum"
    assert item.is_active_for(forum.get_absolute_url())


def test_the_dashboard_shows_the_secretariat_the_budget_status(
    forum, budget_year, secretary, coordinator, forum_member, plan
):
    ExpenseFactory(budget_year=budget_year, amount=Decimal("9500"))
    InitiativeFactory(
        action_plan=plan,
        status="proposed",
        standing_committee="not_assessed",
        standing_committee_assessment="",
    )
    (panel,) = hooks.dashboard_panels(request_for(secretary))
    (entry,) = panel.context["forums"]
    (year,) = entry["years"]
    assert (year.year, year.left, year.is_close_to_limit) == (2019, Decimal("500.00"), True)
    assert panel.context["proposals"] == 1
    assert hooks.dashboard_panels(request_for(coordinator)) == []
    assert hooks.dashboard_panels(request_for(forum_member)) == []


def test_the_dashboard_page_shows_the_panel(secretary_client, forum, budget_year):
    ExpenseFactory(budget_year=budget_year, amount=Decimal("9500"))
    page = secretary_client.get(reverse("dashboard")).content.decode()
    assert "Medborgerforummets budgetstatus" in page
    assert "Tæt på grænsen: 95 % brugt" in page


def test_the_budget_panel_makes_as_many_queries_for_one_year_as_for_many(secretary_client, forum):
    def grow(count: int) -> None:
        for year in range(2019, 2019 + count):
            BudgetYearFactory(forum=forum, year=year)

    queries = assert_constant_queries(
        secretary_client, reverse("dashboard"), grow=grow, small=1, large=6
    )
    # session, user with their roles, the upcoming events, the forums in their mandate, the
    # most recent forum (none is in its mandate here), the budget years with their totals (each
    # year's link names its forum: set from the forums, not fetched per year), the proposals.
    assert queries == 7


def test_forum_meetings_are_calendar_events_for_the_forum_only(
    forum, secretary, forum_member, coordinator
):
    meeting = MeetingFactory(
        forum=forum,
        title="Forummøde",
        place="Rådhuset",
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    services.agenda_save(
        meeting=meeting, items=[services.AgendaItemInput(title="Budget")], user=secretary
    )

    (event,) = hooks.calendar_events(forum_member)
    assert isinstance(event, CalendarEvent)
    assert event.uid == f"forum-meeting-{meeting.pk}@medborger"
    assert event.title == f"{forum.name}: Forummøde"
    assert event.start == meeting.starts_at
    assert event.end == meeting.starts_at + datetime.timedelta(hours=2)
    assert (event.location, event.description) == ("Rådhuset", "1. Budget")
    assert event.url.endswith(meeting.get_absolute_url())
    assert [e.uid for e in collect("calendar_events", secretary) if e.uid.startswith("forum")] == [
        event.uid
    ]
    assert hooks.calendar_events(coordinator) == []


def test_the_calendar_events_take_a_fixed_number_of_queries(
    forum, forum_member, django_assert_num_queries
):
    for day in range(20):
        MeetingFactory(forum=forum, starts_at=timezone.now() + datetime.timedelta(days=day))
    forum_member.has_perm("forum.view_internal")  # roles are read once per user
    with django_assert_num_queries(2):
        assert len(hooks.calendar_events(forum_member)) == 20


def test_the_landing_page_links_the_forum(client, forum):
    page = client.get(reverse("landing")).content.decode()
    assert f'href="{forum.get_absolute_url()}"' in page
