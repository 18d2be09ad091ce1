import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from consultation.models import Event, EventNote, SignUp
from medborger.models import OutboundEmail
from policy.models import Milestone

pytestmark = pytest.mark.django_db


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_holds_the_workshop_and_the_full_citizens_meeting():
    seed()
    workshop = Event.objects.with_counts().get(milestone__kind=Milestone.Kind.STAFF_WORKSHOP)
    meeting = Event.objects.with_counts().get(milestone__kind=Milestone.Kind.CITIZENS_MEETING)
    assert workshop.audience == Event.Audience.STAFF
    assert workshop.starts_at.date() == workshop.milestone.starts_on
    assert meeting.starts_at.date() == meeting.milestone.starts_on
    assert meeting.confirmed_count == meeting.capacity and meeting.waiting_count >= 1
    assert workshop.confirmed_count >= 3
    assert workshop.organisers.filter(username="koordinator").exists()
    assert EventNote.objects.filter(event=workshop, section_key__isnull=False).count() >= 2
    assert not OutboundEmail.objects.filter(notification__startswith="event_").exists()


def test_seeding_the_events_twice_adds_nothing():
    seed()
    counts = (Event.objects.count(), SignUp.objects.count(), EventNote.objects.count())
    seed()
    assert (Event.objects.count(), SignUp.objects.count(), EventNote.objects.count()) == counts


def test_demo_sign_ups_lie_in_the_past_in_the_order_they_came():
    """The demo dated sign-ups next January, so a citizen signing up today went first."""
    seed()
    now = timezone.now()
    for event in Event.objects.all():
        signups = list(event.signups.order_by("created_at", "pk"))
        assert signups and all(s.created_at < now for s in signups)
        waiting = [s for s in signups if s.status == SignUp.Status.WAITING]
        confirmed = [s for s in signups if s.status == SignUp.Status.CONFIRMED]
        if waiting:
            assert max(s.created_at for s in confirmed) < min(s.created_at for s in waiting)
