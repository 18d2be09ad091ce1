"""The calendar feed: milestones and tasks as iCalendar at a secret address, read with the
icalendar library as Outlook and Google Calendar would."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from medborger.testing.queries import assert_constant_queries
from policy.models import Milestone, Task

from .process_factories import MilestoneFactory, TaskFactory

pytestmark = pytest.mark.django_db


def feed_of(client, user):
    response = client.get(reverse("calendar_feed", args=[user.calendar_token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response, Calendar.from_ical(response.content)


def events(calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def entries(revision, project_group, project_member):
    owner = project_group.members.get(user=project_member)
    return {
        "meeting": MilestoneFactory(
            revision=revision,
            title="Borgermøde",
            starts_on=datetime.date(2027, 1, 31),
            responsible_group=project_group,
        ),
        "hearing": MilestoneFactory(
            revision=revision,
            title="Offentlig høring",
            date_precision="month",
            starts_on=datetime.date(2027, 4, 1),
            ends_on=None,
        ),
        "period": MilestoneFactory(
            revision=revision,
            title="Høringsperiode",
            starts_on=datetime.date(2027, 4, 6),
            ends_on=datetime.date(2027, 5, 4),
        ),
        "unset": MilestoneFactory(
            revision=revision, title="LokalMED", date_precision="unset", starts_on=None
        ),
        "cancelled": MilestoneFactory(revision=revision, title="Aflyst møde", status="cancelled"),
        "task": TaskFactory(
            group=project_group,
            owner=owner,
            title="Holde borgermødet",
            due_on=datetime.date(2027, 1, 31),
        ),
        "others_task": TaskFactory(group=project_group, title="Plakater"),
        "done_task": TaskFactory(
            group=project_group, owner=owner, title="Lokale", status=Task.Status.DONE
        ),
    }


def test_the_feed_holds_milestones_and_own_tasks_as_all_day_events(client, entries, project_member):
    response, calendar = feed_of(client, project_member)
    by_uid = events(calendar)
    meeting = by_uid[f"milestone-{entries['meeting'].pk}@medborger"]
    assert str(meeting["SUMMARY"]) == "Borgermøde"
    assert meeting["DTSTART"].dt == datetime.date(2027, 1, 31)
    assert meeting["DTEND"].dt == datetime.date(2027, 2, 1)
    assert "Ansvarlig: Projektgruppen" in str(meeting["DESCRIPTION"])
    assert str(meeting["URL"]).endswith(
        reverse("policy:revision_manage", args=["revision-af-medborgerpolitikken"])
        + f"#milepael-{entries['meeting'].pk}"
    )

    hearing = by_uid[f"milestone-{entries['hearing'].pk}@medborger"]
    assert str(hearing["SUMMARY"]) == "Offentlig høring (i løbet af april 2027)"
    assert hearing["DTSTART"].dt == datetime.date(2027, 4, 1)
    assert hearing["DTEND"].dt == datetime.date(2027, 4, 2)

    period = by_uid[f"milestone-{entries['period'].pk}@medborger"]
    assert (period["DTSTART"].dt, period["DTEND"].dt) == (
        datetime.date(2027, 4, 6),
        datetime.date(2027, 5, 5),
    )

    task = by_uid[f"task-{entries['task'].pk}@medborger"]
    assert str(task["SUMMARY"]) == "Opgave: Holde borgermødet"
    assert task["DTSTART"].dt == datetime.date(2027, 1, 31)

    for missing in ("unset", "cancelled"):
        assert f"milestone-{entries[missing].pk}@medborger" not in by_uid
    for missing in ("others_task", "done_task"):
        assert f"task-{entries[missing].pk}@medborger" not in by_uid
    assert len(by_uid) == 4
    assert str(calendar["X-WR-CALNAME"]).startswith("Medborger – ")
    assert "Set-Cookie" not in response


def test_the_feed_speaks_the_users_language(client, entries, project_member):
    project_member.language = "en"
    project_member.save()
    _response, calendar = feed_of(client, project_member)
    hearing = events(calendar)[f"milestone-{entries['hearing'].pk}@medborger"]
    assert str(hearing["SUMMARY"]) == "Offentlig høring (some time in April 2027)"


def test_a_revision_the_user_takes_no_part_in_stays_out(
    client, entries, secretary, steering_group, steering_member, make_user
):
    outsider = make_user("Projektgruppe", username="anden-projektgruppe")
    _response, calendar = feed_of(client, outsider)
    assert events(calendar) == {}
    # A forum member's feed has nothing from the revision either.
    _response, calendar = feed_of(client, secretary)
    assert events(calendar) == {}
    # The steering group's chair sees the revision's milestones (member of one of its groups).
    MilestoneFactory(
        revision=entries["meeting"].revision, title="Byrådet", kind=Milestone.Kind.CITY_COUNCIL
    )
    _response, calendar = feed_of(client, steering_member)
    assert len(events(calendar)) == 4


def test_an_unknown_token_an_inactive_user_or_no_role_gets_nothing(
    client, project_member, make_user
):
    assert client.get(reverse("calendar_feed", args=["gaet-forkert"])).status_code == 404
    nobody = make_user(None, username="uden-rolle")
    assert client.get(reverse("calendar_feed", args=[nobody.calendar_token])).status_code == 404
    project_member.is_active = False
    project_member.save()
    assert (
        client.get(reverse("calendar_feed", args=[project_member.calendar_token])).status_code
        == 404
    )


def test_renewing_the_address_shuts_out_the_old_one(project_client, client, project_member):
    old = project_member.calendar_token
    page = project_client.get(reverse("calendar")).content.decode()
    assert f"/kalender/{old}.ics" in page and f"webcal://testserver/kalender/{old}.ics" in page
    response = project_client.post(reverse("calendar_renew"))
    assert response.status_code == 302
    project_member.refresh_from_db()
    assert project_member.calendar_token != old
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    assert (
        client.get(reverse("calendar_feed", args=[project_member.calendar_token])).status_code
        == 200
    )
    assert project_member.history.first().history_change_reason == "Kalenderlink fornyet"
    assert client.get(reverse("calendar")).status_code == 302


def test_the_feed_query_count_does_not_grow(client, revision, project_group, project_member):
    owner = project_group.members.get(user=project_member)

    def grow(count):
        for i in range(Milestone.objects.count(), count):
            MilestoneFactory(
                revision=revision, starts_on=datetime.date(2027, 1, 1) + datetime.timedelta(days=i)
            )
            TaskFactory(group=project_group, owner=owner)

    url = reverse("calendar_feed", args=[project_member.calendar_token])
    queries = assert_constant_queries(client, url, grow=grow, small=3, large=60)
    # user by token, roles, memberships, milestones, tasks, the events the user organises (6); the
    # cache's entry texts: one read, and a write (count, savepoint, lookup, insert, release)
    # because the entries changed (6).
    assert queries == 12
