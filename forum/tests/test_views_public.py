import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Initiative, Membership
from medborger.testing.queries import assert_constant_queries

from .factories import (
    InitiativeFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    SeatFactory,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def publish(meeting, user, *, minutes="<p>Referat</p>"):
    services.agenda_save(
        meeting=meeting, items=[services.AgendaItemInput(title="Velkomst")], user=user
    )
    services.meeting_publish(meeting=meeting, user=user, part="agenda")
    if minutes:
        services.minutes_save(meeting=meeting, minutes=minutes, decisions={}, user=user)
        services.meeting_publish(meeting=meeting, user=user, part="minutes")


def test_the_public_page_shows_purpose_members_meetings_minutes_and_plan(
    client, forum, plan, secretary
):
    seat = SeatFactory(forum=forum, name="Ældrerådet")
    MembershipFactory(
        seat=seat,
        person=PersonFactory(forum=forum, name="Birthe Holm", email="birthe@privat.example"),
        role=Membership.Role.CHAIR,
    )
    MembershipFactory(
        seat=seat,
        person=PersonFactory(forum=forum, name="Tove Rasmussen", email="tove@privat.example"),
        role=Membership.Role.SUBSTITUTE,
    )
    held = MeetingFactory(forum=forum, title="Første forummøde")
    publish(held, secretary)
    InitiativeFactory(action_plan=plan, title="Frivillig i Ishøj")
    InitiativeFactory(
        action_plan=plan,
        title="Hemmeligt forslag",
        status=Initiative.Status.PROPOSED,
        standing_committee=Initiative.StandingCommittee.NOT_ASSESSED,
    )

    response = client.get(forum.get_absolute_url())

    page = text(response)
    assert response.status_code == 200
    assert "Forummet omsætter politikken til handling." in page
    assert "<td>Ældrerådet</td><td>Birthe Holm</td><td>Formand</td>" in page
    assert "Tove Rasmussen (Ældrerådet)" in page
    assert "Referat af Første forummøde, 12. marts 2019" in page
    assert "Handlingsplan 2018–2019" in page and "Frivillig i Ishøj" in page
    assert "Hemmeligt forslag" not in page
    assert "@privat.example" not in page
    assert "Forummets sider" not in page  # no internal navigation for visitors


def test_upcoming_meetings_are_listed_with_time_and_place(client, forum):
    MeetingFactory(
        forum=forum,
        title="Næste møde",
        place="Kulturhuset",
        starts_at=timezone.now() + datetime.timedelta(days=10),
    )
    page = text(client.get(forum.get_absolute_url()))
    assert "Næste møde</strong>" not in page
    assert "Næste møde, Kulturhuset" in page


def test_unpublished_meetings_are_hidden_from_visitors(client, forum, secretary):
    draft = MeetingFactory(forum=forum)
    assert client.get(draft.get_absolute_url()).status_code == 404

    publish(draft, secretary, minutes="")
    page = text(client.get(draft.get_absolute_url()))
    assert "Velkomst" in page and "Referat" not in page.split("</h1>", 1)[1]

    services.minutes_save(
        meeting=draft, minutes="<p>Mødet gik godt.</p>", decisions={}, user=secretary
    )
    assert "Mødet gik godt." not in text(client.get(draft.get_absolute_url()))
    services.meeting_publish(meeting=draft, user=secretary, part="minutes")
    assert "Mødet gik godt." in text(client.get(draft.get_absolute_url()))


def test_forum_members_see_unpublished_meetings(forum_member_client, forum):
    draft = MeetingFactory(forum=forum, title="Internt møde")
    response = forum_member_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Dagsorden ikke offentlig" in text(response)


def test_the_public_page_query_count_does_not_grow(client, forum, plan, secretary):
    def grow(n):
        for _ in range(forum.seats.count(), n // 10):
            MembershipFactory(seat=SeatFactory(forum=forum), person__forum=forum)
        for i in range(forum.meetings.count(), n // 10):
            publish(MeetingFactory(forum=forum, title=f"Møde {i}"), secretary)
        for _ in range(plan.initiatives.count(), n // 10):
            InitiativeFactory(action_plan=plan)

    queries = assert_constant_queries(client, forum.get_absolute_url(), grow=grow, large=200)
    # forum with its terms of reference, members, meetings, the plan covering the day (none
    # here), the latest adopted plan instead, its approved initiatives. A visitor has no
    # session, so there is no session or user query.
    assert queries == 6


def test_the_forum_list_links_each_forum(client, forum):
    page = text(client.get(reverse("forum:list")))
    assert f'href="{forum.get_absolute_url()}"' in page
