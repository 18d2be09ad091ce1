"""Write operations on events and sign-ups. Views, the admin, demo data and tasks call these."""

import datetime
import hashlib
import hmac
import itertools
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consultation.models import Event, EventNote, SignUp, SignUpAttempt, SignUpErasure
from medborger.history import record_history
from medborger.html import sanitize_html
from medborger.models import OutboundEmail
from medborger.outbox import notification_enqueue
from medborger.texts import translations_set

#: What an anonymised sign-up is called in lists and exports (data, not interface text).
ANONYMISED_NAME = "Anonymiseret"
_BATCH = 500


class SignUpRefused(Exception):
    """A sign-up or cancellation that cannot be made; `message` says why, for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class SignUpClosed(SignUpRefused):
    pass


class AlreadySignedUp(SignUpRefused):
    pass


@dataclass(frozen=True)
class SignUpData:
    name: str
    email: str
    organisation: str = ""
    interpreter_language: str = ""
    needs_step_free_access: bool = False
    needs_hearing_loop: bool = False
    needs_other: str = ""


# --- Events ---------------------------------------------------------------------------------


def default_personal_data_delete_on(ends_at: datetime.datetime) -> datetime.date:
    return timezone.localdate(ends_at) + datetime.timedelta(
        days=settings.EVENT_PERSONAL_DATA_RETENTION_DAYS
    )


def event_save(*, event: Event, organisers=None, user, reason: str = "") -> Event:
    """Create or change an event; seats freed by a larger capacity go to the waiting list."""
    event.description = sanitize_html(event.description)
    if event.milestone_id:
        event.revision_id = event.milestone.revision_id
    if event.personal_data_delete_on is None:
        event.personal_data_delete_on = default_personal_data_delete_on(event.ends_at)
    created = event.pk is None
    with transaction.atomic():
        record_history(
            event, user=user, reason=reason or (_("Created") if created else _("Changed"))
        )
        event.save()
        if organisers is not None:
            event.organisers.set(organisers)
        if not created:
            _promote_waiting(Event.objects.select_for_update().get(pk=event.pk), timezone.now())
    return event


# --- Sign-up --------------------------------------------------------------------------------


def _client_hash(client_address: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), (client_address or "").encode(), hashlib.sha256
    ).hexdigest()


def signup_attempt_register(*, client_address: str, now=None) -> bool:
    """Count one sign-up post from a client; False when it is over the limit for the window.

    Refused posts are not stored, so a client that keeps trying cannot fill the table.
    """
    now = now or timezone.now()
    key = _client_hash(client_address)
    window_start = now - datetime.timedelta(minutes=settings.EVENT_SIGNUP_RATE_WINDOW_MINUTES)
    with transaction.atomic():
        recent = SignUpAttempt.objects.filter(client_hash=key, created_at__gt=window_start)
        if recent.count() >= settings.EVENT_SIGNUP_RATE_LIMIT:
            return False
        SignUpAttempt.objects.create(client_hash=key, created_at=now)
    return True


def signup_create(*, event: Event, data: SignUpData, now=None) -> SignUp:
    """Sign a person up, or put them on the waiting list when the event is full.

    The event row is locked while seats are counted, so two people never get the last seat.
    The confirmation e-mail is written to the outbox in the same transaction.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        closed = locked.signup_closed_reason(now)
        if closed:
            raise SignUpClosed(closed)
        if locked.signups.active().for_email(data.email).exists():
            raise AlreadySignedUp(_already_signed_up_message())
        has_seat = locked.capacity is None or (
            locked.signups.confirmed().count() < locked.capacity
            and not locked.signups.waiting().exists()
        )
        signup = SignUp(
            event=locked,
            name=data.name.strip(),
            email=data.email.strip(),
            organisation=data.organisation.strip(),
            interpreter_language=data.interpreter_language.strip(),
            needs_step_free_access=data.needs_step_free_access,
            needs_hearing_loop=data.needs_hearing_loop,
            needs_other=data.needs_other.strip(),
            consent_at=now,
            status=SignUp.Status.CONFIRMED if has_seat else SignUp.Status.WAITING,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            created_at=now,
        )
        record_history(signup, user=None, reason=_("Signed up"))
        try:
            with transaction.atomic():
                signup.save()
        except IntegrityError as exc:
            # Two posts of the same form raced past the check above.
            raise AlreadySignedUp(_already_signed_up_message()) from exc
        _notify(signup, "event_signup_received")
    return signup


