import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from consultation.models import SignUp
from consultation.services import events as services
from consultation.services.events import SignUpData
from medborger.models import OutboundEmail

from .event_factories import EventFactory, SignUpFactory, signed_up

pytestmark = pytest.mark.django_db


def person(n: int = 1, **extra) -> SignUpData:
    return SignUpData(name=f"Borger {n}", email=f"borger{n}@example.org", **extra)


def test_a_sign_up_waits_for_its_e_mailed_link_and_holds_no_seat_until_then():
    event = EventFactory(capacity=1)
    signup = services.signup_create(
        event=event, data=person(1, organisation="Ældrerådet", needs_hearing_loop=True)
    )
    assert signup.status == SignUp.Status.PENDING
    assert signup.consent_at is not None and len(signup.token) >= 40
    assert signup.confirm_by == signup.created_at + datetime.timedelta(hours=24)
    assert signup.history.get().history_change_reason == "Tilmeldt"
    email = OutboundEmail.objects.get()
    assert email.to_address == "borger1@example.org"
    assert email.notification == "event_signup_confirm"
    assert email.subject == f"Bekræft din tilmelding: {event.title}"
    assert f"/inddragelse/tilmelding/{signup.token}/" in email.body_text
    assert email.idempotency_key == f"event-signup-{signup.pk}-event_signup_confirm"
    # The pending sign-up holds no seat: someone who confirms first gets it.
    other = signed_up(event, person(2))
    assert other.status == SignUp.Status.CONFIRMED


def test_confirming_takes_the_seat_and_sends_the_sign_up_e_mail_once():
    event = EventFactory(capacity=2)
    signup = signed_up(event, person(1))
    assert signup.status == SignUp.Status.CONFIRMED and signup.confirmed_at is not None
    assert services.signup_confirm(signup=signup).status == SignUp.Status.CONFIRMED
    email = OutboundEmail.objects.get(notification="event_signup_received")
    assert email.subject == f"Du er tilmeldt: {event.title}"
    assert [h.history_change_reason for h in signup.history.order_by("history_id")] == [
        "Tilmeldt",
        "E-mail bekræftet",
    ]


def test_a_link_confirmed_after_its_deadline_is_refused_and_the_task_releases_the_sign_up():
    event = EventFactory(capacity=1)
    signup = services.signup_create(event=event, data=person(1))
    late = signup.confirm_by + datetime.timedelta(minutes=1)
    with pytest.raises(services.SignUpClosed) as refusal:
        services.signup_confirm(signup=signup, now=late)
    assert "Linket er udløbet" in refusal.value.message
    assert services.signups_expire(now=late) == 1
    assert services.signups_expire(now=late) == 0  # idempotent
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CANCELLED
    assert signup.history.first().history_change_reason == "Ikke bekræftet i tide"
    # The address is free for a new sign-up.
    assert services.signup_create(event=event, data=person(1), now=late).status == "pending"


def test_the_expiry_task_gives_a_free_seat_to_the_waiting_list(settings):
    event = EventFactory(capacity=1)
    first = signed_up(event, person(1))
    waiting = signed_up(event, person(2))
    stale = services.signup_create(event=event, data=person(3))
    event.capacity = 2  # changed behind the service's back: the task repairs it too
    event.save(update_fields=["capacity"])
    later = stale.confirm_by + datetime.timedelta(minutes=1)
    assert services.signups_expire(now=later) == 1
    waiting.refresh_from_db()
    assert first.status == waiting.status == SignUp.Status.CONFIRMED
    assert settings.CELERY_BEAT_SCHEDULE["consultation-signups-expire"]["task"] == (
        "consultation.signups_expire"
    )


def test_when_the_event_is_full_people_go_on_the_waiting_list_in_order():
    event = EventFactory(capacity=1)
    first = signed_up(event, person(1))
    second = signed_up(event, person(2))
    third = signed_up(event, person(3))
    assert [first.status, second.status, third.status] == ["confirmed", "waiting", "waiting"]
    waiting_email = OutboundEmail.objects.get(
        to_address="borger2@example.org", notification="event_signup_received"
    )
    assert waiting_email.subject.startswith("Venteliste:")
    assert "ventelisten" in waiting_email.body_text


def test_a_name_with_line_breaks_becomes_one_line_and_the_e_mail_carries_no_other_free_text():
    event = EventFactory()
    signup = services.signup_create(
        event=event,
        data=SignUpData(
            name="Anna\r\nBcc: offer@spam.example\n\nKøb nu",
            email="borger1@example.org",
            organisation="Køb billigt\r\nhttp://spam.example",
            needs_other="Klik her: http://spam.example",
        ),
    )
    assert signup.name == "Anna Bcc: offer@spam.example Køb nu"
    assert "\n" not in signup.organisation
    email = OutboundEmail.objects.get()
    assert "\n" not in email.subject
    assert "spam.example" not in email.subject
    assert "http://spam.example" not in email.body_text + email.body_html


