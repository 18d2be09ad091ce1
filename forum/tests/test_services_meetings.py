import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from forum import services
from forum.models import AgendaItem, Attendance, Meeting

from .factories import MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(forum):
    return MeetingFactory(forum=forum)


def agenda(meeting, user, *titles):
    return services.agenda_save(
        meeting=meeting, items=[services.AgendaItemInput(title=t) for t in titles], user=user
    )


def test_a_meeting_needs_a_time(forum, secretary):
    with pytest.raises(ValidationError) as error:
        services.meeting_save(
            forum=forum, user=secretary, title="Møde", starts_at=None, place="Rådhuset"
        )
    assert error.value.message_dict == {"starts_at": ["Angiv mødets dato og klokkeslæt."]}


def test_a_meeting_must_end_after_it_starts(forum, secretary):
    starts = timezone.make_aware(datetime.datetime(2019, 3, 12, 17, 0))
    with pytest.raises(ValidationError) as error:
        services.meeting_save(
            forum=forum,
            user=secretary,
            title="Møde",
            starts_at=starts,
            ends_at=starts - datetime.timedelta(hours=1),
            place="Rådhuset",
        )
    assert "ends_at" in error.value.message_dict


def test_the_agenda_is_numbered_reordered_and_trimmed(meeting, secretary):
    first, second, third = agenda(meeting, secretary, "Velkomst", "Budget", "Eventuelt")

    services.agenda_save(
        meeting=meeting,
        items=[
            services.AgendaItemInput(pk=third.pk, title="Eventuelt"),
            services.AgendaItemInput(pk=first.pk, title="Velkomst og navnerunde"),
            services.AgendaItemInput(title="Nyt punkt"),
        ],
        user=secretary,
    )

    assert list(meeting.agenda_items.values_list("position", "title")) == [
        (1, "Eventuelt"),
        (2, "Velkomst og navnerunde"),
        (3, "Nyt punkt"),
    ]
    assert not AgendaItem.objects.filter(pk=second.pk).exists()


def test_minutes_are_sanitised_and_plain_text_becomes_paragraphs(meeting, secretary):
    agenda(meeting, secretary, "Budget")
    services.minutes_save(
        meeting=meeting,
        minutes='<p onclick="steal()">Godt møde</p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">link</a>',
        decisions={},
        user=secretary,
    )
    meeting.refresh_from_db()
    assert "script" not in meeting.minutes and "onclick" not in meeting.minutes
    assert "javascript" not in meeting.minutes
    assert "<p>Godt møde</p>" in meeting.minutes

    services.minutes_save(
        meeting=meeting, minutes="Første afsnit.\n\nAndet afsnit.", decisions={}, user=secretary
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "<p>Første afsnit.</p>\n\n<p>Andet afsnit.</p>"


def test_decisions_are_recorded_on_the_agenda_items(meeting, secretary):
    (item,) = agenda(meeting, secretary, "Handlingsplan")
    services.minutes_save(
        meeting=meeting, minutes="Referat.", decisions={item.pk: "Vedtaget."}, user=secretary
    )
    item.refresh_from_db()
    assert item.decision == "Vedtaget."
    assert item.history.latest().history_change_reason == "Beslutning registreret"


def test_publishing_needs_something_to_publish(meeting, secretary):
    with pytest.raises(ValidationError):
        services.meeting_publish(meeting=meeting, user=secretary, part="agenda")
    with pytest.raises(ValidationError):
        services.meeting_publish(meeting=meeting, user=secretary, part="minutes")

    agenda(meeting, secretary, "Velkomst")
    services.minutes_save(meeting=meeting, minutes="Referat.", decisions={}, user=secretary)
    services.meeting_publish(meeting=meeting, user=secretary, part="agenda")
    services.meeting_publish(meeting=meeting, user=secretary, part="minutes")
    meeting.refresh_from_db()
    assert meeting.agenda_published_at and meeting.minutes_published_at

    services.meeting_publish(meeting=meeting, user=secretary, part="minutes", publish=False)
    meeting.refresh_from_db()
    assert meeting.minutes_published_at is None


def test_attendance_is_recorded_and_removed(meeting, secretary):
    present = MembershipFactory(seat__forum=meeting.forum).person
    excused = MembershipFactory(seat__forum=meeting.forum).person
    services.attendance_record(
        meeting=meeting,
        statuses={present: Attendance.Status.PRESENT, excused: Attendance.Status.EXCUSED},
        user=secretary,
    )
    services.attendance_record(meeting=meeting, statuses={excused: ""}, user=secretary)

    assert list(meeting.attendances.values_list("person", "status")) == [
        (present.pk, Attendance.Status.PRESENT)
    ]


def test_upcoming_meetings_without_a_published_agenda_are_found(forum):
    now = timezone.now()
    soon = MeetingFactory(forum=forum, starts_at=now + datetime.timedelta(days=5))
    MeetingFactory(forum=forum, starts_at=now + datetime.timedelta(days=30))
    assert list(Meeting.objects.without_published_agenda_within(7)) == [soon]