def _already_signed_up_message() -> str:
    return _(
        "You are already signed up for this event with this e-mail address, so there is "
        "nothing more to do. The confirmation e-mail has a link if you need to cancel."
    )


def signup_cancel(*, signup: SignUp, user=None, now=None) -> list[SignUp]:
    """Cancel a sign-up and give its seat to the first on the waiting list.

    Cancelling twice changes nothing. Returns the sign-ups that moved up.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=signup.event_id)
        locked = SignUp.objects.select_for_update().get(pk=signup.pk)
        if locked.status == SignUp.Status.CANCELLED:
            signup.status, signup.cancelled_at = locked.status, locked.cancelled_at
            return []
        if event.has_started(now):
            raise SignUpClosed(_("The event has begun, so the sign-up can no longer be cancelled."))
        locked.status = SignUp.Status.CANCELLED
        locked.cancelled_at = now
        record_history(locked, user=user, reason=_("Cancelled"))
        locked.save(update_fields=["status", "cancelled_at"])
        promoted = _promote_waiting(event, now)
    signup.status, signup.cancelled_at = locked.status, locked.cancelled_at
    return promoted


def _promote_waiting(event: Event, now) -> list[SignUp]:
    """Fill free seats from the waiting list, first come first served (event row locked)."""
    if event.has_started(now) or event.personal_data_deleted_at is not None:
        return []
    waiting = event.signups.waiting().order_by("created_at", "pk")
    if event.capacity is not None:
        free = event.capacity - event.signups.confirmed().count()
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = []
    for signup in waiting:
        signup.status = SignUp.Status.CONFIRMED
        signup.promoted_at = now
        record_history(signup, user=None, reason=_("Moved up from the waiting list"))
        signup.save(update_fields=["status", "promoted_at"])
        _notify(signup, "event_signup_promoted")
        promoted.append(signup)
    return promoted


def _notify(signup: SignUp, notification: str) -> None:
    cancel_path = reverse("consultation:signup_manage", args=[signup.token])
    event_path = reverse("consultation:event_detail", args=[signup.event_id])
    notification_enqueue(
        notification=notification,
        to=signup.email,
        language=signup.language,
        context={
            "signup": signup,
            "event": signup.event,
            "cancel_url": settings.SITE_URL + cancel_path,
            "event_url": settings.SITE_URL + event_path,
        },
        idempotency_key=f"event-signup-{signup.pk}-{notification}",
        related=signup,
    )


def signup_check_in(*, signup: SignUp, present: bool, user, now=None) -> SignUp:
    """Mark a person as arrived (or undo it) at the door."""
    if present == (signup.checked_in_at is not None):
        return signup
    signup.checked_in_at = (now or timezone.now()) if present else None
    record_history(signup, user=user, reason=_("Checked in") if present else _("Check-in undone"))
    signup.save(update_fields=["checked_in_at"])
    return signup


# --- Input from the event -------------------------------------------------------------------


def event_translation_save(*, event: Event, language: str, texts: dict, user) -> Event:
    """Give the event's description in one more language (empty removes it; sanitised)."""
    translations_set(event, language=language, texts=texts)
    record_history(event, user=user, reason=_("Texts in another language changed"))
    event.save(update_fields=["translations"])
    return event


def event_note_add(*, event: Event, section, text: str, user) -> EventNote:
    """Record input from an event, on a section of the draft (`policy.Section`) or in general."""
    note = EventNote(
        event=event,
        version=section.version if section is not None else None,
        section_key=section.key if section is not None else None,
        section_heading=section.heading if section is not None else "",
        text=text.strip(),
        author=user,
    )
    record_history(note, user=user, reason=_("Input recorded"))
    note.save()
    return note


# --- Personal data --------------------------------------------------------------------------


