"""Hearing and event reminders at their boundaries, in Europe/Copenhagen local days."""

import datetime

import pytest
from django.utils import timezone

from consultation.models import SignUp
from medborger.models import Reminder
from medborger.reminders import reminders_scan
from medborger.roles import Role
from medborger.testing.factories import UserFactory

from .event_factories import EventFactory, SignUpFactory
from .hearing_helpers import make_hearing

pytestmark = pytest.mark.django_db

D = datetime.date


def local(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


def reminded(rule: str) -> set[tuple[str, str]]:
    return set(Reminder.objects.filter(rule=rule).values_list("occasion", "recipient_email"))


@pytest.fixture
def coordinator_user(db):
    return UserFactory(roles=[Role.COORDINATOR], email="koordinator@ishoj.example")


@pytest.fixture
def hearing(coordinator_user):
    return make_hearing(
        user=coordinator_user,
        opens_at=local(2026, 11, 20, 9, 0),
        closes_at=local(2026, 12, 18, 12, 0),
    )


def test_the_coordinator_is_told_the_day_before_a_hearing_opens(hearing):
    reminders_scan(today=D(2026, 11, 18))
    assert not reminded("consultation.hearing_opens")
    reminders_scan(today=D(2026, 11, 19))
    assert reminded("consultation.hearing_opens") == {("lead-1", "koordinator@ishoj.example")}
    reminders_scan(today=D(2026, 11, 21))
    assert Reminder.objects.filter(rule="consultation.hearing_opens").count() == 1


def test_the_coordinator_is_told_3_days_before_a_hearing_closes(hearing):
    reminders_scan(today=D(2026, 12, 14))
    assert not reminded("consultation.hearing_closes")
    reminders_scan(today=D(2026, 12, 15))
    assert reminded("consultation.hearing_closes") == {("lead-3", "koordinator@ishoj.example")}


def test_the_coordinator_is_told_to_start_the_report_after_the_hearing_closed(hearing):
    reminders_scan(today=D(2026, 12, 18))  # the closing day
    assert not reminded("consultation.hearing_closed")
    reminders_scan(today=D(2026, 12, 19))
    assert reminded("consultation.hearing_closed") == {("closed", "koordinator@ishoj.example")}
    reminders_scan(today=D(2026, 12, 20))
    row = Reminder.objects.get(rule="consultation.hearing_closed")
    assert "/behandling/notat/" in row.outbound_email.body_text


@pytest.fixture
def event(db):
    organiser = UserFactory(email="arrangoer@ishoj.example")
    event = EventFactory(
        starts_at=local(2026, 11, 26, 17, 0),
        signup_deadline=local(2026, 11, 23, 12, 0),
    )
    event.organisers.add(organiser)
    return event


def test_organisers_are_told_the_day_before_the_signup_deadline(event):
    reminders_scan(today=D(2026, 11, 21))
    assert not reminded("consultation.event_signup_deadline")
    reminders_scan(today=D(2026, 11, 22))
    assert reminded("consultation.event_signup_deadline") == {("lead-1", "arrangoer@ishoj.example")}


def test_attendees_but_not_the_waiting_list_or_the_cancelled_are_told_the_day_before(event):
    SignUpFactory(event=event, email="kommer@example.org")
    SignUpFactory(event=event, email="venter@example.org", status=SignUp.Status.WAITING)
    SignUpFactory(event=event, email="afbud@example.org", status=SignUp.Status.CANCELLED)
    reminders_scan(today=D(2026, 11, 24))
    assert not reminded("consultation.event_tomorrow")
    reminders_scan(today=D(2026, 11, 25))
    assert reminded("consultation.event_tomorrow") == {("lead-1", "kommer@example.org")}
    reminders_scan(today=D(2026, 11, 26))
    assert Reminder.objects.filter(rule="consultation.event_tomorrow").count() == 1


def test_an_event_just_after_midnight_on_the_day_summer_time_ends_is_due_that_local_day():
    """25 October 2026 has 25 hours; 00:30 on the 26th is 23:30 UTC on the 25th."""
    event = EventFactory(
        starts_at=local(2026, 10, 26, 0, 30), signup_deadline=local(2026, 10, 20, 12, 0)
    )
    SignUpFactory(event=event, email="nat@example.org")
    reminders_scan(today=D(2026, 10, 24))
    assert not reminded("consultation.event_tomorrow")
    reminders_scan(today=D(2026, 10, 25))
    assert reminded("consultation.event_tomorrow") == {("lead-1", "nat@example.org")}


def test_an_event_on_the_day_summer_time_begins_is_reminded_the_day_before():
    event = EventFactory(
        starts_at=local(2026, 3, 29, 23, 30), signup_deadline=local(2026, 3, 20, 12, 0)
    )
    SignUpFactory(event=event, email="forår@example.org")
    reminders_scan(today=D(2026, 3, 27))
    assert not reminded("consultation.event_tomorrow")
    reminders_scan(today=D(2026, 3, 28))
    assert reminded("consultation.event_tomorrow") == {("lead-1", "forår@example.org")}


def test_the_coordinator_is_reminded_before_the_promised_report_and_once_when_it_is_late(
    coordinator_user,
):
    hearing = make_hearing(
        user=coordinator_user,
        opens_at=local(2026, 11, 1, 9, 0),
        closes_at=local(2026, 11, 20, 12, 0),
        report_promised_on=D(2026, 12, 10),
    )
    rule = "consultation.hearing_report_due"
    reminders_scan(today=D(2026, 12, 2))
    assert not reminded(rule)
    reminders_scan(today=D(2026, 12, 3))
    assert reminded(rule) == {("lead-7", "koordinator@ishoj.example")}
    reminders_scan(today=D(2026, 12, 9))
    reminders_scan(today=D(2026, 12, 11))
    reminders_scan(today=D(2026, 12, 12))
    assert reminded(rule) == {
        ("lead-7", "koordinator@ishoj.example"),
        ("lead-1", "koordinator@ishoj.example"),
        ("overdue-2026-12-11", "koordinator@ishoj.example"),
    }
    assert hearing.report_published_at is None


def test_a_published_report_is_not_reminded(coordinator_user):
    from consultation.models import Hearing

    hearing = make_hearing(
        user=coordinator_user,
        opens_at=local(2026, 11, 1, 9, 0),
        closes_at=local(2026, 11, 20, 12, 0),
        report_promised_on=D(2026, 12, 10),
    )
    Hearing.objects.filter(pk=hearing.pk).update(report_published_at=local(2026, 12, 1, 9, 0))
    reminders_scan(today=D(2026, 12, 9))
    assert not reminded("consultation.hearing_report_due")
