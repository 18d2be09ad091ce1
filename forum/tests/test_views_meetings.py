import re

import pytest
from django.urls import reverse

from forum.models import Attendance, Meeting
from medborger.testing.queries import assert_constant_queries

from .factories import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def url(name, forum, **kwargs):
    return reverse(f"forum:{name}", kwargs={"forum": forum.slug, **kwargs})


def test_the_secretariat_plans_a_meeting(secretary_client, forum):
    response = secretary_client.post(
        url("meeting_create", forum),
        {
            "title": "Forummøde",
            "date": "2019-03-12",
            "start_time": "17:00",
            "end_time": "19:30",
            "place": "Rådhuset",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == meeting.get_absolute_url()
    assert meeting.starts_at.isoformat() == "2019-03-12T16:00:00+00:00"  # 17:00 in Copenhagen
    assert meeting.ends_at.isoformat() == "2019-03-12T18:30:00+00:00"


def test_a_meeting_without_a_time_is_refused_next_to_the_field(secretary_client, forum):
    response = secretary_client.post(
        url("meeting_create", forum),
        {"title": "Forummøde", "date": "2019-03-12", "start_time": "", "place": "Rådhuset"},
    )
    page = text(response)
    assert response.status_code == 200
    assert re.search(r'id="id_start_time_error".*?Angiv det klokkeslæt, mødet starter\.', page)
    assert not Meeting.objects.exists()


def test_a_meeting_ending_before_it_starts_is_refused(secretary_client, forum):
    response = secretary_client.post(
        url("meeting_create", forum),
        {
            "title": "Forummøde",
            "date": "2019-03-12",
            "start_time": "17:00",
            "end_time": "16:00",
            "place": "Rådhuset",
        },
    )
    assert "Mødet skal slutte efter, at det er begyndt." in text(response)
    assert not Meeting.objects.exists()


def test_the_agenda_minutes_decisions_and_attendance_are_written_in_the_browser(
    secretary_client, forum
):
    meeting = MeetingFactory(forum=forum)
    present = MembershipFactory(seat__forum=forum, person__name="Birthe Holm").person
    response = secretary_client.post(
        url("agenda_edit", forum, pk=meeting.pk),
        {
            "items-TOTAL_FORMS": "3",
            "items-INITIAL_FORMS": "0",
            "items-0-title": "Velkomst",
            "items-1-title": "Handlingsplan",
            "items-1-description": "Udkast vedlagt.",
            "items-2-title": "",
        },
    )
    assert response.status_code == 302
    first, second = meeting.agenda_items.all()

    response = secretary_client.post(
        url("minutes_edit", forum, pk=meeting.pk),
        {
            "minutes": "<h3>Referat</h3><p>Godt møde.</p><img src=x onerror=alert(1)>",
            f"decision_{second.pk}": "Handlingsplanen blev vedtaget.",
        },
    )
    assert response.status_code == 302
    response = secretary_client.post(
        url("attendance_edit", forum, pk=meeting.pk), {f"person_{present.pk}": "present"}
    )
    assert response.status_code == 302

    meeting.refresh_from_db()
    assert meeting.minutes == "<h3>Referat</h3><p>Godt møde.</p>"
    assert meeting.agenda_items.get(pk=second.pk).decision == "Handlingsplanen blev vedtaget."
    assert Attendance.objects.get().person == present
    page = text(secretary_client.get(meeting.get_absolute_url()))
    assert "Beslutning:</strong> Handlingsplanen blev vedtaget." in page
    assert "Birthe Holm: Til stede" in page
    assert "onerror" not in page


def test_publishing_makes_the_minutes_public(secretary_client, client, forum):
    meeting = MeetingFactory(forum=forum)
    secretary_client.post(
        url("agenda_edit", forum, pk=meeting.pk),
        {"items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0", "items-0-title": "Velkomst"},
    )
    secretary_client.post(url("minutes_edit", forum, pk=meeting.pk), {"minutes": "Referatet."})

    response = secretary_client.post(
        url("meeting_publish", forum, pk=meeting.pk), {"part": "minutes", "publish": "1"}
    )
    assert response.status_code == 302
    assert "Referatet." in text(client.get(meeting.get_absolute_url()))


def test_publishing_empty_minutes_is_refused_with_a_message(secretary_client, forum):
    meeting = MeetingFactory(forum=forum)
    response = secretary_client.post(
        url("meeting_publish", forum, pk=meeting.pk),
        {"part": "minutes", "publish": "1"},
        follow=True,
    )
    assert "Skriv referatet, før det offentliggøres." in text(response)
    meeting.refresh_from_db()
    assert meeting.minutes_published_at is None


def test_forum_members_read_meetings_but_do_not_edit_them(forum_member_client, forum):
    meeting = MeetingFactory(forum=forum)
    assert forum_member_client.get(url("meeting_list", forum)).status_code == 200
    assert forum_member_client.get(url("minutes_edit", forum, pk=meeting.pk)).status_code == 403
    response = forum_member_client.post(
        url("meeting_publish", forum, pk=meeting.pk), {"part": "agenda", "publish": "1"}
    )
    assert response.status_code == 403


def test_the_meeting_list_query_count_does_not_grow(forum_member_client, forum):
    def grow(n):
        for _ in range(forum.meetings.count(), n // 5):
            MeetingFactory(forum=forum)

    queries = assert_constant_queries(forum_member_client, url("meeting_list", forum), grow=grow)
    # session, user with their roles, forum, meetings with their agenda counts.
    assert queries == 4
