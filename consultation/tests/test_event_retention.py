import datetime
import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from consultation.models import Event, SignUp, SignUpErasure
from consultation.services import events as services
from consultation.tasks import event_retention_run
from medborger.models import OutboundEmail
from medborger.testing.fixtures import PERSONAS

from .event_factories import EventFactory, in_days, signed_up

pytestmark = pytest.mark.django_db


def past_event(**kwargs) -> Event:
    """An event that ended 200 days ago, whose deletion day was yesterday."""
    return EventFactory(
        starts_at=in_days(-200),
        ends_at=in_days(-200) + datetime.timedelta(hours=2),
        signup_deadline=in_days(-202),
        personal_data_delete_on=timezone.localdate() - datetime.timedelta(days=1),
        **kwargs,
    )


def sign_up(event, n, **extra):
    """A sign-up made and confirmed through the service (with history and e-mails), while it
    was open."""
    return signed_up(
        event,
        services.SignUpData(
            name=f"Karen {n}",
            email=f"karen{n}@example.org",
            organisation="Ældrerådet",
            interpreter_language="tyrkisk",
            needs_other="Kørestol",
            **extra,
        ),
        now=event.signup_deadline - datetime.timedelta(days=1),
    )


def test_the_daily_task_anonymises_attendees_everywhere_and_records_it():
    event = past_event()
    kept = EventFactory()  # its day has not come
    first, second = sign_up(event, 1), sign_up(event, 2)
    services.signup_check_in(signup=first, present=True, user=None)
    other = sign_up(kept, 3)

    assert event_retention_run() == 1

    for signup in (first, second):
        signup.refresh_from_db()
        assert signup.name == services.ANONYMISED_NAME
        assert (signup.email, signup.organisation, signup.interpreter_language) == ("", "", "")
        assert signup.needs_other == "" and signup.anonymised_at is not None
        assert signup.token.startswith("anonymised-")
        for row in signup.history.all():
            assert row.name == services.ANONYMISED_NAME and row.email == "" and row.token == ""
            assert row.needs_other == "" and row.organisation == ""
    first.refresh_from_db()
    assert first.checked_in_at is not None  # attendance can still be counted
    texts = OutboundEmail.objects.filter(to_address__contains="karen").values_list(
        "to_address", flat=True
    )
    assert set(texts) == {"karen3@example.org"}  # the confirmation request and the sign-up
    assert not OutboundEmail.objects.filter(body_text__contains="Karen 1").exists()
    event.refresh_from_db()
    assert event.personal_data_deleted_at is not None
    erasure = SignUpErasure.objects.get()
    assert (erasure.event, erasure.reason, erasure.signup_count) == (event, "retention", 2)
    other.refresh_from_db()
    assert other.name == "Karen 3"

    # Running it again changes nothing and records nothing more.
    assert event_retention_run() == 0
    assert SignUpErasure.objects.count() == 1


def test_the_deletion_day_is_a_setting_and_editable_per_event(settings, coordinator):
    settings.EVENT_PERSONAL_DATA_RETENTION_DAYS = 30
    event = EventFactory.build(personal_data_delete_on=None)
    services.event_save(event=event, user=coordinator)
    assert event.personal_data_delete_on == timezone.localdate(event.ends_at) + datetime.timedelta(
        days=30
    )


def test_the_beat_schedule_runs_the_task_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["consultation-event-retention"]
    assert entry["task"] == event_retention_run.name == "consultation.event_retention_run"


def test_an_anonymised_event_takes_no_more_sign_ups():
    event = past_event()
    services.event_personal_data_delete(event=event)
    assert not event.signup_is_open()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_coordinator_handles_data_requests(persona_client, persona):
    response = persona_client(persona).get(reverse("personal_data"))
    expected = (
        200 if persona in {"coordinator", "superuser"} else 302 if persona == "anonymous" else 403
    )
    assert response.status_code == expected


def test_staff_export_one_persons_data_by_e_mail(coordinator_client):
    event = EventFactory()
    sign_up(event, 1)
    sign_up(EventFactory(), 2)
    response = coordinator_client.post(
        reverse("personal_data"), {"email": "KAREN1@example.org", "action": "export"}
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    signups = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("event_signups.json"))
    assert [row["event"] for row in signups] == [event.title]
    assert signups[0]["interpreter_language"] == "tyrkisk"


def test_staff_erase_one_persons_data_on_request(coordinator_client, coordinator):
    coming = EventFactory(capacity=1)
    held = past_event()
    mine = sign_up(coming, 1)
    waiting = signed_up(coming, services.SignUpData(name="Ib", email="ib@example.org"))
    old = sign_up(held, 1)
    url = reverse("personal_data")

    response = coordinator_client.post(url, {"email": "karen1@example.org", "action": "erase"})
    assert "Sæt flueben for at bekræfte sletningen." in response.content.decode()
    assert SignUp.objects.filter(name="Karen 1").count() == 2

    response = coordinator_client.post(
        url, {"email": "karen1@example.org", "action": "erase", "confirm_erase": "on"}, follow=True
    )
    assert "Tilmeldinger til arrangementer: 2" in response.content.decode()
    mine.refresh_from_db()
    old.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == SignUp.Status.CANCELLED and mine.name == services.ANONYMISED_NAME
    assert old.name == services.ANONYMISED_NAME
    assert waiting.status == SignUp.Status.CONFIRMED  # the freed seat went on
    assert not SignUp.history.filter(email__iexact="karen1@example.org").exists()
    erasure = SignUpErasure.objects.get()
    assert (erasure.reason, erasure.signup_count, erasure.performed_by) == (
        "request",
        2,
        coordinator,
    )