def test_at_most_a_few_e_mails_a_day_go_to_one_address_from_the_public_forms(settings):
    settings.PUBLIC_FORM_MAILS_PER_ADDRESS_PER_DAY = 3
    for _n in range(3):
        services.signup_create(event=EventFactory(), data=person(1))
    with pytest.raises(services.SignUpRefused) as refusal:
        services.signup_create(
            event=EventFactory(), data=SignUpData(name="X", email="Borger1@example.org")
        )
    assert "flere e-mails til denne adresse i dag" in refusal.value.message
    assert OutboundEmail.objects.count() == 3
    assert SignUp.objects.count() == 3


def test_a_second_sign_up_with_the_same_address_is_refused_kindly():
    event = EventFactory()
    services.signup_create(event=event, data=person(1))
    with pytest.raises(services.AlreadySignedUp) as refusal:
        services.signup_create(
            event=event, data=SignUpData(name="Borger 1", email="  BORGER1@example.org ")
        )
    assert "allerede tilmeldt" in refusal.value.message
    assert SignUp.objects.count() == 1
    assert OutboundEmail.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_double_submits_store_one_sign_up_and_one_e_mail():
    """Five posts of one form at once (a nervous double click): one row, four kind refusals."""
    event = EventFactory(capacity=3)
    barrier = threading.Barrier(5)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            services.signup_create(event=event, data=person(1))
            outcomes.append("stored")
        except services.AlreadySignedUp:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * 4 + ["stored"]
    assert SignUp.objects.filter(event=event).count() == 1
    assert OutboundEmail.objects.count() == 1


def test_sign_up_is_refused_after_the_deadline_with_a_danish_reason():
    event = EventFactory()
    late = event.signup_deadline + datetime.timedelta(hours=1)
    with pytest.raises(services.SignUpClosed) as refusal:
        services.signup_create(event=event, data=person(1), now=late)
    assert refusal.value.message.startswith("Tilmeldingsfristen var")
    assert not SignUp.objects.exists()


def test_cancelling_gives_the_seat_to_the_first_on_the_waiting_list_and_tells_them():
    event = EventFactory(capacity=1)
    first = signed_up(event, person(1))
    second = signed_up(event, person(2))
    signed_up(event, person(3))

    promoted = services.signup_cancel(signup=first)

    assert promoted == [second]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == SignUp.Status.CANCELLED and first.cancelled_at is not None
    assert second.status == SignUp.Status.CONFIRMED and second.promoted_at is not None
    assert event.signups.waiting().get().email == "borger3@example.org"
    promoted_email = OutboundEmail.objects.get(notification="event_signup_promoted")
    assert promoted_email.to_address == "borger2@example.org"
    assert promoted_email.subject == f"Der er en plads til dig: {event.title}"
    assert second.history.first().history_change_reason == "Rykket op fra ventelisten"


def test_cancelling_twice_changes_nothing_the_second_time():
    event = EventFactory(capacity=1)
    first = signed_up(event, person(1))
    signed_up(event, person(2))
    assert len(services.signup_cancel(signup=first)) == 1
    assert services.signup_cancel(signup=first) == []
    assert event.signups.confirmed().count() == 1
    assert OutboundEmail.objects.filter(notification="event_signup_promoted").count() == 1


def test_nobody_can_cancel_once_the_event_has_begun():
    event = EventFactory()
    signup = signed_up(event, person(1))
    with pytest.raises(services.SignUpClosed):
        services.signup_cancel(signup=signup, now=event.starts_at + datetime.timedelta(minutes=5))
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CONFIRMED


def test_a_larger_capacity_moves_people_up_from_the_waiting_list(coordinator):
    event = EventFactory(capacity=1)
    for n in range(1, 4):
        signed_up(event, person(n))
    event.capacity = 2
    services.event_save(event=event, user=coordinator)
    assert event.signups.confirmed().count() == 2
    assert event.signups.waiting().count() == 1
    assert OutboundEmail.objects.filter(notification="event_signup_promoted").count() == 1


def test_event_save_sanitises_the_description_and_sets_the_deletion_day(coordinator):
    event = EventFactory.build(
        description='<p onclick="x()">Hej</p><script>alert(1)</script>',
        personal_data_delete_on=None,
    )
    services.event_save(event=event, organisers=[coordinator], user=coordinator)
    event.refresh_from_db()
    assert event.description == "<p>Hej</p>"
    assert event.personal_data_delete_on == timezone.localdate(event.ends_at) + datetime.timedelta(
        days=183
    )
    assert list(event.organisers.all()) == [coordinator]
    assert event.history.get().history_user == coordinator


def test_check_in_is_recorded_and_can_be_undone(coordinator):
    signup = SignUpFactory()
    services.signup_check_in(signup=signup, present=True, user=coordinator)
    signup.refresh_from_db()
    assert signup.checked_in_at is not None
    services.signup_check_in(signup=signup, present=False, user=coordinator)
    signup.refresh_from_db()
    assert signup.checked_in_at is None
    assert [h.history_change_reason for h in signup.history.order_by("history_id")][-2:] == [
        "Mødt op",
        "Fremmøde fortrudt",
    ]