def _batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def signups_anonymise(*, signups, now=None) -> int:
    """Blank the personal data of these sign-ups, in their history and in their e-mails too.

    What stays: the status, the times and the check-in, so attendance can still be counted.
    """
    now = now or timezone.now()
    ids = list(signups.not_anonymised().values_list("pk", flat=True))
    signup_type = ContentType.objects.get_for_model(SignUp)
    blank = {
        "name": ANONYMISED_NAME,
        "email": "",
        "email_normalised": "",
        "organisation": "",
        "interpreter_language": "",
        "needs_step_free_access": False,
        "needs_hearing_loop": False,
        "needs_other": "",
    }
    for batch in _batched(ids, _BATCH):
        SignUp.objects.filter(pk__in=batch).update(
            **blank,
            token=Concat(Value("anonymised-"), Cast("pk", output_field=CharField())),
            anonymised_at=now,
        )
        SignUp.history.filter(id__in=batch).update(**blank, token="")
        emails = OutboundEmail.objects.filter(
            related_type=signup_type, related_id__in=[str(pk) for pk in batch]
        )
        emails.filter(
            status__in=[OutboundEmail.Status.QUEUED, OutboundEmail.Status.SENDING]
        ).update(status=OutboundEmail.Status.FAILED, last_error="Anonymised before sending.")
        emails.update(to_address="", body_text="", body_html="")
    return len(ids)


def event_personal_data_delete(
    *, event: Event, user=None, reason=SignUpErasure.Reason.RETENTION, now=None
) -> SignUpErasure | None:
    """Anonymise every attendee of one event and record that it was done (once)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.personal_data_deleted_at is not None:
            return None
        count = signups_anonymise(signups=locked.signups.all(), now=now)
        locked.personal_data_deleted_at = now
        record_history(locked, user=user, reason=_("Attendees' personal data deleted"))
        locked.save(update_fields=["personal_data_deleted_at", "updated_at"])
        erasure = SignUpErasure.objects.create(
            event=locked, reason=reason, signup_count=count, performed_at=now, performed_by=user
        )
    event.personal_data_deleted_at = locked.personal_data_deleted_at
    return erasure


def event_retention_run(*, today=None, now=None) -> int:
    """The daily scan: delete attendees' data of every event whose date has come.

    Also forgets rate-limit counters older than their window. Returns the number of events.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    window = datetime.timedelta(minutes=settings.EVENT_SIGNUP_RATE_WINDOW_MINUTES)
    SignUpAttempt.objects.filter(created_at__lt=now - window).delete()
    done = 0
    for event_id in Event.objects.due_for_anonymisation(today, now).values_list("pk", flat=True):
        event = Event.objects.filter(pk=event_id).first()
        if event is not None and event_personal_data_delete(event=event, now=now) is not None:
            done += 1
    return done


def person_data_export(*, email: str) -> dict:
    """Everything held about one e-mail address across all events, for a request for access."""
    signups = SignUp.objects.for_email(email).select_related("event").order_by("created_at")
    return {
        "email": email.strip(),
        "exported_at": timezone.now().isoformat(),
        "signups": [
            {
                "event": signup.event.title,
                "event_starts_at": signup.event.starts_at.isoformat(),
                "place": signup.event.place,
                "name": signup.name,
                "email": signup.email,
                "organisation": signup.organisation,
                "interpreter_language": signup.interpreter_language,
                "needs_step_free_access": signup.needs_step_free_access,
                "needs_hearing_loop": signup.needs_hearing_loop,
                "needs_other": signup.needs_other,
                "status": signup.status,
                "consent_at": signup.consent_at.isoformat(),
                "signed_up_at": signup.created_at.isoformat(),
                "cancelled_at": signup.cancelled_at.isoformat() if signup.cancelled_at else None,
                "checked_in_at": (
                    signup.checked_in_at.isoformat() if signup.checked_in_at else None
                ),
                "personal_data_delete_on": signup.event.personal_data_delete_on.isoformat(),
            }
            for signup in signups
        ],
    }


def person_data_erase(*, email: str, user, now=None) -> SignUpErasure:
    """Erase one person's data on request: cancel what is still ahead, then anonymise it all."""
    now = now or timezone.now()
    with transaction.atomic():
        upcoming = (
            SignUp.objects.for_email(email).active().filter(event__starts_at__gt=now).order_by("pk")
        )
        for signup in upcoming:
            signup_cancel(signup=signup, user=user, now=now)
        count = signups_anonymise(signups=SignUp.objects.for_email(email), now=now)
        return SignUpErasure.objects.create(
            reason=SignUpErasure.Reason.REQUEST,
            signup_count=count,
            performed_at=now,
            performed_by=user,
        )
