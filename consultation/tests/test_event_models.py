import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from consultation.models import Event, SignUp

from .event_factories import EventFactory, SignUpFactory, in_days

pytestmark = pytest.mark.django_db


def test_the_database_refuses_an_event_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(ends_at=in_days(13))


def test_the_database_refuses_a_deadline_after_the_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(signup_deadline=in_days(15))


def test_the_database_refuses_a_capacity_of_zero():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(capacity=0)


def test_clean_explains_each_broken_rule_in_danish():
    event = EventFactory.build(
        ends_at=in_days(13),
        signup_deadline=in_days(15),
        personal_data_delete_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert set(error.value.message_dict) == {
        "ends_at",
        "signup_deadline",
        "personal_data_delete_on",
    }
    assert "Arrangementet kan ikke slutte, før det begynder." in error.value.message_dict["ends_at"]


def test_one_address_has_one_active_sign_up_per_event_whatever_its_case():
    signup = SignUpFactory(email="Anna@Example.org")
    assert signup.email_normalised == "anna@example.org"
    with pytest.raises(IntegrityError), transaction.atomic():
        SignUpFactory(event=signup.event, email=" anna@example.ORG ")
    # Once cancelled, the same address may sign up again.
    SignUp.objects.filter(pk=signup.pk).update(status=SignUp.Status.CANCELLED)
    SignUpFactory(event=signup.event, email="anna@example.org")
    assert signup.event.signups.count() == 2


def test_the_querysets_tell_upcoming_public_and_due_events_apart():
    upcoming = EventFactory()
    staff_only = EventFactory(audience=Event.Audience.STAFF)
    past = EventFactory(
        starts_at=in_days(-200),
        ends_at=in_days(-200) + datetime.timedelta(hours=2),
        signup_deadline=in_days(-202),
        personal_data_delete_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    assert set(Event.objects.upcoming()) == {upcoming, staff_only}
    assert set(Event.objects.listed_publicly().upcoming()) == {upcoming}
    assert list(Event.objects.due_for_anonymisation()) == [past]


def test_sign_up_closes_at_the_deadline_and_says_why():
    event = EventFactory()
    assert event.signup_is_open() and event.signup_closed_reason() == ""
    after_deadline = event.signup_deadline + datetime.timedelta(minutes=1)
    assert not event.signup_is_open(after_deadline)
    assert "Tilmeldingsfristen var" in event.signup_closed_reason(after_deadline)
    after_end = event.ends_at + datetime.timedelta(minutes=1)
    assert "har fundet sted" in event.signup_closed_reason(after_end)
